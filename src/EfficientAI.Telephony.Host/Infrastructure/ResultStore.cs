using EfficientAI.Telephony.Storage.Calls;
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
    }

    public CallRepository Calls { get; }

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
