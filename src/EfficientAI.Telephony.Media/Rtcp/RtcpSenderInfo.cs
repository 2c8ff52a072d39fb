using System.Buffers.Binary;

namespace EfficientAI.Telephony.Media.Rtcp;

/// <summary>The sender information section of an SR (RFC 3550 §6.4.1), 20 octets after the sender's SSRC.</summary>
/// <param name="NtpTimestamp">The wallclock time when the report was sent.</param>
/// <param name="RtpTimestamp">The same instant in the units and offset of the sender's RTP timestamps.</param>
/// <param name="PacketCount">RTP data packets sent since starting, modulo 2^32.</param>
/// <param name="OctetCount">RTP payload octets sent since starting (headers and padding excluded), modulo 2^32.</param>
public readonly record struct RtcpSenderInfo(NtpTimestamp NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    /// <summary>The length of the section.</summary>
    public const int Length = 20;

    /// <summary>Reads the section; the span must hold at least <see cref="Length"/> octets.</summary>
    public static RtcpSenderInfo Read(ReadOnlySpan<byte> source) => new(
        new NtpTimestamp(BinaryPrimitives.ReadUInt64BigEndian(source)),
        BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[16..]));

    /// <summary>Writes the section and returns <see cref="Length"/>.</summary>
    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, NtpTimestamp.Value);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], OctetCount);
        return Length;
    }
}
