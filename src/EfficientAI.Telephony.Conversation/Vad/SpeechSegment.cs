namespace EfficientAI.Telephony.Conversation.Vad;

/// <summary>One turn of speech: its first and last voiced samples, both inclusive.</summary>
public readonly record struct SpeechSegment(long FirstVoicedSample, long LastVoicedSample)
{
    public long Length => LastVoicedSample - FirstVoicedSample + 1;
}
