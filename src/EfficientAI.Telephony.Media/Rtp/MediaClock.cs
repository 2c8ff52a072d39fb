namespace EfficientAI.Telephony.Media.Rtp;

/// <summary>
/// A call's media clock: sample indices at the RTP clock rate, counted from one monotonic
/// <see cref="TimeProvider.GetTimestamp"/> reading. Every event of a call is stamped with it, so latencies are
/// differences of sample indices rather than of wall-clock reads from different threads.
/// </summary>
public sealed class MediaClock
{
    private readonly TimeProvider _timeProvider;
    private readonly long _frequency;

    /// <summary>Creates a clock whose sample 0 is now.</summary>
    public MediaClock(TimeProvider timeProvider, int sampleRate)
        : this(timeProvider, sampleRate, (timeProvider ?? throw new ArgumentNullException(nameof(timeProvider))).GetTimestamp())
    {
    }

    /// <summary>Creates a clock whose sample 0 is the timestamp <paramref name="anchorTimestamp"/>.</summary>
    public MediaClock(TimeProvider timeProvider, int sampleRate, long anchorTimestamp)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        _timeProvider = timeProvider;
        _frequency = timeProvider.TimestampFrequency;
        SampleRate = sampleRate;
        AnchorTimestamp = anchorTimestamp;
    }

    /// <summary>The samples per second.</summary>
    public int SampleRate { get; }

    /// <summary>The <see cref="TimeProvider"/> timestamp of sample 0.</summary>
    public long AnchorTimestamp { get; }

    /// <summary>The current sample index.</summary>
    public long Now => SampleIndexAt(_timeProvider.GetTimestamp());

    /// <summary>The sample index at a <see cref="TimeProvider"/> timestamp (floor; negative before the anchor).</summary>
    public long SampleIndexAt(long timestamp)
    {
        // Split into whole seconds and a remainder so the product cannot overflow for any realistic call length.
        long elapsed = timestamp - AnchorTimestamp;
        long seconds = Math.DivRem(elapsed, _frequency, out long remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += _frequency;
        }

        return (seconds * SampleRate) + (remainder * SampleRate / _frequency);
    }

    /// <summary>The earliest <see cref="TimeProvider"/> timestamp at which the clock reads <paramref name="sampleIndex"/>.</summary>
    public long TimestampAt(long sampleIndex)
    {
        long seconds = Math.DivRem(sampleIndex, SampleRate, out long remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += SampleRate;
        }

        // Ceiling, so that SampleIndexAt(TimestampAt(n)) == n.
        return AnchorTimestamp + (seconds * _frequency) + (((remainder * _frequency) + SampleRate - 1) / SampleRate);
    }

    /// <summary>A sample count as milliseconds.</summary>
    public double ToMilliseconds(long samples) => samples * 1000.0 / SampleRate;

    /// <summary>A duration as a whole number of samples (rounded down).</summary>
    public long ToSamples(TimeSpan duration) => duration.Ticks * SampleRate / TimeSpan.TicksPerSecond;
}
