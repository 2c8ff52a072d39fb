using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Storage.Embedded;

/// <summary>
/// A private PostgreSQL cluster run from the machine's server binaries, on loopback only. Processes that
/// start the same data directory at once share one server: start-up happens under a lock file, a running
/// server is reused, and the server is stopped when the last of its users is disposed.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private readonly PostgresCluster _cluster;
    private readonly ClusterUsers _users;
    private readonly string _registration;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _lockTimeout;
    private readonly ILogger _logger;
    private int _disposed;

    private EmbeddedPostgres(
        PostgresCluster cluster,
        ClusterUsers users,
        string registration,
        int port,
        int serverPid,
        string database,
        bool startedServer,
        EmbeddedPostgresOptions options,
        ILogger logger)
    {
        _cluster = cluster;
        _users = users;
        _registration = registration;
        _timeProvider = options.TimeProvider;
        _lockTimeout = options.LockTimeout;
        _logger = logger;
        Port = port;
        ServerPid = serverPid;
        Database = database;
        StartedServer = startedServer;
        ConnectionString = PostgresCluster.ConnectionString(port, database);
    }

    /// <summary>Npgsql connection string of <see cref="Database"/> as the superuser <c>postgres</c>.</summary>
    public string ConnectionString { get; }

    public string Database { get; }

    public int Port { get; }

    /// <summary>Process id of the postmaster serving this cluster.</summary>
    public int ServerPid { get; }

    /// <summary>The PostgreSQL data directory (PGDATA) in use; may differ from the request, see the log.</summary>
    public string DataDirectory => _cluster.Layout.DataDirectory;

    /// <summary>True when this instance started the server, false when it joined one already running.</summary>
    public bool StartedServer { get; }

    /// <summary>Connection string of another database on the same server.</summary>
    public string ConnectionStringFor(string database) => PostgresCluster.ConnectionString(Port, database);

    public static async Task<EmbeddedPostgres> StartAsync(
        EmbeddedPostgresOptions options,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();

        var binaries = await PostgresBinaries.LocateAsync(options.BinDirectory, cancellationToken).ConfigureAwait(false);
        var account = await ServerAccount.ForCurrentProcessAsync(cancellationToken).ConfigureAwait(false);
        var layout = await ClusterLayout.ResolveAsync(options.DataDirectory, account, cancellationToken).ConfigureAwait(false);
        if (layout.IsRelocated)
        {
            EmbeddedPostgresLog.Relocated(logger, layout.RequestedRoot, layout.Root);
        }

        var cluster = new PostgresCluster(layout, account, binaries, options.TimeProvider, options.StartTimeout, logger);
        using var clusterLock = await ClusterLock.AcquireAsync(
                layout.LockFile, options.TimeProvider, options.LockTimeout, cancellationToken)
            .ConfigureAwait(false);

        var running = await cluster.FindRunningAsync(cancellationToken).ConfigureAwait(false);
        var startedServer = running is null;
        if (running is null)
        {
            await cluster.PrepareDirectoriesAsync(cancellationToken).ConfigureAwait(false);
            if (!cluster.IsInitialized)
            {
                await cluster.InitializeAsync(cancellationToken).ConfigureAwait(false);
            }

            running = await cluster.StartAsync(options.Port, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            EmbeddedPostgresLog.Reusing(logger, running.Port!.Value, running.Pid);
            if (options.Port != 0 && options.Port != running.Port)
            {
                EmbeddedPostgresLog.PortDiffers(logger, options.Port, running.Port.Value);
            }
        }

        var users = new ClusterUsers(layout.UsersDirectory);
        var instance = new EmbeddedPostgres(
            cluster,
            users,
            users.Register(),
            running.Port!.Value,
            running.Pid,
            options.Database,
            startedServer,
            options,
            logger);
        try
        {
            await cluster.EnsureDatabaseAsync(instance.Port, options.Database, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Exchange(ref instance._disposed, 1);
            await instance.LeaveAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return instance;
    }

    /// <summary>Leaves the cluster, and stops the server (<c>pg_ctl -m fast stop</c>) if no live user remains.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            using var clusterLock = await ClusterLock.AcquireAsync(
                    _cluster.Layout.LockFile, _timeProvider, _lockTimeout, CancellationToken.None)
                .ConfigureAwait(false);
            await LeaveAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is EmbeddedPostgresException or IOException or UnauthorizedAccessException)
        {
            // Disposal often runs in a finally block: report rather than hide the exception that got us there.
            EmbeddedPostgresLog.StopFailed(_logger, ex, DataDirectory);
        }
    }

    // The caller holds the cluster lock.
    private async Task LeaveAsync(CancellationToken cancellationToken)
    {
        _users.Unregister(_registration);
        var others = _users.CountLive();
        if (others > 0)
        {
            EmbeddedPostgresLog.LeftRunning(_logger, others);
            return;
        }

        await _cluster.StopAsync(cancellationToken).ConfigureAwait(false);
    }
}
