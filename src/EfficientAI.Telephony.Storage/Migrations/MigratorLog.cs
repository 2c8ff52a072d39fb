using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Storage.Migrations;

/// <summary>Every log line of <see cref="Migrator"/>, in one place.</summary>
internal static partial class MigratorLog
{
    [LoggerMessage(101, LogLevel.Information, "Applying migration {Version:0000} {Name}")]
    public static partial void Applying(ILogger logger, int version, string name);

    [LoggerMessage(102, LogLevel.Information, "Database schema is at version {Version}; applied {Count} migration(s)")]
    public static partial void Done(ILogger logger, int version, int count);

    [LoggerMessage(103, LogLevel.Warning,
        "Database schema version {DatabaseVersion} is newer than this build knows ({KnownVersion}); a newer release migrated it")]
    public static partial void DatabaseIsNewer(ILogger logger, int databaseVersion, int knownVersion);
}
