namespace EfficientAI.Telephony.Conversation.Timeline;

/// <summary>Something that happened in a call, stamped with the call's media clock (a sample index).</summary>
public sealed record TimelineEvent(long SampleIndex, TimelineEventKind Kind, Speaker? Speaker, string? Text);
