namespace EfficientAI.Telephony.Conversation.Vad;

/// <summary>Timing rules of <see cref="EndOfTurnDetector"/>.</summary>
public sealed record EndOfTurnOptions
{
    /// <summary>Silence after the last voiced sample that ends a turn.</summary>
    public TimeSpan Hangover { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>
    /// Span from the first to the latest voiced sample a turn needs before its start counts, so a
    /// click or a single burst of line noise never opens a turn.
    /// </summary>
    public TimeSpan MinSpeech { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Longest silence allowed inside a not-yet-confirmed onset; a longer one discards the onset, so a
    /// click shortly before speech does not become the turn's first sample.
    /// </summary>
    public TimeSpan OnsetMaxGap { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Levels that define a voiced sample.</summary>
    public EnergyVadOptions Vad { get; init; } = new();

    /// <summary>Throws when a value is outside its range, naming it.</summary>
    public void Validate()
    {
        if (Hangover < TimeSpan.FromMilliseconds(20))
        {
            throw new ArgumentOutOfRangeException(nameof(Hangover), Hangover, "Hangover must be at least 20 ms (one frame).");
        }

        if (MinSpeech < TimeSpan.FromMilliseconds(20))
        {
            throw new ArgumentOutOfRangeException(nameof(MinSpeech), MinSpeech, "MinSpeech must be at least 20 ms (one frame).");
        }

        if (OnsetMaxGap <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(OnsetMaxGap), OnsetMaxGap, "OnsetMaxGap must be positive.");
        }

        ArgumentNullException.ThrowIfNull(Vad);
        Vad.Validate();
    }
}
