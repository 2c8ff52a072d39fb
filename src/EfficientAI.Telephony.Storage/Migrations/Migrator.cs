using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EfficientAI.Telephony.Storage.Migrations;

/// <summary>
/// Brings a database to the schema of this build by running the embedded numbered SQL scripts it has not
/// run yet, all in one transaction, and recording each in <c>schema_version</c>.
/// </summary>
public static class Migrator
{
    // Any fixed 64-bit key: every migrator of every process takes the same one ("EAIMIG" in ASCII).
    private const long AdvisoryLockKey = 0x4541_494D_4947;

    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version     integer     PRIMARY KEY,
            name        text        NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now()
        )
        """;

    /// <summary>Applies the missing migrations; returns how many were applied (0 when already current).</summary>
    public static async Task<int> ApplyAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (dataSource.ConfigureAwait(false))
        {
            return await ApplyAsync(dataSource, logger, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Applies the missing migrations; returns how many were applied (0 when already current).</summary>
    public static Task<int> ApplyAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken) =>
        ApplyAsync(dataSource, MigrationScript.Embedded, logger, cancellationToken);

    internal static async Task<int> ApplyAsync(
        NpgsqlDataSource dataSource,
        IReadOnlyList<MigrationScript> scripts,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(logger);
        scripts = MigrationScript.InOrder(scripts);

        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Concurrent migrators queue here; the lock is released with the transaction, so the next one
                // sees the versions this one committed and has nothing left to do.
                await connection.ExecuteAsync(new CommandDefinition(
                        "SELECT pg_advisory_xact_lock(@Key)",
                        new { Key = AdvisoryLockKey },
                        transaction,
                        cancellationToken: cancellationToken))
                    .ConfigureAwait(false);
                await connection.ExecuteAsync(new CommandDefinition(
                        CreateVersionTable, transaction: transaction, cancellationToken: cancellationToken))
                    .ConfigureAwait(false);

                var applied = (await connection.QueryAsync<int>(new CommandDefinition(
                            "SELECT version FROM schema_version",
                            transaction: transaction,
                            cancellationToken: cancellationToken))
                        .ConfigureAwait(false))
                    .ToHashSet();

                var count = 0;
                foreach (var script in scripts.Where(script => !applied.Contains(script.Version)))
                {
                    MigratorLog.Applying(logger, script.Version, script.Name);
                    await connection.ExecuteAsync(new CommandDefinition(
                            script.Sql, transaction: transaction, cancellationToken: cancellationToken))
                        .ConfigureAwait(false);
                    await connection.ExecuteAsync(new CommandDefinition(
                            "INSERT INTO schema_version (version, name) VALUES (@Version, @Name)",
                            new { script.Version, script.Name },
                            transaction,
                            cancellationToken: cancellationToken))
                        .ConfigureAwait(false);
                    applied.Add(script.Version);
                    count++;
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

                var known = scripts.Count == 0 ? 0 : scripts[^1].Version;
                var current = applied.Count == 0 ? 0 : applied.Max();
                if (current > known)
                {
                    MigratorLog.DatabaseIsNewer(logger, current, known);
                }

                MigratorLog.Done(logger, current, count);
                return count;
            }
        }
    }
}
