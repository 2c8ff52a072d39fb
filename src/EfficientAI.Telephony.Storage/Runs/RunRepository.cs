using Dapper;
using Npgsql;

namespace EfficientAI.Telephony.Storage.Runs;

/// <summary>queued → running → done | failed.</summary>
public static class RunStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
}

/// <summary>A request to run one dialplan (<see cref="CallsTotal"/> calls), and how far it got.</summary>
public sealed record RunRecord
{
    public long Id { get; init; }
    public required string DialplanName { get; init; }
    public required string DialplanHash { get; init; }
    public required string DialplanYaml { get; init; }
    public string? Target { get; init; }
    public string Status { get; init; } = RunStatus.Queued;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public long? RequestedBy { get; init; }
    public int CallsTotal { get; init; } = 1;
    public int CallsDone { get; init; }
    public int CallsPassed { get; init; }
    public string? Error { get; init; }
}

/// <summary>Stores runs and moves them through their states; every change is one statement.</summary>
public sealed class RunRepository(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        id AS Id, dialplan_name AS DialplanName, dialplan_hash AS DialplanHash, dialplan_yaml AS DialplanYaml,
        target AS Target, status AS Status, created_at AS CreatedAt, started_at AS StartedAt, finished_at AS FinishedAt,
        requested_by AS RequestedBy, calls_total AS CallsTotal, calls_done AS CallsDone, calls_passed AS CallsPassed,
        error AS Error
        """;

    public async Task<long> CreateAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return await WithConnection(c => c.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO runs (dialplan_name, dialplan_hash, dialplan_yaml, target, status, created_at, requested_by, calls_total)
                VALUES (@DialplanName, @DialplanHash, @DialplanYaml, @Target, 'queued', @CreatedAt, @RequestedBy, @CallsTotal)
                RETURNING id
                """,
                new { run.DialplanName, run.DialplanHash, run.DialplanYaml, run.Target, CreatedAt = run.CreatedAt.UtcDateTime, run.RequestedBy, run.CallsTotal },
                cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<RunRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var row = await WithConnection(c => c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM runs WHERE id = @id", new { id }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return row?.ToRecord();
    }

    /// <summary>Newest first; <paramref name="before"/> is the id of the last run of the previous page.</summary>
    public async Task<IReadOnlyList<RunRecord>> ListAsync(int limit, long? before, CancellationToken cancellationToken)
    {
        var rows = await WithConnection(c => c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM runs WHERE @before::bigint IS NULL OR id < @before ORDER BY id DESC LIMIT @limit",
            new { limit, before }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <summary>
    /// Takes the oldest queued run and marks it running, or returns null when none is queued. Concurrent workers
    /// never take the same run (FOR UPDATE SKIP LOCKED).
    /// </summary>
    public async Task<RunRecord?> ClaimNextAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await WithConnection(c => c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"""
            UPDATE runs SET status = 'running', started_at = @now
            WHERE id = (SELECT id FROM runs WHERE status = 'queued' ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING {Columns}
            """,
            new { now = now.UtcDateTime }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return row?.ToRecord();
    }

    /// <summary>Counts one finished call of a running run.</summary>
    public Task CallFinishedAsync(long id, bool passed, CancellationToken cancellationToken) =>
        WithConnection(c => c.ExecuteAsync(new CommandDefinition(
            "UPDATE runs SET calls_done = calls_done + 1, calls_passed = calls_passed + CASE WHEN @passed THEN 1 ELSE 0 END WHERE id = @id AND status = 'running'",
            new { id, passed }, cancellationToken: cancellationToken)), cancellationToken);

    public Task FinishAsync(long id, DateTimeOffset now, string? error, CancellationToken cancellationToken) =>
        WithConnection(c => c.ExecuteAsync(new CommandDefinition(
            "UPDATE runs SET status = CASE WHEN @error::text IS NULL THEN 'done' ELSE 'failed' END, finished_at = @now, error = @error WHERE id = @id",
            new { id, now = now.UtcDateTime, error }, cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>Ids of the calls placed by the run, in call order.</summary>
    public async Task<IReadOnlyList<long>> CallIdsAsync(long id, CancellationToken cancellationToken)
    {
        var ids = await WithConnection(c => c.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM calls WHERE run_id = @id ORDER BY id", new { id }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return [.. ids];
    }

    private async Task<T> WithConnection<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await work(connection).ConfigureAwait(false);
        }
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public string DialplanName { get; init; } = "";
        public string DialplanHash { get; init; } = "";
        public string DialplanYaml { get; init; } = "";
        public string? Target { get; init; }
        public string Status { get; init; } = "";
        public DateTime CreatedAt { get; init; }
        public DateTime? StartedAt { get; init; }
        public DateTime? FinishedAt { get; init; }
        public long? RequestedBy { get; init; }
        public int CallsTotal { get; init; }
        public int CallsDone { get; init; }
        public int CallsPassed { get; init; }
        public string? Error { get; init; }

        public RunRecord ToRecord() => new()
        {
            Id = Id,
            DialplanName = DialplanName,
            DialplanHash = DialplanHash,
            DialplanYaml = DialplanYaml,
            Target = Target,
            Status = Status,
            CreatedAt = Utc(CreatedAt),
            StartedAt = StartedAt is { } s ? Utc(s) : null,
            FinishedAt = FinishedAt is { } f ? Utc(f) : null,
            RequestedBy = RequestedBy,
            CallsTotal = CallsTotal,
            CallsDone = CallsDone,
            CallsPassed = CallsPassed,
            Error = Error,
        };

        private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero);
    }
}
