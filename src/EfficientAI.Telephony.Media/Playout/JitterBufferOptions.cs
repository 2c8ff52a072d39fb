namespace EfficientAI.Telephony.Media.Playout;

/// <summary>
/// How the adaptive jitter buffer holds received audio before handing it to the sink.
/// </summary>
/// <param name="MinDelay">The least playout delay beyond the fastest packet's transit.</param>
/// <param name="MaxDelay">The most; a packet later than this is discarded as late (and its frame concealed).</param>
/// <param name="MaxConcealment">How long a loss is concealed before the stream counts as stopped and playout waits
/// for the next packet instead of inventing audio (G.711 Appendix I is silent after 60 ms anyway).</param>
public sealed record JitterBufferOptions(TimeSpan MinDelay, TimeSpan MaxDelay, TimeSpan MaxConcealment)
{
    /// <summary>20-200 ms of delay, concealment for up to 120 ms: what a softphone does.</summary>
    public static JitterBufferOptions Default { get; } = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(120));

    /// <summary>Checks the values; throws naming the one that is wrong.</summary>
    public void Validate()
    {
        if (MinDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MinDelay), MinDelay, "The minimum playout delay cannot be negative.");
        }

        if (MaxDelay < MinDelay || MaxDelay > TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "The maximum playout delay lies between the minimum and 1 s.");
        }

        if (MaxConcealment < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcealment), MaxConcealment, "The concealment limit cannot be negative.");
        }
    }
}
