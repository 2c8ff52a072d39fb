using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EfficientAI.Telephony.Host.Running;

/// <summary>The result of one call, as `call --json` prints it (documented in README.md).</summary>
public sealed record CallReport
{
    public required string CallId { get; init; }

    public required string Target { get; init; }

    /// <summary>completed | no-answer | busy | rejected | failed</summary>
    public required string Outcome { get; init; }

    public int SipStatus { get; init; }

    /// <summary>Why the call ended or never started, in words.</summary>
    public string? Cause { get; init; }

    public double? PddMs { get; init; }

    public double? DurationMs { get; init; }

    public IReadOnlyList<TurnReport> Turns { get; init; } = [];

    public IReadOnlyList<double> ResponseLatencyMs { get; init; } = [];

    public RtpReport Rtp { get; init; } = new();

    public string? Recording { get; init; }

    public long? DbId { get; init; }

    /// <summary>For calls to the built-in agent: its own per-turn latency log and our difference to it.</summary>
    public GroundTruthReport? GroundTruth { get; init; }

    /// <summary>passed | failed | not-run (the call never reached the agent: see verdictCause).</summary>
    public string Verdict { get; init; } = "not-run";

    public string? VerdictCause { get; init; }

    public MetricsReport? Metrics { get; init; }

    /// <summary>Who judged the dialplan's judge criteria, or that the judge was off.</summary>
    public string? Judge { get; init; }

    public IReadOnlyList<AssertionReport> Assertions { get; init; } = [];

    public IReadOnlyList<TimelineEntryReport> Timeline { get; init; } = [];

    /// <summary>Where the agent transferred the call (REFER Refer-To); the call went on there when it answered.</summary>
    public string? TransferTarget { get; init; }

    /// <summary>The targets 3xx responses redirected the call to, in order.</summary>
    public IReadOnlyList<string> Redirects { get; init; } = [];

    /// <summary>The harness's own delays on the audio path (null when nothing was measured).</summary>
    public HarnessReport? Harness { get; init; }

    /// <summary>The caller's barge-ins: when the caller started over the agent, when the agent's audio stopped (null: never), stale audio after.</summary>
    public IReadOnlyList<BargeInReport> BargeIns { get; init; } = [];

    [JsonIgnore]
    public bool Passed => Verdict == "passed";

    public string ToJson() => JsonSerializer.Serialize(this, ReportJson.Options);

    public string ToText()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Call {CallId} to {Target}");
        sb.AppendLine($"  outcome      {Outcome} (SIP {SipStatus}){(Cause is null ? "" : $" — {Cause}")}");
        if (PddMs is { } pdd)
        {
            sb.AppendLine($"  post-dial    {pdd:0} ms");
        }

        if (DurationMs is { } d)
        {
            sb.AppendLine($"  duration     {d / 1000:0.0} s");
        }

        sb.AppendLine($"  rtp          {Rtp.Codec ?? "no codec"}: sent {Rtp.Sent}, received {Rtp.Received}, lost {Rtp.Lost}, jitter {Rtp.JitterMs:0.00} ms, late frames {Rtp.LateFrames}{(Rtp.Mos is { } mos ? $", MOS {mos:0.00}" : "")}");
        if (Harness is { } h)
        {
            sb.AppendLine($"  harness      agent audio packet → caller pipeline p50 {h.WireToPipelineP50Ms:0.0} / p99 {h.WireToPipelineP99Ms:0.0} ms, caller line ready → wire ≤ {h.TtsReadyToWireMaxMs:0.0} ms");
        }
        if (Turns.Count > 0)
        {
            sb.AppendLine("  turns");
            foreach (var t in Turns)
            {
                sb.AppendLine($"    {t.StartMs,8:0} – {t.EndMs,8:0} ms  {t.Speaker,-6} {t.Text}");
            }
        }

        if (ResponseLatencyMs.Count > 0)
        {
            sb.AppendLine($"  latency      {string.Join(", ", ResponseLatencyMs.Select(l => $"{l:0.0} ms"))} (agent speech onset − caller end of speech)");
        }

        if (GroundTruth is { } gt)
        {
            sb.AppendLine($"  agent log    {string.Join(", ", gt.AgentLatencyMs.Select(l => $"{l:0.0} ms"))}");
            sb.AppendLine($"  difference   {string.Join(", ", gt.DifferenceMs.Select(l => $"{l:+0.0;-0.0;0.0} ms"))}");
        }

        if (Recording is not null)
        {
            sb.AppendLine($"  recording    {Recording}");
        }

        if (DbId is { } id)
        {
            sb.AppendLine($"  stored       calls.id = {id}");
        }

        if (Metrics is { } m && m.LatencyP50Ms is not null)
        {
            sb.AppendLine($"  metrics      latency p50 {m.LatencyP50Ms:0} / p95 {m.LatencyP95Ms:0} / max {m.LatencyMaxMs:0} ms, first audio {m.TimeToFirstAudioMs:0} ms, dead air {m.MaxDeadAirMs:0} ms, agent talk {m.AgentTalkRatio:0%}");
        }

        foreach (var a in Assertions)
        {
            var label = a.Status switch { "passed" => "PASS", "failed" => "FAIL", _ => "NOT RUN" };
            var measured = a.Measured is null ? "" : $"measured {a.Measured}, threshold {a.Threshold} — ";
            sb.AppendLine($"  {label,-12} {a.Name}: {measured}{a.Detail}");
        }

        sb.AppendLine($"  verdict      {Verdict}{(VerdictCause is null ? "" : $" — {VerdictCause}")}");
        if (Judge is not null && Assertions.Any(a => a.Name.StartsWith("judge:", StringComparison.Ordinal)))
        {
            sb.AppendLine($"  judge        {Judge}");
        }

        return sb.ToString();
    }
}

public sealed record TurnReport(string Speaker, double StartMs, double EndMs, string? Text);

public sealed record RtpReport
{
    public long Sent { get; init; }

    public long Received { get; init; }

    public long Lost { get; init; }

    public double JitterMs { get; init; }

    public long LateFrames { get; init; }

    /// <summary>The negotiated codec (its SDP encoding name).</summary>
    public string? Codec { get; init; }

    /// <summary>E-model listening-quality estimate (ITU-T G.107) of the agent's audio as received.</summary>
    public double? Mos { get; init; }
}

/// <summary>
/// The harness's own share of the audio path: agent audio from packet arrival to the caller's pipeline (jitter buffer
/// and playout included), and a caller line from synthesis done to its first frame on the wire (the longest of the call;
/// a line that waits on purpose, a pause or a barge-in, counts its wait).
/// </summary>
public sealed record HarnessReport
{
    public double? WireToPipelineP50Ms { get; init; }

    public double? WireToPipelineP99Ms { get; init; }

    public double? TtsReadyToWireMaxMs { get; init; }
}

public sealed record BargeInReport(double CallerOnsetMs, double? AgentStopMs, bool StaleAudio)
{
    public double? StopLatencyMs => AgentStopMs is { } stop ? Math.Round(stop - CallerOnsetMs, 1) : null;
}

public sealed record GroundTruthReport(IReadOnlyList<double> AgentLatencyMs, IReadOnlyList<double> DifferenceMs);

public sealed record AssertionReport(string Name, bool Passed, string Detail)
{
    /// <summary>passed | failed | not-run</summary>
    public string Status { get; init; } = Passed ? "passed" : "failed";

    public string? Measured { get; init; }

    public string? Threshold { get; init; }

    public EvidenceReport? Evidence { get; init; }
}

/// <summary>Where the verdict comes from: a stretch of the call (ms since answer) and/or the words said.</summary>
public sealed record EvidenceReport(double? StartMs, double? EndMs, string? Excerpt);

public sealed record MetricsReport
{
    public double? LatencyP50Ms { get; init; }

    public double? LatencyP95Ms { get; init; }

    public double? LatencyMaxMs { get; init; }

    public double? TimeToFirstAudioMs { get; init; }

    public double? MaxDeadAirMs { get; init; }

    /// <summary>Agent speech time over all speech time.</summary>
    public double? AgentTalkRatio { get; init; }

    public int AgentInterruptions { get; init; }

    public int CallerInterruptions { get; init; }
}

public sealed record TimelineEntryReport(double AtMs, long SampleIndex, string Kind, string? Speaker, string? Text);

internal static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };
}
