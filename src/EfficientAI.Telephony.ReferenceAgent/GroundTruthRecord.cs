using EfficientAI.Telephony.Conversation.Agent;

namespace EfficientAI.Telephony.ReferenceAgent;

/// <summary>
/// What the agent knows happened on one call, on its own media clock (8 kHz samples since answer): its replies
/// with their latency, and every other behaviour a caller could measure (interruptions, stops, DTMF, hang-up…).
/// </summary>
public sealed record GroundTruthRecord(string CallId, IReadOnlyList<GroundTruthTurn> Turns, string EndReason)
{
    public IReadOnlyList<AgentEvent> Events { get; init; } = [];
}
