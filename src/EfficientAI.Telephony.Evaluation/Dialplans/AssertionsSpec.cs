using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace EfficientAI.Telephony.Evaluation.Dialplans;

/// <summary>What a good call is. Every key is optional; each one set becomes one assertion result.</summary>
[Description("What a good call is; each key set becomes one assertion with measured value, threshold and evidence")]
public sealed class AssertionsSpec
{
    [AllowedValues("completed", "answered", "voicemail", "dead-air", "idle-hang-up", "no-answer", "busy", "rejected", "failed")]
    [Description("Expected outcome: completed (a conversation), answered (any answered call: a smoke test), voicemail (a beep answered), dead-air (answered, never spoke), idle-hang-up (answered, hung up without a word), or a SIP failure")]
    public string? Outcome { get; set; }

    [Description("Response latency (agent speech onset − caller end of speech) over the call's turns")]
    public LatencySpec? Latency { get; set; }

    [Range(1.0, 120000.0)]
    [Description("Answer → first agent speech, at most")]
    public double? TimeToFirstAudioMs { get; set; }

    [Range(1.0, 600000.0)]
    [Description("Longest stretch where nobody speaks (between answer and hang-up), at most")]
    public double? MaxDeadAirMs { get; set; }

    [Range(0, 1000)]
    [Description("Times the agent started speaking while the caller was speaking, at most")]
    public int? MaxAgentInterruptions { get; set; }

    [Range(0, 1000)]
    [Description("At least this many agent turns (the greeting counts)")]
    public int? MinAgentTurns { get; set; }

    [Description("Phrases the agent must say (normalised containment)")]
    public List<string> MustSay { get; set; } = [];

    [Description("Phrases the agent must not say (normalised containment)")]
    public List<string> MustNotSay { get; set; } = [];

    [Description("Word error rate of the agent's speech against the text it is expected to say")]
    public WerSpec? Wer { get; set; }

    [Description("Call duration bounds (answer → hang-up)")]
    public DurationSpec? Duration { get; set; }

    [Range(1.0, 5.0)]
    [Description("Estimated listening quality (E-model MOS), at least")]
    public double? MinMos { get; set; }

    [Description("Name of the IVR branch the call must reach")]
    public string? ReachedBranch { get; set; }

    [Range(0.0, 60000.0)]
    [Description("When the caller barges in, the agent's audio stops within this time (caller onset → agent stop), and no stale audio of the old turn follows")]
    public double? MaxBargeInStopMs { get; set; }

    [RegularExpression("^[0-9A-D*#]+$")]
    [Description("DTMF digits the agent must press, in order (RFC 4733 events received)")]
    public string? AgentDtmf { get; set; }

    [Description("URI the agent must transfer the call to (REFER Refer-To)")]
    public string? TransferTarget { get; set; }

    [Description("Criteria an LLM judge scores from the transcript")]
    public JudgeSpec? Judge { get; set; }

    /// <summary>True when no assertion key is set.</summary>
    public bool IsEmpty =>
        Outcome is null && Latency is null && TimeToFirstAudioMs is null && MaxDeadAirMs is null && MaxAgentInterruptions is null
        && MinAgentTurns is null && MustSay.Count == 0 && MustNotSay.Count == 0 && Wer is null && Duration is null && MinMos is null
        && ReachedBranch is null && MaxBargeInStopMs is null && AgentDtmf is null && TransferTarget is null && Judge is null;
}

[Description("Latency thresholds in milliseconds; percentiles interpolate linearly between turns")]
public sealed class LatencySpec
{
    [Range(1.0, 120000.0)]
    public double? P50Ms { get; set; }

    [Range(1.0, 120000.0)]
    public double? P95Ms { get; set; }

    [Range(1.0, 120000.0)]
    public double? MaxMs { get; set; }
}

[Description("Word error rate of the agent's speech")]
public sealed class WerSpec
{
    [Required]
    [Description("What the agent is expected to say over the whole call")]
    public string? Expected { get; set; }

    [Range(0.0, 1.0)]
    [Description("Highest acceptable word error rate (0.1 = 10 %)")]
    public double Max { get; set; } = 0.1;
}

[Description("Call duration bounds in seconds")]
public sealed class DurationSpec
{
    [Range(0.0, 86400.0)]
    public double? MinSeconds { get; set; }

    [Range(0.0, 86400.0)]
    public double? MaxSeconds { get; set; }
}

[Description("LLM-judge criteria, each scored 0..1 with a reason; needs a configured OpenAI-compatible endpoint")]
public sealed class JudgeSpec
{
    [Description("What the judge checks, one criterion per entry")]
    public List<string> Criteria { get; set; } = [];

    [Range(0.0, 1.0)]
    [Description("Lowest passing score per criterion")]
    public double MinScore { get; set; } = 0.7;
}
