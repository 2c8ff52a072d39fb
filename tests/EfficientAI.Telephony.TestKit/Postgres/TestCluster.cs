using System.Globalization;
using EfficientAI.Telephony.Storage.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EfficientAI.Telephony.TestKit.Postgres;

/// <summary>
/// The one PostgreSQL server of a test run: the server named by <c>EFFICIENTAI_TEST_POSTGRES</c> when set,
/// else an embedded cluster in a temp folder of this process that is stopped and deleted at process exit.
/// </summary>
internal sealed class TestCluster
{
    public const string ServerVariable = "EFFICIENTAI_TEST_POSTGRES";

    private const string FolderPrefix = "efficientai-tests-";

    private static readonly Lazy<Task<TestCluster>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _adminConnectionString;

    private TestCluster(string adminConnectionString, bool isEmbedded)
    {
        _adminConnectionString = adminConnectionString;
        IsEmbedded = isEmbedded;
    }

    public bool IsEmbedded { get; }

    public static Task<TestCluster> GetAsync() => Shared.Value;

    /// <summary>Connection string of a database on this server, as the admin user.</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = database }.ConnectionString;

    /// <summary>A pool-less connection for CREATE/DROP DATABASE, which must not run inside a transaction.</summary>
    public NpgsqlConnection OpenAdminConnection() =>
        new(new NpgsqlConnectionStringBuilder(_adminConnectionString) { Pooling = false }.ConnectionString);

    private static async Task<TestCluster> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ServerVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new TestCluster(configured, isEmbedded: false);
        }

        await SweepLeftoversAsync().ConfigureAwait(false);

        var folder = Path.Combine(
            Path.GetTempPath(),
            string.Create(CultureInfo.InvariantCulture, $"{FolderPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}"));
        var postgres = await EmbeddedPostgres.StartAsync(
                new EmbeddedPostgresOptions { DataDirectory = folder },
                NullLogger.Instance,
                CancellationToken.None)
            .ConfigureAwait(false);

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // ProcessExit handlers are synchronous; this is the last thing the test process does.
            postgres.DisposeAsync().AsTask().GetAwaiter().GetResult();
            TryDelete(folder);
        };

        return new TestCluster(postgres.ConnectionString, isEmbedded: true);
    }

    /// <summary>
    /// A test process that was killed (a CI timeout, a debugger stop) leaves its cluster behind, possibly still
    /// running. Joining such a cluster and leaving it stops the server, since its only user is dead.
    /// </summary>
    private static async Task SweepLeftoversAsync()
    {
        var temp = Path.GetTempPath();
        foreach (var folder in Directory.EnumerateDirectories(temp, FolderPrefix + "*"))
        {
            var name = Path.GetFileName(folder)[FolderPrefix.Length..];
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0
                || !int.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || IsAlive(pid))
            {
                continue;
            }

            try
            {
                if (File.Exists(Path.Combine(folder, "pgdata", "postmaster.pid")))
                {
                    var orphan = await EmbeddedPostgres.StartAsync(
                            new EmbeddedPostgresOptions { DataDirectory = folder, Database = "postgres" },
                            NullLogger.Instance,
                            CancellationToken.None)
                        .ConfigureAwait(false);
                    await orphan.DisposeAsync().ConfigureAwait(false);
                }

                TryDelete(folder);
            }
            catch (EmbeddedPostgresException)
            {
                // Someone else's broken leftover must not fail this run; it stays for a person to look at.
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open (e.g. by a server that refused to stop) keeps the folder; nothing to do.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: the folder stays behind rather than failing the run at exit.
        }
    }
}
