using System.Buffers.Binary;

namespace EfficientAI.Telephony.Media.Rtcp;

/// <summary>
/// One reception report block of an SR or RR (RFC 3550 §6.4.1): what the reporter received from one source.
/// </summary>
/// <param name="Ssrc">SSRC_n: the source this block is about.</param>
/// <param name="FractionLost">Packets lost since the previous report over packets expected, as a fixed-point number
/// with the binary point at the left edge (value / 256).</param>
/// <param name="CumulativeLost">Packets lost since reception began, a signed 24-bit value (duplicates can make it
/// negative).</param>
/// <param name="ExtendedHighestSequence">The highest sequence number received, extended by the count of wrap-arounds
/// in the high 16 bits.</param>
/// <param name="Jitter">The interarrival jitter in timestamp units.</param>
/// <param name="LastSenderReport">LSR: the compact NTP timestamp of the last SR received from that source, 0 if none.</param>
/// <param name="DelaySinceLastSenderReport">DLSR: the delay from receiving that SR to sending this block, in units of
/// 1/65536 s; 0 if no SR was received.</param>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    /// <summary>The length of one block.</summary>
    public const int Length = 24;

    private const int MaxCumulativeLost = 0x7FFFFF;
    private const int MinCumulativeLost = -0x800000;

    /// <summary>The fraction lost as a number in [0, 1).</summary>
    public double FractionLostRatio => FractionLost / 256.0;

    /// <summary>Clamps a cumulative count to the 24-bit signed field (RFC 3550 §6.4.1 saturates rather than wraps).</summary>
    public static int ClampCumulativeLost(long lost) => (int)Math.Clamp(lost, MinCumulativeLost, MaxCumulativeLost);

    /// <summary>Reads a block; the span must hold at least <see cref="Length"/> octets.</summary>
    public static RtcpReportBlock Read(ReadOnlySpan<byte> source)
    {
        // The 24-bit field is two's complement: shift it to the top of an int and back to extend the sign.
        int lost = (int)(BinaryPrimitives.ReadUInt32BigEndian(source[4..]) << 8) >> 8;
        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            source[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[20..]));
    }

    /// <summary>Writes the block and returns <see cref="Length"/>.</summary>
    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ((uint)FractionLost << 24) | ((uint)ClampCumulativeLost(CumulativeLost) & 0xFFFFFF));
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
        return Length;
    }
}
