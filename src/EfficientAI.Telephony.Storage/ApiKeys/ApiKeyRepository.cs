using System.Security.Cryptography;
using Dapper;
using Npgsql;

namespace EfficientAI.Telephony.Storage.ApiKeys;

/// <summary>The access an API key grants; each scope includes the ones below it (admin ⊃ run ⊃ read).</summary>
public enum ApiKeyScope
{
    Read = 1,
    Run = 2,
    Admin = 3,
}

/// <summary>A stored key: everything but the secret, which is never kept.</summary>
public sealed record ApiKeyRecord(long Id, string Name, string Prefix, ApiKeyScope Scope, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public bool Grants(ApiKeyScope required) => RevokedAt is null && Scope >= required;
}

/// <summary>A key just created: <see cref="Key"/> is shown once and cannot be read back.</summary>
public sealed record CreatedApiKey(ApiKeyRecord Record, string Key);

/// <summary>
/// API keys as <c>eai_&lt;prefix&gt;_&lt;secret&gt;</c>: 8 random bytes of prefix (hex) to find the row, 32 random bytes of
/// secret (base64url). The row holds the SHA-256 of the whole key; keys are compared in constant time.
/// </summary>
public sealed class ApiKeyRepository(NpgsqlDataSource dataSource)
{
    public const string KeyPrefix = "eai_";

    public static string ScopeName(ApiKeyScope scope) => scope switch
    {
        ApiKeyScope.Read => "read",
        ApiKeyScope.Run => "run",
        ApiKeyScope.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "unknown API key scope"),
    };

    public static bool TryParseScope(string? text, out ApiKeyScope scope)
    {
        scope = text switch
        {
            "read" => ApiKeyScope.Read,
            "run" => ApiKeyScope.Run,
            "admin" => ApiKeyScope.Admin,
            _ => 0,
        };
        return scope != 0;
    }

    public async Task<CreatedApiKey> CreateAsync(string name, ApiKeyScope scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("an API key needs a name", nameof(name));
        }

        var scopeName = ScopeName(scope);
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = $"{KeyPrefix}{prefix}_{secret}";
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "INSERT INTO api_keys (name, prefix, key_hash, scope, created_at) VALUES (@name, @prefix, @hash, @scope, @now) RETURNING id",
                    new { name, prefix, hash = Hash(key), scope = scopeName, now = now.UtcDateTime },
                    cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            return new CreatedApiKey(new ApiKeyRecord(id, name, prefix, scope, now, null, null), key);
        }
    }

    /// <summary>The key's record when <paramref name="key"/> is a stored, unrevoked key; marks it used. Null otherwise.</summary>
    public async Task<ApiKeyRecord?> AuthenticateAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!TrySplit(key, out var prefix))
        {
            return null;
        }

        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                    Select + " WHERE prefix = @prefix AND revoked_at IS NULL", new { prefix }, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            if (row is null || !CryptographicOperations.FixedTimeEquals(row.KeyHash, Hash(key)))
            {
                return null;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE api_keys SET last_used_at = @now WHERE id = @id", new { id = row.Id, now = now.UtcDateTime }, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            return row.ToRecord() with { LastUsedAt = now };
        }
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<Row>(new CommandDefinition(Select + " ORDER BY id", cancellationToken: cancellationToken)).ConfigureAwait(false);
            return [.. rows.Select(r => r.ToRecord())];
        }
    }

    public async Task<ApiKeyRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + " WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row?.ToRecord();
        }
    }

    /// <summary>Revokes the key; false when there is no such key or it was already revoked.</summary>
    public async Task<bool> RevokeAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE api_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL", new { id, now = now.UtcDateTime }, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            return changed == 1;
        }
    }

    internal static byte[] Hash(string key) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key));

    private static bool TrySplit(string key, out string prefix)
    {
        prefix = "";
        if (key.Length != KeyPrefix.Length + 16 + 1 + 43 || !key.StartsWith(KeyPrefix, StringComparison.Ordinal) || key[KeyPrefix.Length + 16] != '_')
        {
            return false;
        }

        prefix = key.Substring(KeyPrefix.Length, 16);
        return true;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private const string Select = """
        SELECT id AS Id, name AS Name, prefix AS Prefix, key_hash AS KeyHash, scope AS Scope,
               created_at AS CreatedAt, last_used_at AS LastUsedAt, revoked_at AS RevokedAt
        FROM api_keys
        """;

    private sealed class Row
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Prefix { get; init; } = "";
        public byte[] KeyHash { get; init; } = [];
        public string Scope { get; init; } = "";
        public DateTime CreatedAt { get; init; }
        public DateTime? LastUsedAt { get; init; }
        public DateTime? RevokedAt { get; init; }

        public ApiKeyRecord ToRecord() => new(
            Id,
            Name,
            Prefix,
            TryParseScope(Scope, out var scope) ? scope : throw new InvalidOperationException($"api_keys row {Id} has unknown scope '{Scope}'"),
            Utc(CreatedAt),
            LastUsedAt is { } used ? Utc(used) : null,
            RevokedAt is { } revoked ? Utc(revoked) : null);
    }

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero);
}
