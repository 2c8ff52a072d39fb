namespace EfficientAI.Telephony.Storage.Embedded;

/// <summary>The PostgreSQL server programs the launcher drives: initdb, pg_ctl and postgres of one version.</summary>
public sealed record PostgresBinaries(string BinDirectory)
{
    internal const string DebianRoot = "/usr/lib/postgresql";

    internal const string NotFoundMessage =
        "PostgreSQL server binaries not found; install with apt-get install postgresql";

    public string InitDb => Path.Combine(BinDirectory, "initdb");

    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    public string Postgres => Path.Combine(BinDirectory, "postgres");

    /// <summary>
    /// Finds the server programs: an explicit directory when given, else <c>pg_config --bindir</c>, else the
    /// newest version of the Debian layout <c>/usr/lib/postgresql/&lt;version&gt;/bin</c>.
    /// </summary>
    public static Task<PostgresBinaries> LocateAsync(string? binDirectory, CancellationToken cancellationToken) =>
        LocateAsync(binDirectory, "pg_config", DebianRoot, cancellationToken);

    internal static async Task<PostgresBinaries> LocateAsync(
        string? binDirectory,
        string pgConfig,
        string debianRoot,
        CancellationToken cancellationToken)
    {
        if (binDirectory is not null)
        {
            return IsComplete(binDirectory)
                ? new PostgresBinaries(Path.GetFullPath(binDirectory))
                : throw new EmbeddedPostgresException(
                    $"{NotFoundMessage} (the configured directory '{binDirectory}' lacks initdb, pg_ctl or postgres)");
        }

        var fromPgConfig = await AskPgConfigAsync(pgConfig, cancellationToken).ConfigureAwait(false);
        if (fromPgConfig is not null && IsComplete(fromPgConfig))
        {
            return new PostgresBinaries(fromPgConfig);
        }

        var newestDebian = NewestDebianBinDirectory(debianRoot);
        return newestDebian is not null
            ? new PostgresBinaries(newestDebian)
            : throw new EmbeddedPostgresException(NotFoundMessage);
    }

    private static async Task<string?> AskPgConfigAsync(string pgConfig, CancellationToken cancellationToken)
    {
        try
        {
            var result = await ToolProcess.RunAsync(pgConfig, ["--bindir"], null, cancellationToken)
                .ConfigureAwait(false);
            var directory = result.StandardOutput.Trim();
            return result.Succeeded && directory.Length > 0 ? directory : null;
        }
        catch (EmbeddedPostgresException)
        {
            // pg_config ships with libpq-dev, not the server package: its absence is not an error.
            return null;
        }
    }

    private static string? NewestDebianBinDirectory(string debianRoot)
    {
        if (!Directory.Exists(debianRoot))
        {
            return null;
        }

        return Directory.EnumerateDirectories(debianRoot)
            .Select(version => (Version: ParseMajor(Path.GetFileName(version)), Bin: Path.Combine(version, "bin")))
            .Where(candidate => candidate.Version is not null && IsComplete(candidate.Bin))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();
    }

    // Debian names the folders by major version ("15", "16"); before PostgreSQL 10 they were "9.6".
    private static Version? ParseMajor(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version)
            ? version
            : null;

    private static bool IsComplete(string directory) =>
        File.Exists(Path.Combine(directory, "initdb"))
        && File.Exists(Path.Combine(directory, "pg_ctl"))
        && File.Exists(Path.Combine(directory, "postgres"));
}
