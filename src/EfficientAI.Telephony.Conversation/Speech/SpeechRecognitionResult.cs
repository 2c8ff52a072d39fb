namespace EfficientAI.Telephony.Conversation.Speech;

/// <summary>
/// What was recognised in the samples [<see cref="StartSample"/>, <see cref="EndSample"/>) of the
/// media clock. A partial result may still change; a final one is the transcript of its utterance.
/// </summary>
public sealed record SpeechRecognitionResult(string Text, bool IsFinal, long StartSample, long EndSample, double? Confidence = null)
{
    public string Text { get; } = Text ?? throw new ArgumentNullException(nameof(Text));

    public long EndSample { get; } = EndSample >= StartSample
        ? EndSample
        : throw new ArgumentOutOfRangeException(nameof(EndSample), EndSample, $"EndSample must not precede StartSample ({StartSample}).");

    /// <summary>True when nothing intelligible was heard.</summary>
    public bool IsEmpty => string.IsNullOrWhiteSpace(Text);
}
