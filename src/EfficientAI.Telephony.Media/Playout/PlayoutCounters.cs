namespace EfficientAI.Telephony.Media.Playout;

/// <summary>What the jitter buffer did with the received audio.</summary>
/// <param name="FramesPlayed">Frames handed to the sink from received packets.</param>
/// <param name="FramesConcealed">Frames handed to the sink that were synthesised for lost or late packets.</param>
/// <param name="SamplesConcealed">The samples of those frames.</param>
/// <param name="PacketsLate">Packets that arrived after their frame had been played or concealed, discarded.</param>
/// <param name="PacketsDuplicate">Packets for a frame already buffered, discarded.</param>
/// <param name="PacketsOverflow">Packets discarded because the buffer was full (a burst beyond the maximum delay).</param>
/// <param name="CurrentDelayMs">The playout delay now targeted beyond the fastest packet's transit.</param>
/// <param name="MeanAddedDelayMs">The mean time received frames waited in the buffer (playout − arrival).</param>
/// <param name="MaxAddedDelayMs">The longest such wait.</param>
public readonly record struct PlayoutCounters(
    long FramesPlayed,
    long FramesConcealed,
    long SamplesConcealed,
    long PacketsLate,
    long PacketsDuplicate,
    long PacketsOverflow,
    double CurrentDelayMs,
    double MeanAddedDelayMs,
    double MaxAddedDelayMs)
{
    /// <summary>Concealed frames over all frames played, in [0, 1].</summary>
    public double ConcealmentRatio => FramesPlayed + FramesConcealed == 0 ? 0 : FramesConcealed / (double)(FramesPlayed + FramesConcealed);
}
