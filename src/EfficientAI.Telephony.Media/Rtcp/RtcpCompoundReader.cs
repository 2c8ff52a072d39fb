using System.Buffers.Binary;

namespace EfficientAI.Telephony.Media.Rtcp;

/// <summary>
/// Walks the packets of a compound RTCP packet (RFC 3550 §6.1) without copying. <see cref="IsValid"/> applies the
/// header checks of RFC 3550 A.2 to the whole datagram first; <see cref="TryRead"/> then yields one packet at a time.
/// </summary>
public ref struct RtcpCompoundReader
{
    private const int CommonHeaderLength = 4;
    private ReadOnlySpan<byte> _remaining;

    /// <summary>Starts reading <paramref name="datagram"/>.</summary>
    public RtcpCompoundReader(ReadOnlySpan<byte> datagram)
    {
        _remaining = datagram;
    }

    /// <summary>
    /// RFC 5761 §4: on a multiplexed port an RTCP packet is told from RTP by its second octet, the packet type,
    /// which lies in 192-223 (RTP payload types 64-95 with the marker set, which no one assigns for that reason).
    /// </summary>
    public static bool LooksLikeRtcp(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= CommonHeaderLength && datagram[1] is >= 192 and <= 223;

    /// <summary>
    /// RFC 3550 A.2: every packet is version 2, the first is an SR or RR, only the last may have the padding bit, and
    /// the lengths add up to the datagram's length exactly.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < CommonHeaderLength || datagram.Length % 4 != 0)
        {
            return false;
        }

        if (datagram[1] is not ((byte)RtcpPacketType.SenderReport or (byte)RtcpPacketType.ReceiverReport))
        {
            return false;
        }

        var rest = datagram;
        while (!rest.IsEmpty)
        {
            if (rest.Length < CommonHeaderLength || rest[0] >> 6 != 2)
            {
                return false;
            }

            int length = (BinaryPrimitives.ReadUInt16BigEndian(rest[2..]) + 1) * 4;
            if (length > rest.Length)
            {
                return false;
            }

            bool padding = (rest[0] & 0x20) != 0;
            if (padding && length != rest.Length)
            {
                return false;
            }

            // RFC 3550 §6.4.1: the last octet counts the padding, itself included; TryRead refuses a count of 0 or one
            // past the body, so a datagram holding one is not valid either.
            if (padding && (rest[length - 1] == 0 || rest[length - 1] > length - CommonHeaderLength))
            {
                return false;
            }

            rest = rest[length..];
        }

        return true;
    }

    /// <summary>Reads the next packet; false at the end or at a packet whose length or padding is inconsistent.</summary>
    public bool TryRead(out RtcpPacket packet)
    {
        packet = default;
        if (_remaining.Length < CommonHeaderLength || _remaining[0] >> 6 != 2)
        {
            return false;
        }

        int length = (BinaryPrimitives.ReadUInt16BigEndian(_remaining[2..]) + 1) * 4;
        if (length > _remaining.Length)
        {
            return false;
        }

        var body = _remaining[CommonHeaderLength..length];
        if ((_remaining[0] & 0x20) != 0)
        {
            // RFC 3550 §6.4.1: the last octet counts the padding, itself included.
            int pad = body.IsEmpty ? 0 : body[^1];
            if (pad == 0 || pad > body.Length)
            {
                return false;
            }

            body = body[..^pad];
        }

        packet = new RtcpPacket(_remaining[1], _remaining[0] & 0x1F, body);
        _remaining = _remaining[length..];
        return true;
    }
}
