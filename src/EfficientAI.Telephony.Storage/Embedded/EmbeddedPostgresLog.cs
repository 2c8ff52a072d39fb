using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Storage.Embedded;

/// <summary>Every log line of the embedded PostgreSQL launcher, in one place.</summary>
internal static partial class EmbeddedPostgresLog
{
    [LoggerMessage(1, LogLevel.Warning,
        "The postgres user cannot reach {RequestedDirectory}; the cluster lives in {ActualDirectory} instead")]
    public static partial void Relocated(ILogger logger, string requestedDirectory, string actualDirectory);

    [LoggerMessage(2, LogLevel.Information, "Creating a PostgreSQL cluster in {DataDirectory} with {InitDb}")]
    public static partial void Initializing(ILogger logger, string dataDirectory, string initDb);

    [LoggerMessage(3, LogLevel.Warning, "Removing an unfinished cluster in {DataDirectory} (no PG_VERSION) before initdb")]
    public static partial void RemovingUnfinishedCluster(ILogger logger, string dataDirectory);

    [LoggerMessage(4, LogLevel.Warning, "Removing stale {PidFile}: process {Pid} is not this cluster's postmaster")]
    public static partial void RemovingStalePidFile(ILogger logger, string pidFile, int pid);

    [LoggerMessage(5, LogLevel.Information, "Reusing the PostgreSQL server already running on port {Port} (pid {Pid})")]
    public static partial void Reusing(ILogger logger, int port, int pid);

    [LoggerMessage(6, LogLevel.Information, "Started PostgreSQL on 127.0.0.1:{Port} from {DataDirectory}")]
    public static partial void Started(ILogger logger, int port, string dataDirectory);

    [LoggerMessage(7, LogLevel.Warning, "Port {Port} was taken before PostgreSQL could bind it; trying another")]
    public static partial void PortTaken(ILogger logger, int port);

    [LoggerMessage(8, LogLevel.Information, "Created database {Database}")]
    public static partial void CreatedDatabase(ILogger logger, string database);

    [LoggerMessage(9, LogLevel.Information, "Stopped PostgreSQL in {DataDirectory}")]
    public static partial void Stopped(ILogger logger, string dataDirectory);

    [LoggerMessage(10, LogLevel.Debug, "Leaving PostgreSQL running for {Users} other user(s)")]
    public static partial void LeftRunning(ILogger logger, int users);

    [LoggerMessage(11, LogLevel.Error, "Could not stop PostgreSQL in {DataDirectory}")]
    public static partial void StopFailed(ILogger logger, Exception exception, string dataDirectory);

    [LoggerMessage(12, LogLevel.Warning,
        "Socket folder {SocketDirectory} is too long for a unix socket path; the server listens on TCP only")]
    public static partial void SocketPathTooLong(ILogger logger, string socketDirectory);

    [LoggerMessage(13, LogLevel.Warning, "Asked for port {RequestedPort} but the running server listens on {Port}")]
    public static partial void PortDiffers(ILogger logger, int requestedPort, int port);
}
