namespace EfficientAI.Telephony.Conversation.Vad;

public enum TurnEdgeKind
{
    None,
    SpeechStarted,
    SpeechEnded,
}

/// <summary>
/// What one frame changed in the turn state. <see cref="SampleIndex"/> is the speech edge itself (first
/// voiced sample of the turn, or its last voiced sample); <see cref="DetectedAtSampleIndex"/> is the
/// sample at which the rule fired (start + min speech, or end + hangover), i.e. the earliest moment a
/// listener could know.
/// </summary>
public readonly record struct TurnEdge(TurnEdgeKind Kind, long SampleIndex, long DetectedAtSampleIndex)
{
    public static TurnEdge None => default;

    public bool IsNone => Kind == TurnEdgeKind.None;
}
