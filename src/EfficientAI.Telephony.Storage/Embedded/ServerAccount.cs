namespace EfficientAI.Telephony.Storage.Embedded;

/// <summary>
/// The operating-system account the server programs run as. PostgreSQL refuses to run as root, so a root
/// launcher runs initdb, pg_ctl and the server as the <c>postgres</c> system user that the Debian package
/// creates, through <c>runuser</c> (or <c>setpriv</c>); anyone else runs them as themselves.
/// </summary>
internal sealed class ServerAccount
{
    public const string PostgresUser = "postgres";

    private static readonly string[] RunuserCandidates = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"];
    private static readonly string[] SetprivCandidates = ["/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv"];

    private readonly string? _switcher;
    private readonly string[] _switchArguments;

    private ServerAccount(string? userName, string? switcher, string[] switchArguments)
    {
        UserName = userName;
        _switcher = switcher;
        _switchArguments = switchArguments;
    }

    /// <summary>The account switched to, or null when tools run as the current user.</summary>
    public string? UserName { get; }

    public bool SwitchesUser => UserName is not null;

    public static async Task<ServerAccount> ForCurrentProcessAsync(CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows() || !Environment.IsPrivilegedProcess)
        {
            return new ServerAccount(null, null, []);
        }

        var id = await ToolProcess.RunAsync("id", ["-u", PostgresUser], null, cancellationToken).ConfigureAwait(false);
        if (!id.Succeeded)
        {
            throw new EmbeddedPostgresException(
                $"PostgreSQL refuses to run as root and the '{PostgresUser}' system user does not exist; " +
                "install the server with apt-get install postgresql (it creates the user) or run as another user.");
        }

        var runuser = RunuserCandidates.FirstOrDefault(File.Exists);
        if (runuser is not null)
        {
            return new ServerAccount(PostgresUser, runuser, ["-u", PostgresUser, "--"]);
        }

        var setpriv = SetprivCandidates.FirstOrDefault(File.Exists);
        if (setpriv is not null)
        {
            return new ServerAccount(
                PostgresUser,
                setpriv,
                [$"--reuid={PostgresUser}", $"--regid={PostgresUser}", "--init-groups", "--"]);
        }

        throw new EmbeddedPostgresException(
            "Running as root needs runuser or setpriv (package util-linux) to start PostgreSQL as the postgres user.");
    }

    /// <summary>Runs a server program as this account, in a working directory the account can enter.</summary>
    public Task<ToolResult> RunAsync(
        string program,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        CancellationToken cancellationToken)
    {
        if (_switcher is null)
        {
            return ToolProcess.RunAsync(program, arguments, workingDirectory, cancellationToken);
        }

        return ToolProcess.RunAsync(_switcher, [.. _switchArguments, program, .. arguments], workingDirectory, cancellationToken);
    }

    /// <summary>True when this account can reach (search) the directory, asked of the kernel as that account.</summary>
    public async Task<bool> CanTraverseAsync(string directory, CancellationToken cancellationToken)
    {
        if (!SwitchesUser)
        {
            return true;
        }

        var result = await RunAsync("test", ["-x", directory], "/", cancellationToken).ConfigureAwait(false);
        return result.Succeeded;
    }

    /// <summary>Hands directories the server writes to over to this account.</summary>
    public async Task TakeOwnershipAsync(IReadOnlyList<string> directories, CancellationToken cancellationToken)
    {
        if (!SwitchesUser)
        {
            return;
        }

        var result = await ToolProcess.RunAsync(
                "chown",
                [$"{UserName}:", .. directories],
                null,
                cancellationToken)
            .ConfigureAwait(false);
        result.EnsureSuccess("Giving the data directory to the postgres user");
    }
}
