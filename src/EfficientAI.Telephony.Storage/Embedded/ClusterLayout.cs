using System.Security.Cryptography;
using System.Text;

namespace EfficientAI.Telephony.Storage.Embedded;

/// <summary>
/// Where a cluster's files live under its root: the PostgreSQL data directory itself (initdb wants it to
/// itself), the unix socket directory, the server log, and the launcher's lock file and user registry.
/// </summary>
internal sealed record ClusterLayout(string Root, string RequestedRoot)
{
    // Linux sun_path holds 108 bytes with the terminating NUL; the server appends "/.s.PGSQL.<port>".
    private const int MaxSocketDirectoryLength = 107 - 16;

    private const UnixFileMode Traversable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public string DataDirectory => Path.Combine(Root, "pgdata");

    public string SocketDirectory => Path.Combine(Root, "run");

    public string LogDirectory => Path.Combine(Root, "log");

    public string LogFile => Path.Combine(LogDirectory, "postgres.log");

    public string LockFile => Path.Combine(Root, "launcher.lock");

    public string UsersDirectory => Path.Combine(Root, "users");

    public bool IsRelocated => !string.Equals(Root, RequestedRoot, StringComparison.Ordinal);

    /// <summary>Whether a unix socket path in <see cref="SocketDirectory"/> fits the kernel's limit.</summary>
    public bool SocketDirectoryFits => Encoding.UTF8.GetByteCount(SocketDirectory) <= MaxSocketDirectoryLength;

    /// <summary>
    /// Picks the root for a requested data directory. The server account must be able to traverse every
    /// parent of the root; when it cannot (a root-run checkout under /root, say) the cluster moves to a folder
    /// under /var/tmp named by a hash of the requested path, so the same request always finds the same cluster.
    /// </summary>
    public static async Task<ClusterLayout> ResolveAsync(
        string requestedDirectory,
        ServerAccount account,
        CancellationToken cancellationToken)
    {
        var requested = Path.TrimEndingDirectorySeparator(Path.GetFullPath(requestedDirectory));
        var existing = DeepestExistingAncestor(requested);
        var root = await account.CanTraverseAsync(existing, cancellationToken).ConfigureAwait(false)
            ? requested
            : RelocatedRoot(requested);

        CreateTraversable(root);
        if (!await account.CanTraverseAsync(root, cancellationToken).ConfigureAwait(false))
        {
            throw new EmbeddedPostgresException(
                $"The user '{account.UserName}' cannot reach the data directory '{root}'; give it search permission on every parent folder.");
        }

        return new ClusterLayout(root, requested);
    }

    internal static string RelocatedRoot(string requested)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(requested)))[..16];
        var parent = Directory.Exists("/var/tmp") ? "/var/tmp" : Path.GetTempPath();
        return Path.Combine(parent, "efficientai-postgres-" + hash);
    }

    private static string DeepestExistingAncestor(string path)
    {
        var current = path;
        while (!Directory.Exists(current))
        {
            current = Path.GetDirectoryName(current) ?? Path.GetPathRoot(path) ?? "/";
        }

        return current;
    }

    // Folders we create get 0755 whatever the umask, so the server account can pass through them.
    private static void CreateTraversable(string root)
    {
        var missing = new Stack<string>();
        for (var current = root; !Directory.Exists(current); current = Path.GetDirectoryName(current)!)
        {
            missing.Push(current);
        }

        while (missing.TryPop(out var directory))
        {
            Directory.CreateDirectory(directory);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory, Traversable);
            }
        }
    }
}
