namespace EfficientAI.Telephony.Conversation.Audio;

/// <summary>
/// A piece of mono PCM16 audio at a known sample rate. Clips returned by a speech synthesiser may be
/// shared through its cache, so treat <see cref="Samples"/> as read-only.
/// </summary>
public sealed record AudioClip(short[] Samples, int SampleRate)
{
    public short[] Samples { get; } = Samples ?? throw new ArgumentNullException(nameof(Samples));

    public int SampleRate { get; } = SampleRate > 0
        ? SampleRate
        : throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "The sample rate must be positive (for example 8000).");

    /// <summary>Length of the clip, exact to the tick.</summary>
    public TimeSpan Duration => TimeSpan.FromTicks(Samples.LongLength * TimeSpan.TicksPerSecond / SampleRate);

    /// <summary>An empty clip at <paramref name="sampleRate"/>.</summary>
    public static AudioClip Empty(int sampleRate) => new([], sampleRate);
}
