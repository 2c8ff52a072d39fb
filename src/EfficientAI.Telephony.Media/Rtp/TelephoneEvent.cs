using System.Buffers.Binary;

namespace EfficientAI.Telephony.Media.Rtp;

/// <summary>
/// The RFC 4733 §2.3 telephone-event payload: event code, end bit, volume and duration, 4 octets.
/// </summary>
public readonly record struct TelephoneEvent(byte Event, bool End, byte Volume, ushort Duration)
{
    /// <summary>The payload length.</summary>
    public const int Length = 4;

    /// <summary>Reads the first event of a payload; false when it is shorter than 4 octets.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out TelephoneEvent telephoneEvent)
    {
        if (payload.Length < Length)
        {
            telephoneEvent = default;
            return false;
        }

        telephoneEvent = new TelephoneEvent(
            payload[0],
            (payload[1] & 0x80) != 0,
            (byte)(payload[1] & 0x3F),
            BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(2, 2)));
        return true;
    }

    /// <summary>Writes the payload (R bit clear); returns 4.</summary>
    public int Write(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"A telephone-event payload needs {Length} octets.", nameof(destination));
        }

        destination[0] = Event;
        destination[1] = (byte)((End ? 0x80 : 0) | (Volume & 0x3F));
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2, 2), Duration);
        return Length;
    }

    /// <summary>
    /// The DTMF character of an event code (RFC 4733 §3.2 Table 3): 0-9, * (10), # (11), A-D (12-15) and
    /// '!' for flash (16); null for codes that are not DTMF.
    /// </summary>
    public static char? ToDigit(byte code) => code switch
    {
        <= 9 => (char)('0' + code),
        10 => '*',
        11 => '#',
        <= 15 => (char)('A' + (code - 12)),
        16 => '!',
        _ => null,
    };

    /// <summary>The event code of a DTMF character; the inverse of <see cref="ToDigit"/>.</summary>
    public static byte? FromDigit(char digit) => digit switch
    {
        >= '0' and <= '9' => (byte)(digit - '0'),
        '*' => 10,
        '#' => 11,
        >= 'A' and <= 'D' => (byte)(12 + (digit - 'A')),
        >= 'a' and <= 'd' => (byte)(12 + (digit - 'a')),
        '!' => 16,
        _ => null,
    };
}
