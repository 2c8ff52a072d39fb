using System.Diagnostics;

namespace EfficientAI.Telephony.Storage.Embedded;

/// <summary>
/// Runs one external program with an explicit argument list (never a shell string), awaits it and
/// captures both output streams.
/// </summary>
internal static class ToolProcess
{
    public static async Task<ToolResult> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        string? workingDirectory,
        CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (workingDirectory is not null)
        {
            // Tools run as the postgres user must not inherit a working directory it cannot enter (e.g. /root).
            startInfo.WorkingDirectory = workingDirectory;
        }

        var command = Describe(fileName, arguments);
        using var process = new Process { StartInfo = startInfo };
        try
        {
            if (!process.Start())
            {
                throw new EmbeddedPostgresException($"Could not start `{command}`.");
            }
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new EmbeddedPostgresException($"Could not start `{command}`: {ex.Message}", ex);
        }

        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return new ToolResult(
                command,
                process.ExitCode,
                await stdout.ConfigureAwait(false),
                await stderr.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            TryKill(process);
            throw;
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited between the cancellation and the kill.
        }
    }

    private static string Describe(string fileName, IReadOnlyList<string> arguments) =>
        arguments.Count == 0 ? fileName : fileName + " " + string.Join(' ', arguments.Select(Quote));

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(char.IsWhiteSpace) ? argument : "\"" + argument + "\"";
}
