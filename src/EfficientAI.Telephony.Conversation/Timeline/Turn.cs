namespace EfficientAI.Telephony.Conversation.Timeline;

/// <summary>
/// One party's turn on the media clock: first and last voiced sample (inclusive), and the text when
/// known (the caller's own lines; the agent's only when transcribed).
/// </summary>
public sealed record Turn(Speaker Speaker, long StartSample, long EndSample, string? Text);
