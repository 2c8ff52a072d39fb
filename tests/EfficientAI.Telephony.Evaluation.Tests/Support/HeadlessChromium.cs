using System.Diagnostics;

namespace EfficientAI.Telephony.Evaluation.Tests.Support;

/// <summary>
/// Debian's Chromium run headless on a local file: the DOM after parsing and layout (--dump-dom) and a screenshot.
/// The flags keep it off the network (this machine's network is closed) and out of any existing profile.
/// </summary>
internal static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    public static Task<string> DumpDomAsync(string htmlFile) => RunAsync(htmlFile, "--dump-dom");

    public static async Task<byte[]> ScreenshotAsync(string htmlFile, int width, int height)
    {
        var png = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.png");
        await RunAsync(htmlFile, $"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars");
        var bytes = await File.ReadAllBytesAsync(png);
        File.Delete(png);
        return bytes;
    }

    private static async Task<string> RunAsync(string htmlFile, params string[] extra)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run scripts/ensure-deps test (Debian package chromium)");
        }

        var profile = Directory.CreateTempSubdirectory("chromium-profile-");
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}",
            }.Concat(extra))
            {
                start.ArgumentList.Add(arg);
            }

            start.ArgumentList.Add(new Uri(htmlFile).AbsoluteUri);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"chromium exited {process.ExitCode}: {await stderr}");
            }

            return await stdout;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
