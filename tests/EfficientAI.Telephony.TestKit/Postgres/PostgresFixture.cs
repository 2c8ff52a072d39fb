using System.Text;
using EfficientAI.Telephony.Storage.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace EfficientAI.Telephony.TestKit.Postgres;

/// <summary>
/// Real PostgreSQL for tests: one server per test run (see <see cref="TestCluster"/>), and a fresh database
/// per test class from <see cref="CreateDatabaseAsync"/>, dropped when the class is done. Use it as
/// <c>IClassFixture&lt;PostgresFixture&gt;</c>.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    /// <summary>Environment variable holding a connection string of a server to use instead of the embedded one.</summary>
    public const string ServerVariable = TestCluster.ServerVariable;

    private readonly List<string> _databases = [];
    private readonly Lock _gate = new();
    private TestCluster? _cluster;

    /// <summary>True when the tests run against the embedded cluster rather than <see cref="ServerVariable"/>.</summary>
    public bool IsEmbedded => Cluster.IsEmbedded;

    private TestCluster Cluster =>
        _cluster ?? throw new InvalidOperationException("PostgresFixture is used before xunit initialized it.");

    public async Task InitializeAsync() => _cluster = await TestCluster.GetAsync().ConfigureAwait(false);

    /// <summary>Creates a database with every migration applied and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var connectionString = await CreateEmptyDatabaseAsync(prefix).ConfigureAwait(false);
        await Migrator.ApplyAsync(connectionString, NullLogger.Instance, CancellationToken.None).ConfigureAwait(false);
        return connectionString;
    }

    /// <summary>Creates a database without any migration (for testing migrations themselves).</summary>
    public async Task<string> CreateEmptyDatabaseAsync(string prefix)
    {
        var name = UniqueName(prefix);
        var connection = Cluster.OpenAdminConnection();
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await using (create.ConfigureAwait(false))
            {
                await create.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }

        lock (_gate)
        {
            _databases.Add(name);
        }

        return Cluster.ConnectionStringFor(name);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is null)
        {
            return;
        }

        string[] databases;
        lock (_gate)
        {
            databases = [.. _databases];
            _databases.Clear();
        }

        if (databases.Length == 0)
        {
            return;
        }

        var connection = Cluster.OpenAdminConnection();
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            foreach (var name in databases)
            {
                using (var pooled = new NpgsqlConnection(Cluster.ConnectionStringFor(name)))
                {
                    NpgsqlConnection.ClearPool(pooled);
                }

                // FORCE (PostgreSQL 13+) ends sessions a test left open, e.g. in an undisposed data source.
                var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                await using (drop.ConfigureAwait(false))
                {
                    await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
            }
        }
    }

    // Identifiers: lower-case letters, digits and underscores keep the name free of quoting surprises;
    // 63 bytes is PostgreSQL's identifier limit.
    private static string UniqueName(string prefix)
    {
        var name = new StringBuilder();
        foreach (var c in prefix.ToLowerInvariant())
        {
            name.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '_');
            if (name.Length == 40)
            {
                break;
            }
        }

        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            name.Insert(0, "db_");
        }

        return name.Append('_').Append(Guid.NewGuid().ToString("N")[..16]).ToString();
    }
}
