using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EfficientAI.Telephony.Host.Bench;

/// <summary>One row of the signaling table.</summary>
public sealed record SignalingRow(string Client, int Calls, int Failed, double WallSeconds, double CpuSeconds, string CpuMeasuredAs)
{
    public double CallsPerSecond => Calls / WallSeconds;

    public double CpuMicrosecondsPerCall => CpuSeconds * 1e6 / Calls;
}

/// <summary>
/// `bench signaling`: in one invocation on loopback, a SIPp UAC and our UAC place the same number of full calls at the
/// same target rate against one `sipp -sn uas`, and the CPU each client spent is compared.
/// </summary>
internal static class SignalingBenchmark
{
    public static async Task<IReadOnlyList<SignalingRow>> RunAsync(int calls, int rate, string hostExecutable, CancellationToken cancellationToken)
    {
        var uasPort = BenchProcesses.FreePort();
        using var uas = BenchProcesses.Start("sipp", ["-sn", "uas", "-i", "127.0.0.1", "-p", BenchProcesses.Str(uasPort), "-nostdin"]);
        await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System, cancellationToken).ConfigureAwait(false);
        try
        {
            var sipp = await RunSippClientAsync(uasPort, calls, rate, cancellationToken).ConfigureAwait(false);
            var ours = await RunOurClientAsync(hostExecutable, uasPort, calls, rate, cancellationToken).ConfigureAwait(false);
            return [sipp, ours];
        }
        finally
        {
            if (!uas.HasExited)
            {
                uas.Kill(entireProcessTree: true);
            }
        }
    }

    public static string Table(IReadOnlyList<SignalingRow> rows, int rate)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"signaling benchmark: INVITE/100/180/200/ACK/BYE/200 on loopback against `sipp -sn uas`, target {rate} cps");
        sb.AppendLine("| client | calls | failed | achieved cps | CPU s | µs CPU/call | CPU measured as |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var r in rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.Client} | {r.Calls} | {r.Failed} | {r.CallsPerSecond:0} | {r.CpuSeconds:0.000} | {r.CpuMicrosecondsPerCall:0.0} | {r.CpuMeasuredAs} |");
        }

        if (rows.Count == 2 && rows[0].CpuMicrosecondsPerCall > 0)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"ratio ours/SIPp (µs CPU per call): {rows[1].CpuMicrosecondsPerCall / rows[0].CpuMicrosecondsPerCall:0.00}");
        }

        return sb.ToString();
    }

    private static async Task<SignalingRow> RunSippClientAsync(int uasPort, int calls, int rate, CancellationToken cancellationToken)
    {
        // bash's `times` prints the CPU of its finished children: the SIPp process, start-up included (it is tiny).
        var sippArgs = $"sipp -sn uac 127.0.0.1:{uasPort} -i 127.0.0.1 -p {BenchProcesses.FreePort()} -r {rate} -m {calls} -nostdin -timeout {Timeout(calls, rate)}";
        var clock = Stopwatch.StartNew();
        var (output, _) = await BenchProcesses.RunToEndAsync("bash", ["-c", $"{sippArgs} ; times"], cancellationToken).ConfigureAwait(false);
        var wall = clock.Elapsed.TotalSeconds;
        var ok = BenchProcesses.LastCount(output, "Successful call");
        var failed = BenchProcesses.LastCount(output, "Failed call");
        var cpu = BenchProcesses.ChildrenCpu(output);
        return new SignalingRow("SIPp UAC", calls, failed + Math.Max(0, calls - ok - failed), wall, cpu, "process user+sys (bash times)");
    }

    private static async Task<SignalingRow> RunOurClientAsync(string hostExecutable, int uasPort, int calls, int rate, CancellationToken cancellationToken)
    {
        var (output, code) = await BenchProcesses.RunToEndAsync("dotnet",
            [hostExecutable, "bench", "signaling-client", "--target", $"sip:service@127.0.0.1:{uasPort}", "--calls", BenchProcesses.Str(calls), "--rate", BenchProcesses.Str(rate)],
            cancellationToken).ConfigureAwait(false);
        var json = output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        if (code != 0 || json is null)
        {
            throw new InvalidOperationException($"our signaling client failed ({code}):\n{output}");
        }

        var r = JsonSerializer.Deserialize<SignalingClientResult>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        return new SignalingRow("EfficientAI UAC", r.Calls, r.Failed, r.WallSeconds, r.CpuSeconds, "process CPU over the calling phase");
    }

    private static int Timeout(int calls, int rate) => Math.Max(30, (calls / Math.Max(1, rate)) * 3 + 30);
}
