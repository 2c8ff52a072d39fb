using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EfficientAI.Telephony.Storage.Embedded;

/// <summary>
/// One cluster on disk and the server that may be running on it: initdb, start, stop and "is it answering".
/// Callers hold the <see cref="ClusterLock"/> around each operation.
/// </summary>
internal sealed class PostgresCluster(
    ClusterLayout layout,
    ServerAccount account,
    PostgresBinaries binaries,
    TimeProvider timeProvider,
    TimeSpan timeout,
    ILogger logger)
{
    public const string SuperUser = "postgres";

    private const string LauncherConfigFile = "efficientai.conf";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public ClusterLayout Layout => layout;

    public bool IsInitialized => File.Exists(Path.Combine(layout.DataDirectory, "PG_VERSION"));

    public static string ConnectionString(int port, string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = port,
            Username = SuperUser,
            Database = database,
        }.ConnectionString;

    // Launcher housekeeping opens one connection at a time and must leave no idle pool behind.
    private static string UnpooledConnectionString(int port, string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString(port, database)) { Pooling = false, Timeout = 5 }.ConnectionString;

    /// <summary>Creates the folders the server writes to and hands them to the server account.</summary>
    public async Task PrepareDirectoriesAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(layout.DataDirectory)
            && !IsInitialized
            && Directory.EnumerateFileSystemEntries(layout.DataDirectory).Any())
        {
            // initdb was killed half way (it cleans up after its own failures, not after SIGKILL).
            EmbeddedPostgresLog.RemovingUnfinishedCluster(logger, layout.DataDirectory);
            Directory.Delete(layout.DataDirectory, recursive: true);
        }

        Directory.CreateDirectory(layout.DataDirectory);
        Directory.CreateDirectory(layout.SocketDirectory);
        Directory.CreateDirectory(layout.LogDirectory);
        await account.TakeOwnershipAsync(
                [layout.DataDirectory, layout.SocketDirectory, layout.LogDirectory],
                cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        EmbeddedPostgresLog.Initializing(logger, layout.DataDirectory, binaries.InitDb);

        // Trust is safe only because pg_hba.conf from initdb lists nothing but the unix socket and loopback
        // addresses, and the server listens on 127.0.0.1 alone (listen_addresses below).
        var result = await account.RunAsync(
                binaries.InitDb,
                [
                    "--pgdata=" + layout.DataDirectory,
                    "--username=" + SuperUser,
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--no-locale",
                ],
                layout.Root,
                cancellationToken)
            .ConfigureAwait(false);
        result.EnsureSuccess($"Creating the PostgreSQL cluster in '{layout.DataDirectory}'");

        await File.AppendAllTextAsync(
                Path.Combine(layout.DataDirectory, "postgresql.conf"),
                $"\n# EfficientAI embedded launcher: loopback-only settings, rewritten at every start.\ninclude_if_exists = '{LauncherConfigFile}'\n",
                cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for a server recorded in the pid file to answer, and returns its port; null when no server of
    /// this cluster runs. A pid file whose process is not this cluster's postmaster is stale and removed.
    /// </summary>
    public async Task<PostmasterPidFile?> FindRunningAsync(CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        while (true)
        {
            var pidFile = PostmasterPidFile.TryRead(layout.DataDirectory);
            if (pidFile is null)
            {
                return null;
            }

            if (!ProcessTable.IsPostmasterOf(pidFile, layout.DataDirectory))
            {
                EmbeddedPostgresLog.RemovingStalePidFile(logger, PostmasterPidFile.PathIn(layout.DataDirectory), pidFile.Pid);
                File.Delete(PostmasterPidFile.PathIn(layout.DataDirectory));
                return null;
            }

            if (pidFile is { IsReady: true, Port: int port }
                && await AnswersAsync(port, cancellationToken).ConfigureAwait(false))
            {
                return pidFile;
            }

            if (timeProvider.GetElapsedTime(started) > timeout)
            {
                throw new EmbeddedPostgresException(
                    $"PostgreSQL (pid {pidFile.Pid}) in '{layout.DataDirectory}' is running but did not accept connections within {timeout.TotalSeconds:0} s (status '{pidFile.Status}'). {LogTail()}");
            }

            await Task.Delay(PollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts the server with <c>pg_ctl -w</c> and returns its pid file once it answers.</summary>
    public async Task<PostmasterPidFile> StartAsync(int requestedPort, CancellationToken cancellationToken)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = requestedPort != 0 ? requestedPort : FreeLoopbackPort();
            await WriteLauncherConfigAsync(port, cancellationToken).ConfigureAwait(false);
            var logLength = LogLength();
            var result = await account.RunAsync(
                    binaries.PgCtl,
                    [
                        "--pgdata=" + layout.DataDirectory,
                        "--log=" + layout.LogFile,
                        "--wait",
                        "--timeout=" + ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
                        "start",
                    ],
                    layout.Root,
                    cancellationToken)
                .ConfigureAwait(false);

            if (!result.Succeeded)
            {
                var log = LogSince(logLength);

                // A free port we picked can be taken by someone else before the server binds it.
                if (requestedPort == 0 && attempt < attempts && log.Contains("could not bind", StringComparison.Ordinal))
                {
                    EmbeddedPostgresLog.PortTaken(logger, port);
                    continue;
                }

                throw new EmbeddedPostgresException(
                    $"Starting PostgreSQL in '{layout.DataDirectory}' failed: `{result.Command}` exited with code {result.ExitCode}: {result.StandardError.Trim()} Server log: {log.Trim()}");
            }

            var running = await FindRunningAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new EmbeddedPostgresException(
                    $"pg_ctl reported PostgreSQL started in '{layout.DataDirectory}' but it is not running. {LogTail()}");
            EmbeddedPostgresLog.Started(logger, running.Port ?? port, layout.DataDirectory);
            return running;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var result = await account.RunAsync(
                binaries.PgCtl,
                [
                    "--pgdata=" + layout.DataDirectory,
                    "--mode=fast",
                    "--wait",
                    "--timeout=" + ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
                    "stop",
                ],
                layout.Root,
                cancellationToken)
            .ConfigureAwait(false);

        // pg_ctl fails when the server was already gone; that is the state we wanted.
        var pidFile = PostmasterPidFile.TryRead(layout.DataDirectory);
        if (!result.Succeeded && pidFile is not null && ProcessTable.IsPostmasterOf(pidFile, layout.DataDirectory))
        {
            result.EnsureSuccess($"Stopping PostgreSQL in '{layout.DataDirectory}'");
        }

        EmbeddedPostgresLog.Stopped(logger, layout.DataDirectory);
    }

    public async Task EnsureDatabaseAsync(int port, string database, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(UnpooledConnectionString(port, "postgres"));
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
            {
                Parameters = { new NpgsqlParameter { Value = database } },
            };
            await using (exists.ConfigureAwait(false))
            {
                if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
                {
                    return;
                }
            }

            // CREATE DATABASE takes no parameters; the name is quoted as an identifier instead.
            var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(database)}", connection);
            await using (create.ConfigureAwait(false))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        EmbeddedPostgresLog.CreatedDatabase(logger, database);
    }

    internal static string QuoteIdentifier(string identifier) =>
        "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private async Task<bool> AnswersAsync(int port, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(UnpooledConnectionString(port, "postgres"));
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (NpgsqlException)
            {
                return false;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }

    private async Task WriteLauncherConfigAsync(int port, CancellationToken cancellationToken)
    {
        string sockets;
        if (layout.SocketDirectoryFits)
        {
            sockets = layout.SocketDirectory;
        }
        else
        {
            EmbeddedPostgresLog.SocketPathTooLong(logger, layout.SocketDirectory);
            sockets = string.Empty;
        }

        var config = string.Create(
            CultureInfo.InvariantCulture,
            $"""
            # Written by the EfficientAI embedded launcher before every start; edits are overwritten.
            listen_addresses = '127.0.0.1'
            port = {port}
            unix_socket_directories = '{sockets.Replace("'", "''", StringComparison.Ordinal)}'

            """);
        await File.WriteAllTextAsync(Path.Combine(layout.DataDirectory, LauncherConfigFile), config, cancellationToken)
            .ConfigureAwait(false);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private long LogLength() => File.Exists(layout.LogFile) ? new FileInfo(layout.LogFile).Length : 0;

    private string LogSince(long offset)
    {
        if (!File.Exists(layout.LogFile))
        {
            return string.Empty;
        }

        using var stream = new FileStream(layout.LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private string LogTail()
    {
        var text = LogSince(Math.Max(0, LogLength() - 2000));
        return text.Length == 0 ? string.Empty : "Server log ends: " + text.Trim();
    }
}
