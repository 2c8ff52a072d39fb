using System.Buffers.Binary;

namespace EfficientAI.Telephony.Media.Rtcp;

/// <summary>
/// Writes the packets of a compound RTCP packet into a span, each returning the octets written, so a sender
/// composes SR or RR + SDES CNAME (+ BYE) in one preallocated buffer (RFC 3550 §6.1: every compound packet starts
/// with a report and carries a CNAME).
/// </summary>
public static class RtcpCompoundWriter
{
    /// <summary>The SDES item type of the canonical name (RFC 3550 §6.5.1).</summary>
    private const byte CnameItem = 1;

    /// <summary>An SR (RFC 3550 §6.4.1) with up to 31 report blocks.</summary>
    public static int WriteSenderReport(Span<byte> destination, uint ssrc, in RtcpSenderInfo sender, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        int length = 8 + RtcpSenderInfo.Length + (blocks.Length * RtcpReportBlock.Length);
        WriteHeader(destination, blocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        int offset = 8 + sender.Write(destination[8..]);
        foreach (var block in blocks)
        {
            offset += block.Write(destination[offset..]);
        }

        return offset;
    }

    /// <summary>An RR (RFC 3550 §6.4.2) with up to 31 report blocks.</summary>
    public static int WriteReceiverReport(Span<byte> destination, uint ssrc, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        int length = 8 + (blocks.Length * RtcpReportBlock.Length);
        WriteHeader(destination, blocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        int offset = 8;
        foreach (var block in blocks)
        {
            offset += block.Write(destination[offset..]);
        }

        return offset;
    }

    /// <summary>An SDES packet with one chunk holding the CNAME item (RFC 3550 §6.5).</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="ssrc">The source described.</param>
    /// <param name="cname">The canonical name as UTF-8, at most 255 octets.</param>
    public static int WriteSourceDescription(Span<byte> destination, uint ssrc, ReadOnlySpan<byte> cname)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cname.Length, 255, nameof(cname));

        // The item list ends with at least one null octet and is padded with nulls to a 32-bit boundary.
        int items = 2 + cname.Length;
        int chunk = 4 + ((items + 1 + 3) & ~3);
        int length = 4 + chunk;
        WriteHeader(destination, 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        destination[8] = CnameItem;
        destination[9] = (byte)cname.Length;
        cname.CopyTo(destination[10..]);
        destination[(10 + cname.Length)..length].Clear();
        return length;
    }

    /// <summary>A BYE for one source, without a reason (RFC 3550 §6.6).</summary>
    public static int WriteGoodbye(Span<byte> destination, uint ssrc)
    {
        WriteHeader(destination, 1, RtcpPacketType.Goodbye, 8);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        return 8;
    }

    private static void WriteHeader(Span<byte> destination, int count, RtcpPacketType type, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 31, nameof(count));
        if (destination.Length < length)
        {
            throw new ArgumentException($"An RTCP {type} of {length} octets does not fit in {destination.Length}.", nameof(destination));
        }

        destination[0] = (byte)(0x80 | count);
        destination[1] = (byte)type;

        // RFC 3550 §6.4.1: the length is in 32-bit words minus one, header included.
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((length / 4) - 1));
    }
}
