using EfficientAI.Telephony.Evaluation.Reports;
using EfficientAI.Telephony.Host.Running;
using EfficientAI.Telephony.Storage.ApiKeys;
using EfficientAI.Telephony.Storage.Calls;
using EfficientAI.Telephony.Storage.Runs;
using EfficientAI.Telephony.Storage.Embedded;
using EfficientAI.Telephony.Storage.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EfficientAI.Telephony.Host.Infrastructure;

/// <summary>
/// The PostgreSQL the results go to: ConnectionStrings:Postgres when configured, else the embedded cluster in the
/// data directory (started here, stopped on dispose). Migrations are applied before first use.
/// </summary>
internal sealed class ResultStore : IAsyncDisposable
{
    private readonly EmbeddedPostgres? _embedded;
    private readonly NpgsqlDataSource _dataSource;

    private ResultStore(EmbeddedPostgres? embedded, NpgsqlDataSource dataSource, string description)
    {
        _embedded = embedded;
        _dataSource = dataSource;
        Description = description;
        Calls = new CallRepository(dataSource);
        CallResults = new CallResultRepository(dataSource);
        Runs = new RunRepository(dataSource);
        ApiKeys = new ApiKeyRepository(dataSource);
    }

    public CallRepository Calls { get; }

    public CallResultRepository CallResults { get; }

    public RunRepository Runs { get; }

    public ApiKeyRepository ApiKeys { get; }

    /// <summary>
    /// Stores a finished call: its record, its assertion results and its rendered report, HTML report and JUnit XML
    /// (the evaluation they are drawn from is not kept), attached to <paramref name="runId"/> when given. Returns the id.
    /// </summary>
    public async Task<long> StoreAsync(CallRun run, long? runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var id = await Calls.InsertAsync(run.Record, cancellationToken).ConfigureAwait(false);
        var report = run.Report with { DbId = id };
        await CallResults.AttachAsync(
                id,
                runId,
                [.. report.Assertions.Select(a => new AssertionResultRecord(
                    a.Name,
                    a.Passed,
                    a.Measured,
                    a.Threshold,
                    a.Evidence is { } e ? e.Excerpt ?? $"{e.StartMs} ms – {e.EndMs} ms" : a.Detail))],
                new CallDocuments(report.ToJson(), HtmlReport.Write(run.Evaluation), JUnitReport.Write([run.Evaluation])),
                cancellationToken)
            .ConfigureAwait(false);
        return id;
    }

    /// <summary>True when the database answers a query.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            var command = _dataSource.CreateCommand("SELECT 1");
            await using (command.ConfigureAwait(false))
            {
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is 1;
            }
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    /// <summary>Where the data is, without credentials.</summary>
    public string Description { get; }

    public static async Task<ResultStore> OpenAsync(IConfiguration configuration, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger<ResultStore>();
        EmbeddedPostgres? embedded = null;
        string connectionString;
        string description;
        if (configuration.GetConnectionString("Postgres") is { Length: > 0 } configured)
        {
            connectionString = configured;
            var builder = new NpgsqlConnectionStringBuilder(configured);
            description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        }
        else
        {
            embedded = await EmbeddedPostgres.StartAsync(
                new EmbeddedPostgresOptions { DataDirectory = Path.Combine(HostPaths.DataDirectory, "postgres") },
                loggers.CreateLogger<EmbeddedPostgres>(),
                cancellationToken).ConfigureAwait(false);
            connectionString = embedded.ConnectionString;
            description = $"embedded PostgreSQL 127.0.0.1:{embedded.Port}/{embedded.Database} (data in {embedded.DataDirectory})";
        }

        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await Migrator.ApplyAsync(dataSource, logger, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            if (embedded is not null)
            {
                await embedded.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        return new ResultStore(embedded, dataSource, description);
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync().ConfigureAwait(false);
        }
    }
}
