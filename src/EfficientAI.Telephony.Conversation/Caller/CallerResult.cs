using EfficientAI.Telephony.Conversation.Timeline;

namespace EfficientAI.Telephony.Conversation.Caller;

/// <summary>
/// What the simulated caller measured: every turn of both parties on the media clock (ordered by
/// start), and per answered caller line the agent's response latency (agent's first voiced sample −
/// caller's last voiced sample) in milliseconds.
/// </summary>
public sealed record CallerResult(
    IReadOnlyList<Turn> Turns,
    IReadOnlyList<double> ResponseLatenciesMs,
    CallerEndReason Reason,
    string? EndReason)
{
    /// <summary>What the caller detected about the agent's behaviour (interruptions, dead air, DTMF, barge-in).</summary>
    public CallerObservations Observations { get; init; } = CallerObservations.Empty;
}
