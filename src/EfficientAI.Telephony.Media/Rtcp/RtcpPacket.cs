namespace EfficientAI.Telephony.Media.Rtcp;

/// <summary>
/// One packet of a compound RTCP packet: its type, the 5-bit count of its header (RC or SC) and its body after the
/// 4-octet common header, padding removed. The body is a view into the datagram.
/// </summary>
public readonly ref struct RtcpPacket
{
    internal RtcpPacket(byte type, int count, ReadOnlySpan<byte> body)
    {
        Type = type;
        Count = count;
        Body = body;
    }

    /// <summary>The packet type (see <see cref="RtcpPacketType"/>; other values are extensions such as RTPFB).</summary>
    public byte Type { get; }

    /// <summary>The header's 5-bit count: report blocks for SR/RR, chunks or sources for SDES/BYE.</summary>
    public int Count { get; }

    /// <summary>The octets after the common header.</summary>
    public ReadOnlySpan<byte> Body { get; }
}
