using System.Diagnostics;
using System.Globalization;
using System.Text;
using EfficientAI.Telephony.Evaluation.Dialplans;
using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Host.Bench;

/// <summary>One wave of the pipeline benchmark: <see cref="Calls"/> scripted calls at once.</summary>
public sealed record PipelineRow(
    int Calls,
    int Failed,
    double LatePercent,
    double CpuSecondsPerCall,
    double? WireToPipelineP99Ms,
    double? TtsReadyToWireMaxMs,
    double? LatencyErrorMaxMs);

/// <summary>
/// `bench pipeline`: waves of concurrent scripted-persona calls (dialplans/demo.yaml) against the reference agent run as
/// its own process, as many at once as each wave says. Per wave: late frames of this process's pacer, CPU per call,
/// the harness's own delays (agent packet → caller pipeline p99, caller line ready → wire) and the widest latency error
/// against the agent's ground truth log.
/// </summary>
internal static class PipelineBenchmark
{
    public static async Task<IReadOnlyList<PipelineRow>> RunAsync(IReadOnlyList<int> waves, string hostExecutable, CancellationToken cancellationToken)
    {
        var plan = DialplanLoader.Load(HostPaths.Dialplan("demo.yaml"));
        var port = BenchProcesses.FreePort();
        var truth = Path.Combine(Path.GetTempPath(), $"efficientai-bench-pipeline-{Environment.ProcessId}.jsonl");
        string[] agentArgs =
        [
            hostExecutable, "agent", "--listen", $"127.0.0.1:{port}", "--greeting", plan.Agent.Greeting,
            .. plan.Agent.Replies.SelectMany(r => new[] { "--reply", r }),
            "--reply-delay-ms", plan.Agent.ReplyDelayMs.ToString(CultureInfo.InvariantCulture), "--ground-truth", truth,
        ];
        using var agent = BenchProcesses.Start("dotnet", agentArgs);
        var rows = new List<PipelineRow>();
        try
        {
            await using var runtime = Runtime.Create(verbose: false);
            var target = SipUri.Parse($"sip:agent@127.0.0.1:{port}");
            await WaitForAgentAsync(runtime, target, cancellationToken).ConfigureAwait(false);
            var runner = runtime.Runner();
            foreach (var calls in waves)
            {
                var process = Process.GetCurrentProcess();
                var cpuBefore = process.TotalProcessorTime;
                var ticks = runtime.Pacer.StreamTicksTotal;
                var late = runtime.Pacer.LateStreamTicksTotal;
                var runs = await Task.WhenAll(Enumerable.Range(0, calls).Select(async i =>
                {
                    // The calls of a wave start over the first second, as a campaign ramps up.
                    await Task.Delay(TimeSpan.FromMilliseconds(i * 1000.0 / calls), runtime.Time, cancellationToken).ConfigureAwait(false);
                    return await runner.RunAsync(plan, target, recordingPath: null, cancellationToken).ConfigureAwait(false);
                })).ConfigureAwait(false);
                process.Refresh();
                var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
                var frames = runtime.Pacer.StreamTicksTotal - ticks;
                var lateFrames = runtime.Pacer.LateStreamTicksTotal - late;
                var errors = await LatencyErrorsAsync(truth, runs.Select(r => r.Report).ToList(), cancellationToken).ConfigureAwait(false);
                rows.Add(new PipelineRow(
                    calls,
                    runs.Count(r => !r.Report.Passed),
                    frames == 0 ? 0 : 100.0 * lateFrames / frames,
                    cpu / calls,
                    runs.Select(r => r.Report.Harness?.WireToPipelineP99Ms).Max(),
                    runs.Select(r => r.Report.Harness?.TtsReadyToWireMaxMs).Max(),
                    errors.Count == 0 ? null : errors.Max()));
            }
        }
        finally
        {
            if (!agent.HasExited)
            {
                agent.Kill(entireProcessTree: true);
            }

            File.Delete(truth);
        }

        return rows;
    }

    public static string Table(IReadOnlyList<PipelineRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("pipeline benchmark: concurrent scripted calls (dialplans/demo.yaml, ~22 s each) against the reference agent in its own process");
        sb.AppendLine("| calls at once | failed | late frames > 2 ms | CPU s per call | agent packet → caller pipeline p99 | caller line ready → wire max | latency error vs agent log, max |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Calls} | {r.Failed} | {r.LatePercent:0.00} % | {r.CpuSecondsPerCall:0.000} | {Ms(r.WireToPipelineP99Ms)} | {Ms(r.TtsReadyToWireMaxMs)} | {Ms(r.LatencyErrorMaxMs)} |");
        }

        var held = rows.Where(r => r.Failed == 0 && r.LatePercent < 1).Select(r => r.Calls).DefaultIfEmpty(0).Max();
        sb.AppendLine(CultureInfo.InvariantCulture, $"most concurrent calls held with < 1 % late frames and none failed: {held}");
        return sb.ToString();

        static string Ms(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "n/a";
    }

    /// <summary>Waits until the agent process has bound its SIP port (binding it ourselves then fails).</summary>
    private static async Task WaitForAgentAsync(Runtime runtime, SipUri target, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
            try
            {
                probe.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, target.Port ?? 5060));
            }
            catch (System.Net.Sockets.SocketException)
            {
                return;
            }

            probe.Close();
            await Task.Delay(TimeSpan.FromMilliseconds(200), runtime.Time, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"the reference agent did not start listening on {target}");
    }

    /// <summary>|measured − agent log| per turn, from the agent's ground-truth file (one JSON record per call).</summary>
    private static async Task<List<double>> LatencyErrorsAsync(string truthFile, IReadOnlyList<Running.CallReport> reports, CancellationToken cancellationToken)
    {
        var errors = new List<double>();
        if (!File.Exists(truthFile))
        {
            return errors;
        }

        var byCall = new Dictionary<string, IReadOnlyList<double>>();
        foreach (var line in await File.ReadAllLinesAsync(truthFile, cancellationToken).ConfigureAwait(false))
        {
            using var record = System.Text.Json.JsonDocument.Parse(line);
            var root = record.RootElement;
            if (root.TryGetProperty("callId", out var id) && root.TryGetProperty("turns", out var turns))
            {
                byCall[id.GetString()!] = [.. turns.EnumerateArray().Select(t => t.GetProperty("latencyMs").GetDouble())];
            }
        }

        foreach (var report in reports)
        {
            if (byCall.TryGetValue(report.CallId, out var agent))
            {
                errors.AddRange(report.ResponseLatencyMs.Zip(agent, (measured, logged) => Math.Abs(measured - logged)));
            }
        }

        return errors;
    }
}
