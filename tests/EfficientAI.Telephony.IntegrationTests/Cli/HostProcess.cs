using System.Diagnostics;
using EfficientAI.Telephony.IntegrationTests.Architecture;

namespace EfficientAI.Telephony.IntegrationTests.Cli;

/// <summary>Runs the real `efficientai` executable (the Host's build output) as a user would.</summary>
internal static class HostProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static async Task<Result> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(ProjectReferenceTests.RepoRoot(), "src", "EfficientAI.Telephony.Host", "bin", configuration, "net10.0", "efficientai.dll");
        Assert.True(File.Exists(dll), $"the Host is not built at {dll}");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["EFFICIENTAI_HOME"] = ProjectReferenceTests.RepoRoot();
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"efficientai {string.Join(' ', arguments)} did not finish in {timeout}: {await stderr}");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
