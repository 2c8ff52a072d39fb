namespace EfficientAI.Telephony.Storage.Embedded;

/// <summary>How to run the private PostgreSQL cluster; see "Embedded defaults" in ARCHITECTURE.md.</summary>
public sealed class EmbeddedPostgresOptions
{
    /// <summary>Folder that holds the cluster (e.g. <c>.data/postgres</c> under the repository).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Database created on first start; the connection string points at it.</summary>
    public string Database { get; init; } = "efficientai";

    /// <summary>Loopback TCP port; 0 picks a free one. A cluster already running keeps the port it has.</summary>
    public int Port { get; init; }

    /// <summary>Folder holding initdb, pg_ctl and postgres; null finds them (pg_config, then Debian's layout).</summary>
    public string? BinDirectory { get; init; }

    /// <summary>How long the server may take to start, or to stop.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for another process that is starting or stopping the same cluster.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("EmbeddedPostgresOptions.DataDirectory must name a folder.", nameof(DataDirectory));
        }

        // PostgreSQL truncates identifiers to NAMEDATALEN - 1 = 63 bytes.
        if (string.IsNullOrEmpty(Database) || System.Text.Encoding.UTF8.GetByteCount(Database) > 63)
        {
            throw new ArgumentException(
                $"EmbeddedPostgresOptions.Database '{Database}' must be 1 to 63 bytes long.", nameof(Database));
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "EmbeddedPostgresOptions.Port must be 0 (any free port) to 65535.");
        }

        if (StartTimeout <= TimeSpan.Zero || LockTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("EmbeddedPostgresOptions timeouts must be positive.");
        }
    }
}
