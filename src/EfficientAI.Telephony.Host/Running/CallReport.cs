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

    public IReadOnlyList<AssertionReport> Assertions { get; init; } = [];

    public IReadOnlyList<TimelineEntryReport> Timeline { get; init; } = [];

    [JsonIgnore]
    public bool Passed => Assertions.All(a => a.Passed);

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

        sb.AppendLine($"  rtp          sent {Rtp.Sent}, received {Rtp.Received}, lost {Rtp.Lost}, jitter {Rtp.JitterMs:0.00} ms, late frames {Rtp.LateFrames}");
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

        foreach (var a in Assertions)
        {
            sb.AppendLine($"  {(a.Passed ? "PASS" : "FAIL")}         {a.Name}: {a.Detail}");
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
}

public sealed record GroundTruthReport(IReadOnlyList<double> AgentLatencyMs, IReadOnlyList<double> DifferenceMs);

public sealed record AssertionReport(string Name, bool Passed, string Detail);

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
