namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>
/// An RTP payload format as SDP describes it: payload type number, encoding name, clock rate and optional format
/// parameters (<c>a=rtpmap</c> + <c>a=fmtp</c>, RFC 8866 §6.6 and §6.15).
/// </summary>
public sealed record MediaFormat(int PayloadType, string EncodingName, int ClockRate, string? Fmtp = null)
{
    /// <summary>The encoding name of RFC 4733 named telephone events (DTMF).</summary>
    public const string TelephoneEventEncodingName = "telephone-event";

    /// <summary>G.711 µ-law, static payload type 0 (RFC 3551 Table 4).</summary>
    public static MediaFormat Pcmu { get; } = new(0, "PCMU", 8000);

    /// <summary>G.711 A-law, static payload type 8 (RFC 3551 Table 4).</summary>
    public static MediaFormat Pcma { get; } = new(8, "PCMA", 8000);

    /// <summary>RFC 4733 telephone events on the customary dynamic payload type 101, events 0-16 (DTMF and flash).</summary>
    public static MediaFormat TelephoneEvent { get; } = new(101, TelephoneEventEncodingName, 8000, "0-16");

    /// <summary>What we offer and accept by default, in our order of preference.</summary>
    public static IReadOnlyList<MediaFormat> Default { get; } = [Pcmu, Pcma, TelephoneEvent];

    /// <summary>Whether this is the RFC 4733 telephone-event format.</summary>
    public bool IsTelephoneEvent =>
        string.Equals(EncodingName, TelephoneEventEncodingName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether this format has the same encoding (name compared case-insensitively, RFC 4855 §3) and clock rate.</summary>
    public bool IsSameEncoding(MediaFormat other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ClockRate == other.ClockRate
            && string.Equals(EncodingName, other.EncodingName, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>"PCMU/8000", as in an rtpmap.</summary>
    public override string ToString() => $"{EncodingName}/{ClockRate}";
}
