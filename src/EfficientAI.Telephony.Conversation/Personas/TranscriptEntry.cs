using EfficientAI.Telephony.Conversation.Timeline;

namespace EfficientAI.Telephony.Conversation.Personas;

/// <summary>One turn of the conversation so far; <see cref="Text"/> is null when nobody transcribed it.</summary>
public sealed record TranscriptEntry(Speaker Speaker, string? Text, long StartSample, long EndSample);
