using EfficientAI.Telephony.Storage.Migrations;
using EfficientAI.Telephony.Storage.Tests.Embedded;
using EfficientAI.Telephony.TestKit.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EfficientAI.Telephony.Storage.Tests.Migrations;

public sealed class MigratorTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task ApplyAsync_OnAnEmptyDatabase_AppliesEveryScriptAndRecordsIt()
    {
        var connectionString = await postgres.CreateEmptyDatabaseAsync("migrator_fresh");

        var applied = await Migrator.ApplyAsync(connectionString, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(MigrationScript.Embedded.Count, applied);
        Assert.Equal(
            string.Join(',', MigrationScript.Embedded.Select(script => $"{script.Version}:{script.Name}")),
            await PostgresProbe.ScalarAsync<string>(
                connectionString,
                "SELECT string_agg(version || ':' || name, ',' ORDER BY version) FROM schema_version"));
        Assert.Equal(
            "api_keys,assertion_results,call_documents,call_latencies,call_turns,calls,runs,schema_version,timeline_events",
            await PostgresProbe.ScalarAsync<string>(
                connectionString,
                "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    [Fact]
    public async Task ApplyAsync_RunAgain_AppliesNothing()
    {
        var connectionString = await postgres.CreateEmptyDatabaseAsync("migrator_again");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await Migrator.ApplyAsync(dataSource, NullLogger.Instance, CancellationToken.None);

        var second = await Migrator.ApplyAsync(dataSource, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(0, second);
        Assert.Equal(
            (long)MigrationScript.Embedded.Count,
            await PostgresProbe.ScalarAsync<long>(connectionString, "SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public async Task ApplyAsync_ByConcurrentCallers_AppliesEachScriptExactlyOnce()
    {
        var connectionString = await postgres.CreateEmptyDatabaseAsync("migrator_race");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        var counts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => Migrator.ApplyAsync(dataSource, NullLogger.Instance, CancellationToken.None))));

        Assert.Equal(MigrationScript.Embedded.Count, counts.Sum());
        Assert.Equal(3, counts.Count(count => count == 0));
        Assert.Equal(
            (long)MigrationScript.Embedded.Count,
            await PostgresProbe.ScalarAsync<long>(connectionString, "SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public async Task ApplyAsync_WithNewScripts_AppliesOnlyThoseNotYetRecorded()
    {
        var connectionString = await postgres.CreateEmptyDatabaseAsync("migrator_newer");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        MigrationScript first = new(1, "first", "CREATE TABLE first_table (id int)");
        MigrationScript second = new(2, "second", "CREATE TABLE second_table (id int); INSERT INTO first_table VALUES (7)");
        await Migrator.ApplyAsync(dataSource, [first], NullLogger.Instance, CancellationToken.None);

        var applied = await Migrator.ApplyAsync(dataSource, [first, second], NullLogger.Instance, CancellationToken.None);

        Assert.Equal(1, applied);
        Assert.Equal(7, await PostgresProbe.ScalarAsync<int>(connectionString, "SELECT id FROM first_table"));
        Assert.Equal(2, await PostgresProbe.ScalarAsync<int>(connectionString, "SELECT max(version) FROM schema_version"));
    }

    [Fact]
    public async Task ApplyAsync_WhenAScriptFails_LeavesTheDatabaseAsItWas()
    {
        var connectionString = await postgres.CreateEmptyDatabaseAsync("migrator_broken");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        MigrationScript good = new(1, "good", "CREATE TABLE good_table (id int)");
        MigrationScript broken = new(2, "broken", "CREATE TABLE broken_table (id int REFERENCES no_such_table (id))");

        var error = await Assert.ThrowsAsync<PostgresException>(
            () => Migrator.ApplyAsync(dataSource, [good, broken], NullLogger.Instance, CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.UndefinedTable, error.SqlState);
        Assert.Equal(
            0L,
            await PostgresProbe.ScalarAsync<long>(
                connectionString,
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"));
    }
}
