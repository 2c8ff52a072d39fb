using System.Buffers.Binary;

namespace EfficientAI.Telephony.Media.Rtp;

/// <summary>
/// The RTP fixed header (RFC 3550 §5.1), read from and written to spans without allocation.
/// </summary>
public readonly record struct RtpHeader
{
    /// <summary>The length of the fixed header without CSRCs or extension.</summary>
    public const int FixedLength = 12;

    /// <summary>The only RTP version in use (RFC 3550 §5.1).</summary>
    public const int RtpVersion = 2;

    /// <summary>Creates a version 2 header with no padding, extension or CSRCs, as we send.</summary>
    public RtpHeader(int payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, bool marker = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadType);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, 127);
        Version = RtpVersion;
        PayloadType = payloadType;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        Marker = marker;
    }

    /// <summary>V: the protocol version.</summary>
    public int Version { get; init; }

    /// <summary>P: the packet ends in padding whose length is its last octet.</summary>
    public bool Padding { get; init; }

    /// <summary>X: a header extension follows the CSRC list.</summary>
    public bool Extension { get; init; }

    /// <summary>CC: the number of CSRC identifiers.</summary>
    public int CsrcCount { get; init; }

    /// <summary>M: profile-defined; for audio, the first packet of a talkspurt (RFC 3551 §4.1).</summary>
    public bool Marker { get; init; }

    /// <summary>PT: the payload type.</summary>
    public int PayloadType { get; init; }

    /// <summary>The sequence number, +1 per packet sent.</summary>
    public ushort SequenceNumber { get; init; }

    /// <summary>The sampling instant of the payload's first octet, in clock-rate units.</summary>
    public uint Timestamp { get; init; }

    /// <summary>The synchronization source.</summary>
    public uint Ssrc { get; init; }

    /// <summary>
    /// Reads a header and locates the payload: after the CSRC list and any extension, before any padding.
    /// Returns false for anything that is not a well-formed version 2 packet.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out RtpHeader header, out int payloadOffset, out int payloadLength)
    {
        header = default;
        payloadOffset = 0;
        payloadLength = 0;
        if (packet.Length < FixedLength)
        {
            return false;
        }

        byte first = packet[0];
        int version = first >> 6;
        if (version != RtpVersion)
        {
            return false;
        }

        bool padding = (first & 0x20) != 0;
        bool extension = (first & 0x10) != 0;
        int csrcCount = first & 0x0F;
        int offset = FixedLength + (4 * csrcCount);
        if (packet.Length < offset)
        {
            return false;
        }

        if (extension)
        {
            // RFC 3550 §5.3.1: 16 bits profile-defined, 16 bits length in 32-bit words excluding this 4-octet header.
            if (packet.Length < offset + 4)
            {
                return false;
            }

            int words = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset + 2, 2));
            offset += 4 + (4 * words);
            if (packet.Length < offset)
            {
                return false;
            }
        }

        int end = packet.Length;
        if (padding)
        {
            // RFC 3550 §5.1: the last octet counts the padding octets, itself included, so it cannot be 0.
            int padLength = packet[^1];
            if (padLength == 0 || padLength > end - offset)
            {
                return false;
            }

            end -= padLength;
        }

        header = new RtpHeader
        {
            Version = version,
            Padding = padding,
            Extension = extension,
            CsrcCount = csrcCount,
            Marker = (packet[1] & 0x80) != 0,
            PayloadType = packet[1] & 0x7F,
            SequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2, 2)),
            Timestamp = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4, 4)),
            Ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8, 4)),
        };
        payloadOffset = offset;
        payloadLength = end - offset;
        return true;
    }

    /// <summary>
    /// Writes the 12-octet fixed header. Padding, extension and CSRCs are not written (their flags must be clear);
    /// a sender adding them writes them after this.
    /// </summary>
    /// <returns>The number of octets written, <see cref="FixedLength"/>.</returns>
    public int Write(Span<byte> destination)
    {
        if (destination.Length < FixedLength)
        {
            throw new ArgumentException($"An RTP header needs {FixedLength} octets; the destination has {destination.Length}.", nameof(destination));
        }

        if (Padding || Extension || CsrcCount != 0)
        {
            throw new InvalidOperationException("Write emits only the fixed header; clear Padding, Extension and CsrcCount.");
        }

        destination[0] = RtpVersion << 6;
        destination[1] = (byte)((Marker ? 0x80 : 0) | (PayloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2, 2), SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4, 4), Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8, 4), Ssrc);
        return FixedLength;
    }
}
