namespace EfficientAI.Telephony.Conversation.Speech;

/// <summary>How a line should sound: an engine-specific voice name and the speaking rate.</summary>
public sealed record VoiceOptions(string Voice = "en-us", int WordsPerMinute = 175)
{
    public string Voice { get; } = !string.IsNullOrWhiteSpace(Voice)
        ? Voice
        : throw new ArgumentException("A voice name is required (for example \"en-us\").", nameof(Voice));

    public int WordsPerMinute { get; } = WordsPerMinute is >= 40 and <= 600
        ? WordsPerMinute
        : throw new ArgumentOutOfRangeException(nameof(WordsPerMinute), WordsPerMinute, "WordsPerMinute must be between 40 and 600.");

    public static VoiceOptions Default { get; } = new();
}
