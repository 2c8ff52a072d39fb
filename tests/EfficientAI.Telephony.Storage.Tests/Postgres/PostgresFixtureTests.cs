using EfficientAI.Telephony.Storage.Calls;
using EfficientAI.Telephony.Storage.Tests.Calls;
using EfficientAI.Telephony.Storage.Tests.Embedded;
using EfficientAI.Telephony.TestKit.Postgres;
using Npgsql;

namespace EfficientAI.Telephony.Storage.Tests.Postgres;

public sealed class PostgresFixtureTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task CreateDatabaseAsync_GivesEachCallerADatabaseOfItsOwn()
    {
        var first = await postgres.CreateDatabaseAsync("isolation");
        var second = await postgres.CreateDatabaseAsync("isolation");
        await using var firstSource = NpgsqlDataSource.Create(first);
        await using var secondSource = NpgsqlDataSource.Create(second);

        await new CallRepository(firstSource).InsertAsync(CallRecords.Answered(), CancellationToken.None);

        Assert.NotEqual(
            await PostgresProbe.ScalarAsync<string>(first, "SELECT current_database()"),
            await PostgresProbe.ScalarAsync<string>(second, "SELECT current_database()"));
        Assert.Equal(1, await new CallRepository(firstSource).CountAsync(CancellationToken.None));
        Assert.Equal(0, await new CallRepository(secondSource).CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CreateDatabaseAsync_AppliesTheMigrations()
    {
        var connectionString = await postgres.CreateDatabaseAsync("migrated");

        Assert.Equal(1, await PostgresProbe.ScalarAsync<int>(connectionString, "SELECT min(version) FROM schema_version"));
    }

    [Fact]
    public async Task CreateDatabaseAsync_NamesTheDatabaseAfterThePrefix_InSafeIdentifierCharacters()
    {
        var connectionString = await postgres.CreateEmptyDatabaseAsync("Calls: Round-Trip!");

        var name = await PostgresProbe.ScalarAsync<string>(connectionString, "SELECT current_database()");

        Assert.Matches("^calls__round_trip__[0-9a-f]{16}$", name);
    }

    [Fact]
    public async Task DisposeAsync_DropsTheDatabasesItCreated_EvenWithSessionsLeftOpen()
    {
        var fixture = new PostgresFixture();
        await fixture.InitializeAsync();
        var connectionString = await fixture.CreateDatabaseAsync("dropped");
        var name = await PostgresProbe.ScalarAsync<string>(connectionString, "SELECT current_database()");
        await using var leftOpen = new NpgsqlConnection(connectionString);
        await leftOpen.OpenAsync();

        await fixture.DisposeAsync();

        var survivor = await postgres.CreateEmptyDatabaseAsync("survivor");
        Assert.Equal(
            0L,
            await PostgresProbe.ScalarAsync<long>(survivor, $"SELECT count(*) FROM pg_database WHERE datname = '{name}'"));
    }

    [Fact]
    public async Task TheServer_IsOneClusterForTheWholeRun()
    {
        var fixture = new PostgresFixture();
        await fixture.InitializeAsync();
        try
        {
            var mine = await postgres.CreateEmptyDatabaseAsync("same_server_a");
            var theirs = await fixture.CreateEmptyDatabaseAsync("same_server_b");

            Assert.Equal(
                await PostgresProbe.ScalarAsync<string>(mine, "SHOW data_directory"),
                await PostgresProbe.ScalarAsync<string>(theirs, "SHOW data_directory"));
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
