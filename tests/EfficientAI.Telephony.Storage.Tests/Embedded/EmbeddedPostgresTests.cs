using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EfficientAI.Telephony.Storage.Embedded;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Storage.Tests.Embedded;

/// <summary>Real clusters from the machine's PostgreSQL binaries, each in a folder of its own.</summary>
public sealed class EmbeddedPostgresTests
{
    private static EmbeddedPostgresOptions In(ScratchFolder folder, int port = 0) =>
        new() { DataDirectory = folder.Combine("postgres"), Port = port };

    [Fact]
    public async Task StartAsync_OnAnEmptyFolder_CreatesTheClusterAndServesTheDatabaseOnLoopback()
    {
        using var folder = new ScratchFolder("start");
        var postgres = await EmbeddedPostgres.StartAsync(In(folder), NullLogger.Instance, CancellationToken.None);
        await using (postgres)
        {
            Assert.True(postgres.StartedServer);
            Assert.Equal("efficientai", await PostgresProbe.ScalarAsync<string>(postgres.ConnectionString, "SELECT current_database()"));
            Assert.Equal("127.0.0.1", await PostgresProbe.ScalarAsync<string>(postgres.ConnectionString, "SHOW listen_addresses"));
            Assert.Equal("UTF8", await PostgresProbe.ScalarAsync<string>(postgres.ConnectionString, "SHOW server_encoding"));
            Assert.Equal(
                postgres.Port.ToString(CultureInfo.InvariantCulture),
                await PostgresProbe.ScalarAsync<string>(postgres.ConnectionString, "SHOW port"));
            Assert.Equal(
                folder.Combine("postgres", "pgdata"),
                await PostgresProbe.ScalarAsync<string>(postgres.ConnectionString, "SHOW data_directory"));
            Assert.True(ProcessTable.IsAlive(postgres.ServerPid));
        }
    }

    [Fact]
    public async Task DisposeAsync_OfTheOnlyUser_StopsTheServer()
    {
        using var folder = new ScratchFolder("stop");
        var postgres = await EmbeddedPostgres.StartAsync(In(folder), NullLogger.Instance, CancellationToken.None);
        var pid = postgres.ServerPid;

        await postgres.DisposeAsync();

        Assert.False(ProcessTable.IsAlive(pid));
        Assert.False(File.Exists(Path.Combine(postgres.DataDirectory, "postmaster.pid")));
        Assert.False(await PostgresProbe.AnswersAsync(postgres.ConnectionString));
    }

    [Fact]
    public async Task StartAsync_WhenTheClusterAlreadyRuns_ReusesIt_AndOnlyTheLastUserStopsIt()
    {
        using var folder = new ScratchFolder("reuse");
        var first = await EmbeddedPostgres.StartAsync(In(folder), NullLogger.Instance, CancellationToken.None);
        var second = await EmbeddedPostgres.StartAsync(In(folder), NullLogger.Instance, CancellationToken.None);

        Assert.True(first.StartedServer);
        Assert.False(second.StartedServer);
        Assert.Equal(first.ServerPid, second.ServerPid);
        Assert.Equal(first.ConnectionString, second.ConnectionString);

        await first.DisposeAsync();
        Assert.True(await PostgresProbe.AnswersAsync(second.ConnectionString));

        await second.DisposeAsync();
        Assert.False(ProcessTable.IsAlive(second.ServerPid));
    }

    [Fact]
    public async Task StartAsync_TwoCallersAtOnce_ShareOneServer()
    {
        using var folder = new ScratchFolder("concurrent");
        var both = await Task.WhenAll(
            Task.Run(() => EmbeddedPostgres.StartAsync(In(folder), NullLogger.Instance, CancellationToken.None)),
            Task.Run(() => EmbeddedPostgres.StartAsync(In(folder), NullLogger.Instance, CancellationToken.None)));
        try
        {
            Assert.Single(both, postgres => postgres.StartedServer);
            Assert.Equal(both[0].ServerPid, both[1].ServerPid);
            Assert.True(await PostgresProbe.AnswersAsync(both[1].ConnectionString));
        }
        finally
        {
            await both[0].DisposeAsync();
            await both[1].DisposeAsync();
        }

        Assert.False(ProcessTable.IsAlive(both[0].ServerPid));
    }

    [Fact]
    public async Task StartAsync_WithAStalePidFileOfADeadProcess_RemovesItAndStarts()
    {
        using var folder = new ScratchFolder("stale-dead");
        await (await EmbeddedPostgres.StartAsync(In(folder), NullLogger.Instance, CancellationToken.None)).DisposeAsync();
        var deadPid = await PidOfAnExitedProcessAsync();
        var pidFile = Path.Combine(folder.Combine("postgres", "pgdata"), "postmaster.pid");
        await File.WriteAllTextAsync(pidFile, StalePidFile(deadPid));

        var logger = new RecordingLogger();
        var postgres = await EmbeddedPostgres.StartAsync(In(folder), logger, CancellationToken.None);
        await using (postgres)
        {
            Assert.True(postgres.StartedServer);
            Assert.NotEqual(deadPid, postgres.ServerPid);
            Assert.True(await PostgresProbe.AnswersAsync(postgres.ConnectionString));
            Assert.Contains(logger.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("stale", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task StartAsync_WithAPidFileWhosePidWasReusedByAnotherProcess_RemovesItAndStarts()
    {
        // PostgreSQL itself refuses to start over a pid file naming a live process; the PID of a crashed
        // server is often reused (containers restart with small PIDs). This test process plays that stranger.
        using var folder = new ScratchFolder("stale-live");
        await (await EmbeddedPostgres.StartAsync(In(folder), NullLogger.Instance, CancellationToken.None)).DisposeAsync();
        await File.WriteAllTextAsync(
            Path.Combine(folder.Combine("postgres", "pgdata"), "postmaster.pid"),
            StalePidFile(Environment.ProcessId));

        var postgres = await EmbeddedPostgres.StartAsync(In(folder), NullLogger.Instance, CancellationToken.None);
        await using (postgres)
        {
            Assert.True(postgres.StartedServer);
            Assert.NotEqual(Environment.ProcessId, postgres.ServerPid);
            Assert.True(await PostgresProbe.AnswersAsync(postgres.ConnectionString));
        }
    }

    [Fact]
    public async Task StartAsync_AfterInitdbWasKilledHalfWay_StartsOverWithAFreshCluster()
    {
        using var folder = new ScratchFolder("unfinished");
        var pgdata = folder.Combine("postgres", "pgdata");
        Directory.CreateDirectory(Path.Combine(pgdata, "base"));
        await File.WriteAllTextAsync(Path.Combine(pgdata, "postgresql.conf"), "# cut short\n");

        var postgres = await EmbeddedPostgres.StartAsync(In(folder), NullLogger.Instance, CancellationToken.None);
        await using (postgres)
        {
            Assert.True(File.Exists(Path.Combine(pgdata, "PG_VERSION")));
            Assert.True(await PostgresProbe.AnswersAsync(postgres.ConnectionString));
        }
    }

    [Fact]
    public async Task StartAsync_WithAFixedPort_ListensOnThatPort()
    {
        using var folder = new ScratchFolder("port");
        var port = FreePort();
        var postgres = await EmbeddedPostgres.StartAsync(In(folder, port), NullLogger.Instance, CancellationToken.None);
        await using (postgres)
        {
            Assert.Equal(port, postgres.Port);
            Assert.Contains($"Port={port}", postgres.ConnectionString, StringComparison.Ordinal);
            Assert.True(await PostgresProbe.AnswersAsync(postgres.ConnectionString));
        }
    }

    [Fact]
    public async Task StartAsync_WithAnotherDatabaseName_CreatesItOnce()
    {
        using var folder = new ScratchFolder("database");
        var options = new EmbeddedPostgresOptions { DataDirectory = folder.Combine("postgres"), Database = "call reports" };
        var first = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance, CancellationToken.None);
        await using (first)
        {
            var second = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance, CancellationToken.None);
            await using (second)
            {
                Assert.Equal("call reports", await PostgresProbe.ScalarAsync<string>(second.ConnectionString, "SELECT current_database()"));
                Assert.Equal(
                    1L,
                    await PostgresProbe.ScalarAsync<long>(
                        first.ConnectionStringFor("postgres"),
                        "SELECT count(*) FROM pg_database WHERE datname = 'call reports'"));
            }
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task StartAsync_AsRootUnderAFolderPostgresCannotEnter_MovesTheClusterUnderVarTmpAndSaysSo()
    {
        using var folder = new ScratchFolder("private");
        var privateParent = folder.Combine("root-only");
        Directory.CreateDirectory(privateParent);
        File.SetUnixFileMode(privateParent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var requested = Path.Combine(privateParent, "postgres");
        var logger = new RecordingLogger();

        var postgres = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = requested }, logger, CancellationToken.None);
        var relocated = ClusterLayout.RelocatedRoot(requested);
        try
        {
            await using (postgres)
            {
                Assert.True(await PostgresProbe.AnswersAsync(postgres.ConnectionString));
                if (Environment.IsPrivilegedProcess)
                {
                    Assert.Equal(Path.Combine(relocated, "pgdata"), postgres.DataDirectory);
                    Assert.StartsWith("/var/tmp/efficientai-postgres-", relocated, StringComparison.Ordinal);
                    Assert.False(Directory.Exists(requested));
                    Assert.Contains(logger.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains(relocated, StringComparison.Ordinal));
                }
                else
                {
                    // Not root: the server runs as us, and we can enter our own folders.
                    Assert.Equal(Path.Combine(requested, "pgdata"), postgres.DataDirectory);
                }
            }
        }
        finally
        {
            if (Directory.Exists(relocated))
            {
                Directory.Delete(relocated, recursive: true);
            }
        }
    }

    [Fact]
    public async Task StartAsync_WithABinDirectoryLackingTheServer_SaysHowToInstallIt()
    {
        using var folder = new ScratchFolder("nobin");
        var options = new EmbeddedPostgresOptions { DataDirectory = folder.Combine("postgres"), BinDirectory = folder.Path };

        var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(
            () => EmbeddedPostgres.StartAsync(options, NullLogger.Instance, CancellationToken.None));

        Assert.StartsWith(
            "PostgreSQL server binaries not found; install with apt-get install postgresql",
            error.Message,
            StringComparison.Ordinal);
    }

    private static async Task<int> PidOfAnExitedProcessAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return process.Id;
    }

    // The layout PostgreSQL 15 writes (src/include/utils/pidfile.h), for a server that died while ready.
    private static string StalePidFile(int pid) =>
        string.Create(CultureInfo.InvariantCulture, $"{pid}\n/nonexistent/pgdata\n1700000000\n5432\n/tmp\n127.0.0.1\n  5432001         0\nready   \n");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
