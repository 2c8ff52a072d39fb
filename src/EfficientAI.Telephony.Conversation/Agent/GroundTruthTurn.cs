namespace EfficientAI.Telephony.Conversation.Agent;

/// <summary>
/// What the reference agent knows for certain about one of its replies: the caller's last voiced
/// sample it heard, the first voiced sample of its reply as sent, and the difference.
/// </summary>
public sealed record GroundTruthTurn(long CallerLastVoicedSample, long ReplyFirstVoicedSample, double LatencyMs, string ReplyText);
