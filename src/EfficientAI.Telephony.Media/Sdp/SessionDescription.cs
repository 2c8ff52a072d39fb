namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>
/// A session description (RFC 8866): the session-level lines and the media descriptions under them.
/// <see cref="Parse"/> reads one and reports malformed input as a value; <see cref="ToString"/> writes one with
/// CRLF line ends in the order RFC 8866 §5 prescribes.
/// </summary>
public sealed class SessionDescription
{
    /// <summary>Creates a description with the given origin, session name "-" and no media.</summary>
    public SessionDescription(SdpOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        Origin = origin;
    }

    /// <summary>The protocol version of the <c>v=</c> line; always 0 (RFC 8866 §5.1).</summary>
    public int Version => 0;

    /// <summary>The <c>o=</c> line.</summary>
    public SdpOrigin Origin { get; set; }

    /// <summary>The <c>s=</c> line; "-" when there is no name (RFC 3264 §5 recommends it for SIP).</summary>
    public string SessionName { get; set; } = "-";

    /// <summary>The session-level <c>i=</c> line.</summary>
    public string? Information { get; set; }

    /// <summary>The <c>u=</c> line.</summary>
    public string? Uri { get; set; }

    /// <summary>The <c>e=</c> lines.</summary>
    public IList<string> Emails { get; } = new List<string>();

    /// <summary>The <c>p=</c> lines.</summary>
    public IList<string> Phones { get; } = new List<string>();

    /// <summary>The session-level <c>c=</c> line, used by media descriptions that have none.</summary>
    public SdpConnection? Connection { get; set; }

    /// <summary>The session-level <c>b=</c> lines.</summary>
    public IList<SdpBandwidth> Bandwidths { get; } = new List<SdpBandwidth>();

    /// <summary>The <c>t=</c> lines with their <c>r=</c> lines; a description written with none gets "t=0 0".</summary>
    public IList<SdpTiming> Timings { get; } = new List<SdpTiming>();

    /// <summary>The <c>z=</c> line, kept as written.</summary>
    public string? TimeZones { get; set; }

    /// <summary>The session-level obsolete <c>k=</c> line, kept as written.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>The session-level direction attribute, the default for every media description (RFC 8866 §6.7).</summary>
    public MediaDirection? Direction { get; set; }

    /// <summary>Every other session-level attribute, in order.</summary>
    public IList<SdpAttribute> Attributes { get; } = new List<SdpAttribute>();

    /// <summary>The media descriptions, in order; their index is what offer and answer pair up (RFC 3264 §6).</summary>
    public IList<MediaDescription> Media { get; } = new List<MediaDescription>();

    /// <summary>Parses SDP text. CRLF and bare LF line ends are both accepted.</summary>
    public static SdpParseResult Parse(string text) => SdpParser.Parse(text);

    /// <summary>
    /// The direction that applies to <paramref name="media"/>: its own attribute, else the session's, else
    /// sendrecv (RFC 3264 §5.1).
    /// </summary>
    public MediaDirection EffectiveDirection(MediaDescription media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Direction ?? Direction ?? MediaDirection.SendRecv;
    }

    /// <summary>The connection that applies to <paramref name="media"/>: its own, else the session's.</summary>
    public SdpConnection? EffectiveConnection(MediaDescription media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Connection ?? Connection;
    }

    /// <summary>Writes the description as SDP text with CRLF line ends.</summary>
    public override string ToString() => SdpWriter.Write(this);
}
