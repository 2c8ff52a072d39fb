using System.Diagnostics;

namespace EfficientAI.Telephony.Providers.Tts;

/// <summary>Runs a synthesiser to completion without a shell; cancellation kills it.</summary>
internal static class EngineProcess
{
    public static async Task RunAsync(string executable, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        process.Start();
        process.StandardInput.Close();

        // Both pipes are drained concurrently so a chatty engine never blocks on a full pipe.
        Task<string> output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task<string> error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the cancellation and the kill.
            }

            throw;
        }

        await Task.WhenAll(output, error).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            string detail = (await error.ConfigureAwait(false)).Trim();
            throw new InvalidOperationException($"{Path.GetFileName(executable)} exited with code {process.ExitCode}: {(detail.Length > 0 ? detail : "(no error output)")}");
        }
    }
}
