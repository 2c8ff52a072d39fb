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

    /// <summary>G.722, static payload type 9, RTP clock 8000 although it samples at 16 kHz (RFC 3551 §4.5.2).</summary>
    public static MediaFormat G722 { get; } = new(9, "G722", 8000);

    /// <summary>
    /// Opus on dynamic payload type 111 (RFC 7587): rtpmap <c>opus/48000/2</c>, with our receive preferences in the
    /// fmtp (wideband is enough, mono, in-band FEC wanted).
    /// </summary>
    public static MediaFormat Opus { get; } = new(111, OpusEncodingName, 48000, Codecs.OpusParameters.Ours.ToString());

    /// <summary>RFC 4733 telephone events on the customary dynamic payload type 101, events 0-16 (DTMF and flash).</summary>
    public static MediaFormat TelephoneEvent { get; } = new(101, TelephoneEventEncodingName, 8000, "0-16");

    /// <summary>RFC 4733 telephone events at Opus's 48 kHz clock (the event stream shares the audio clock, §2.1).</summary>
    public static MediaFormat TelephoneEvent48k { get; } = new(110, TelephoneEventEncodingName, 48000, "0-16");

    /// <summary>The G.711 codecs and telephone-event only, as offered before G.722 and Opus existed.</summary>
    public static IReadOnlyList<MediaFormat> NarrowbandOnly { get; } = [Pcmu, Pcma, TelephoneEvent];

    /// <summary>
    /// What we offer and accept by default, in our order of preference: G.711 first so peers behave as they always
    /// did, then G.722 and Opus, and telephone-event at both clocks.
    /// </summary>
    public static IReadOnlyList<MediaFormat> Default { get; } = [Pcmu, Pcma, G722, Opus, TelephoneEvent, TelephoneEvent48k];

    /// <summary>The wideband codecs first: G.722, Opus, then G.711, with telephone-event at both clocks.</summary>
    public static IReadOnlyList<MediaFormat> WidebandFirst { get; } = [G722, Opus, Pcmu, Pcma, TelephoneEvent, TelephoneEvent48k];

    /// <summary>The encoding name of Opus (RFC 7587 §7: case-insensitive, conventionally lower case).</summary>
    public const string OpusEncodingName = "opus";

    /// <summary>Whether this is Opus.</summary>
    public bool IsOpus => string.Equals(EncodingName, OpusEncodingName, StringComparison.OrdinalIgnoreCase);

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
