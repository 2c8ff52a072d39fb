using EfficientAI.Telephony.Conversation.Timeline;

namespace EfficientAI.Telephony.Evaluation.Observations;

/// <summary>
/// What was measured of one call, as the evaluation needs it: the SIP outcome, the turns and events on the call's
/// media clock (milliseconds since answer), RTP numbers. The Host builds it from a finished call; tests build it
/// from known data, so every verdict can be checked without a network.
/// </summary>
public sealed record ObservedCall
{
    public required string CallId { get; init; }

    public required string Target { get; init; }

    /// <summary>
    /// completed | voicemail | dead-air | idle-hang-up | no-answer | busy | rejected | failed: the SIP outcome, refined
    /// for an answered call by what answered it (a voicemail beep, an agent that never spoke or hung up without a word).
    /// </summary>
    public required string Outcome { get; init; }

    /// <summary>Final status of the INVITE; 0 when none came (RFC 3261 §17.1.1.2 Timer B, or our own failure).</summary>
    public int SipStatus { get; init; }

    /// <summary>When the INVITE was sent (from the injected TimeProvider), for reports.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Why the call ended or never started, in words.</summary>
    public string? Cause { get; init; }

    public double? PddMs { get; init; }

    /// <summary>Answer → hang-up; null when the call was not answered.</summary>
    public double? DurationMs { get; init; }

    public IReadOnlyList<ObservedTurn> Turns { get; init; } = [];

    /// <summary>One per caller turn that got an answer, in order: agent speech onset − caller end of speech.</summary>
    public IReadOnlyList<double> ResponseLatenciesMs { get; init; } = [];

    public ObservedRtp Rtp { get; init; } = new();

    public IReadOnlyList<ObservedEvent> Timeline { get; init; } = [];

    /// <summary>The caller's barge-ins and how the agent reacted to each.</summary>
    public IReadOnlyList<ObservedBargeIn> BargeIns { get; init; } = [];

    /// <summary>Where the agent transferred the call (the REFER's Refer-To), when it did.</summary>
    public string? TransferTarget { get; init; }

    /// <summary>Where the agent's words come from (speech-to-text, the reference agent's own script); null when unknown.</summary>
    public string? AgentTextSource { get; init; }

    /// <summary>
    /// The harness itself failed during the call (a speech or language provider that kept failing, our own error):
    /// whatever the agent did, the call cannot be judged, and the verdict is not-run with this cause.
    /// </summary>
    public string? HarnessFailure { get; init; }

    /// <summary>Reached the agent: the call was answered by it (not by voicemail), so the agent can be judged.</summary>
    public bool Answered => Outcome is "completed" or "dead-air" or "idle-hang-up";
}

public sealed record ObservedTurn(Speaker Speaker, double StartMs, double EndMs, string? Text)
{
    public double DurationMs => EndMs - StartMs;
}

/// <summary>The caller started talking over the agent at <see cref="CallerOnsetMs"/>; the agent's audio stopped at <see cref="AgentStopMs"/> (null: never).</summary>
public sealed record ObservedBargeIn(double CallerOnsetMs, double? AgentStopMs, bool StaleAudio)
{
    public double? StopLatencyMs => AgentStopMs - CallerOnsetMs;
}

public sealed record ObservedEvent(double AtMs, TimelineEventKind Kind, Speaker? Speaker, string? Text);

public sealed record ObservedRtp
{
    public long Sent { get; init; }

    public long Received { get; init; }

    public long Lost { get; init; }

    /// <summary>Interarrival jitter (RFC 3550 §6.4.1) in milliseconds.</summary>
    public double JitterMs { get; init; }

    /// <summary>Frames the pacer sent more than 2 ms after their slot.</summary>
    public long LateFrames { get; init; }

    /// <summary>E-model listening quality estimate (ITU-T G.107) when the media layer computed one.</summary>
    public double? Mos { get; init; }
}
