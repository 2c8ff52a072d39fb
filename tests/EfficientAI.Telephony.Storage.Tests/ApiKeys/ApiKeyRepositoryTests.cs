using EfficientAI.Telephony.Storage.ApiKeys;
using EfficientAI.Telephony.Storage.Tests.Embedded;
using EfficientAI.Telephony.TestKit.Postgres;
using Npgsql;

namespace EfficientAI.Telephony.Storage.Tests.ApiKeys;

public sealed class ApiKeyRepositoryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Created = new(2026, 11, 25, 1, 0, 0, TimeSpan.Zero);
    private NpgsqlDataSource? _dataSource;
    private string _connectionString = "";

    private ApiKeyRepository Keys => new(_dataSource!);

    public async Task InitializeAsync()
    {
        _connectionString = await postgres.CreateDatabaseAsync(nameof(ApiKeyRepositoryTests));
        _dataSource = NpgsqlDataSource.Create(_connectionString);
    }

    public async Task DisposeAsync() => await _dataSource!.DisposeAsync();

    [Fact]
    public async Task CreateAsync_ReturnsAKeyThatAuthenticates_AndStoresOnlyItsHash()
    {
        var created = await Keys.CreateAsync("ci", ApiKeyScope.Run, Created, CancellationToken.None);

        Assert.Matches("^eai_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", created.Key);
        Assert.Equal($"eai_{created.Record.Prefix}_", created.Key[..21]);
        var used = Created.AddMinutes(5);
        var authenticated = await Keys.AuthenticateAsync(created.Key, used, CancellationToken.None);
        Assert.NotNull(authenticated);
        Assert.Equal(created.Record.Id, authenticated.Id);
        Assert.Equal(ApiKeyScope.Run, authenticated.Scope);
        Assert.Equal(used, (await Keys.GetAsync(created.Record.Id, CancellationToken.None))!.LastUsedAt);

        var secret = created.Key[21..];
        Assert.Equal(0L, await PostgresProbe.ScalarAsync<long>(_connectionString, $"SELECT count(*) FROM api_keys WHERE position('{secret}' in name || prefix || scope || encode(key_hash, 'escape')) > 0"));
        Assert.Equal(32, await PostgresProbe.ScalarAsync<int>(_connectionString, $"SELECT octet_length(key_hash) FROM api_keys WHERE id = {created.Record.Id}"));
    }

    [Fact]
    public async Task AuthenticateAsync_RejectsAWrongSecretWithARealPrefix_AndMalformedKeys()
    {
        var created = await Keys.CreateAsync("wrong-secret", ApiKeyScope.Admin, Created, CancellationToken.None);
        var last = created.Key[^1] == 'A' ? 'B' : 'A';
        var tampered = created.Key[..^1] + last;

        Assert.Null(await Keys.AuthenticateAsync(tampered, Created, CancellationToken.None));
        Assert.Null(await Keys.AuthenticateAsync("", Created, CancellationToken.None));
        Assert.Null(await Keys.AuthenticateAsync(created.Key + "x", Created, CancellationToken.None));
        Assert.Null(await Keys.AuthenticateAsync(created.Key.Replace("eai_", "xyz_", StringComparison.Ordinal), Created, CancellationToken.None));
    }

    [Fact]
    public async Task RevokeAsync_StopsTheKeyAuthenticating_AndListShowsItRevoked()
    {
        var created = await Keys.CreateAsync("to-revoke", ApiKeyScope.Read, Created, CancellationToken.None);

        Assert.True(await Keys.RevokeAsync(created.Record.Id, Created.AddHours(1), CancellationToken.None));
        Assert.False(await Keys.RevokeAsync(created.Record.Id, Created.AddHours(2), CancellationToken.None));

        Assert.Null(await Keys.AuthenticateAsync(created.Key, Created.AddHours(3), CancellationToken.None));
        var listed = Assert.Single(await Keys.ListAsync(CancellationToken.None), k => k.Id == created.Record.Id);
        Assert.Equal(Created.AddHours(1), listed.RevokedAt);
        Assert.False(listed.Grants(ApiKeyScope.Read));
    }

    [Theory]
    [InlineData(ApiKeyScope.Read, ApiKeyScope.Read, true)]
    [InlineData(ApiKeyScope.Read, ApiKeyScope.Run, false)]
    [InlineData(ApiKeyScope.Run, ApiKeyScope.Read, true)]
    [InlineData(ApiKeyScope.Run, ApiKeyScope.Admin, false)]
    [InlineData(ApiKeyScope.Admin, ApiKeyScope.Run, true)]
    [InlineData(ApiKeyScope.Admin, ApiKeyScope.Admin, true)]
    public void Grants_ScopesNest(ApiKeyScope held, ApiKeyScope required, bool granted) =>
        Assert.Equal(granted, new ApiKeyRecord(1, "k", "p", held, Created, null, null).Grants(required));

    [Fact]
    public async Task TheDatabaseRejectsAnUnknownScope()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => PostgresProbe.ScalarAsync<long>(
            _connectionString,
            "INSERT INTO api_keys (name, prefix, key_hash, scope, created_at) VALUES ('x', 'abc', sha256('x'), 'root', now()) RETURNING id"));
        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }
}
