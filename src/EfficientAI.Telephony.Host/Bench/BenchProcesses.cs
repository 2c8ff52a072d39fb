using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace EfficientAI.Telephony.Host.Bench;

/// <summary>The processes the benchmarks start and what they read back (SIPp's final counts, the CPU `times` reports).</summary>
internal static partial class BenchProcesses
{

    public static int LastCount(string output, string label)
    {
        // SIPp's final screen: "  Successful call        |        0                  |     2000   " (periodic | cumulative)
        var matches = Regex.Matches(output, Regex.Escape(label) + @"\s*\|\s*\d+\s*\|\s*(\d+)");
        return matches.Count == 0 ? 0 : int.Parse(matches[^1].Groups[1].Value, CultureInfo.InvariantCulture);
    }

    public static double ChildrenCpu(string output)
    {
        // `times` prints two lines: the shell's own, then its children's: "0m0.030s 0m0.130s".
        var lines = TimesLine().Matches(output);
        if (lines.Count == 0)
        {
            return double.NaN;
        }

        var last = lines[^1];
        return Minutes(last.Groups[1].Value, last.Groups[2].Value) + Minutes(last.Groups[3].Value, last.Groups[4].Value);

        static double Minutes(string m, string s) => (int.Parse(m, CultureInfo.InvariantCulture) * 60) + double.Parse(s, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"(\d+)m([\d.]+)s (\d+)m([\d.]+)s")]
    private static partial Regex TimesLine();

    public static Process Start(string program, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var p = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    public static async Task<(string Output, int ExitCode)> RunToEndAsync(string program, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = p.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(cancellationToken);
        await p.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false), p.ExitCode);
    }

    public static int FreePort()
    {
        using var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        s.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)s.LocalEndPoint!).Port;
    }

    public static string Str(int n) => n.ToString(CultureInfo.InvariantCulture);
}
