namespace EfficientAI.Telephony.Conversation.Agent;

/// <summary>What kind of thing the reference agent did or heard, as recorded in its ground-truth log.</summary>
public enum AgentEventKind
{
    /// <summary>The greeting's first voiced sample went out (<see cref="AgentEvent.SentSample"/>).</summary>
    GreetingStarted,

    /// <summary>A reply's first voiced sample went out, answering what ended at <see cref="AgentEvent.HeardSample"/>.</summary>
    ReplyStarted,

    /// <summary>The agent started talking (<see cref="AgentEvent.SentSample"/>) while the caller, whose turn began at <see cref="AgentEvent.HeardSample"/>, was still speaking.</summary>
    InterruptedCaller,

    /// <summary>The caller started speaking (<see cref="AgentEvent.HeardSample"/>) over the agent, who stopped; its last voiced sample is <see cref="AgentEvent.SentSample"/>.</summary>
    StoppedForCaller,

    /// <summary>The caller started speaking (<see cref="AgentEvent.HeardSample"/>) over the agent, who kept talking.</summary>
    TalkedOverCaller,

    /// <summary>A DTMF digit (<see cref="AgentEvent.Detail"/>) started at <see cref="AgentEvent.HeardSample"/>.</summary>
    DtmfReceived,

    /// <summary>The agent sent a DTMF digit (<see cref="AgentEvent.Detail"/>) whose event starts at <see cref="AgentEvent.SentSample"/>.</summary>
    DtmfSent,

    /// <summary>The agent cut its audio at <see cref="AgentEvent.SentSample"/> and asked for the call to be hung up.</summary>
    HungUp,

    /// <summary>Hold music started at <see cref="AgentEvent.SentSample"/>.</summary>
    HoldMusicStarted,

    /// <summary>Hold music ended at <see cref="AgentEvent.SentSample"/> (the sample after its last one).</summary>
    HoldMusicEnded,

    /// <summary>The voicemail beep's first sample went out at <see cref="AgentEvent.SentSample"/>.</summary>
    BeepStarted,

    /// <summary>The sample after the voicemail beep's last one.</summary>
    BeepEnded,
}

/// <summary>
/// One entry of the reference agent's ground truth, on its media clock: <see cref="SentSample"/> counts
/// what it sent, <see cref="HeardSample"/> what it received (mapped onto the same clock by RTP timestamps).
/// </summary>
public sealed record AgentEvent(AgentEventKind Kind, long? SentSample, long? HeardSample, string? Detail = null)
{
    /// <summary>SentSample − HeardSample in milliseconds at <paramref name="sampleRate"/>, when both are known.</summary>
    public double? IntervalMs(int sampleRate) =>
        SentSample is { } sent && HeardSample is { } heard ? (sent - heard) * 1000.0 / sampleRate : null;
}
