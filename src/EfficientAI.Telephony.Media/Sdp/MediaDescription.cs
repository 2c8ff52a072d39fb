using System.Globalization;

namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>
/// One media description (RFC 8866 §5.14): the <c>m=</c> line and the <c>i=</c>, <c>c=</c>, <c>b=</c>,
/// <c>k=</c> and <c>a=</c> lines under it. The attributes offer/answer needs are typed; every other attribute is
/// kept in <see cref="Attributes"/> in the order it was read.
/// </summary>
public sealed class MediaDescription
{
    private const string RtcpMuxAttribute = "rtcp-mux";

    /// <summary>Creates a media description with no formats.</summary>
    public MediaDescription(string media, int port, string protocol)
    {
        Media = media;
        Port = port;
        Protocol = protocol;
    }

    /// <summary>The media type: "audio", "video", "application", …</summary>
    public string Media { get; set; }

    /// <summary>The transport port; 0 marks a stream rejected or disabled (RFC 3264 §5.1, §6).</summary>
    public int Port { get; set; }

    /// <summary>The number of ports, when written as "port/count".</summary>
    public int? PortCount { get; set; }

    /// <summary>The transport protocol, e.g. "RTP/AVP".</summary>
    public string Protocol { get; set; }

    /// <summary>The media formats in preference order; for RTP profiles these are payload type numbers.</summary>
    public IList<string> Formats { get; } = new List<string>();

    /// <summary>The <c>i=</c> line (media title).</summary>
    public string? Title { get; set; }

    /// <summary>The media-level <c>c=</c> line, which overrides the session-level one.</summary>
    public SdpConnection? Connection { get; set; }

    /// <summary>The <c>b=</c> lines.</summary>
    public IList<SdpBandwidth> Bandwidths { get; } = new List<SdpBandwidth>();

    /// <summary>The obsolete <c>k=</c> line, kept as written (RFC 8866 §5.12).</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>The <c>a=rtpmap</c> attributes.</summary>
    public IList<SdpRtpMap> RtpMaps { get; } = new List<SdpRtpMap>();

    /// <summary>The <c>a=fmtp</c> attributes.</summary>
    public IList<SdpFormatParameters> FormatParameters { get; } = new List<SdpFormatParameters>();

    /// <summary>The <c>a=ptime</c> attribute: the packet duration the author wants to receive, in ms.</summary>
    public int? PtimeMs { get; set; }

    /// <summary>The <c>a=maxptime</c> attribute, in ms.</summary>
    public int? MaxPtimeMs { get; set; }

    /// <summary>The media-level direction attribute, if present; see <see cref="SessionDescription.EffectiveDirection"/>.</summary>
    public MediaDirection? Direction { get; set; }

    /// <summary>Every other attribute, in order.</summary>
    public IList<SdpAttribute> Attributes { get; } = new List<SdpAttribute>();

    /// <summary>Whether this is an audio stream over plain RTP (RTP/AVP, RFC 3551).</summary>
    public bool IsRtpAudio =>
        string.Equals(Media, "audio", StringComparison.OrdinalIgnoreCase)
        && string.Equals(Protocol, "RTP/AVP", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the author multiplexes RTCP on the RTP port (RFC 5761 §5.1.1 <c>a=rtcp-mux</c>).</summary>
    public bool RtcpMux
    {
        get => Attributes.Any(a => a.Value is null && string.Equals(a.Name, RtcpMuxAttribute, StringComparison.OrdinalIgnoreCase));
        set
        {
            if (value != RtcpMux)
            {
                if (value)
                {
                    Attributes.Add(new SdpAttribute(RtcpMuxAttribute));
                }
                else
                {
                    var present = Attributes.First(a => a.Value is null && string.Equals(a.Name, RtcpMuxAttribute, StringComparison.OrdinalIgnoreCase));
                    Attributes.Remove(present);
                }
            }
        }
    }

    /// <summary>
    /// Reads the RFC 3605 <c>a=rtcp:port [IN IP4|IP6 address]</c> attribute: where the author receives RTCP when
    /// that is not the RTP port + 1. False when absent or unreadable (then RFC 3550 §11's port + 1 applies).
    /// </summary>
    /// <param name="port">The RTCP port.</param>
    /// <param name="address">The RTCP address when the attribute names one, else null (the c= address applies).</param>
    public bool TryGetRtcpAttribute(out int port, out System.Net.IPAddress? address)
    {
        port = 0;
        address = null;
        var attribute = Attributes.FirstOrDefault(a => a.Value is not null && string.Equals(a.Name, "rtcp", StringComparison.OrdinalIgnoreCase));
        if (attribute is null)
        {
            return false;
        }

        var parts = attribute.Value!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            port = 0;
            return false;
        }

        if (parts.Length == 4 && System.Net.IPAddress.TryParse(parts[3], out var parsed))
        {
            address = parsed;
        }

        return true;
    }

    /// <summary>Returns the rtpmap for <paramref name="payloadType"/>, or null.</summary>
    public SdpRtpMap? FindRtpMap(int payloadType)
    {
        foreach (var map in RtpMaps)
        {
            if (map.PayloadType == payloadType)
            {
                return map;
            }
        }

        return null;
    }

    /// <summary>Returns the fmtp parameters for <paramref name="format"/>, or null.</summary>
    public string? FindFormatParameters(string format)
    {
        foreach (var fmtp in FormatParameters)
        {
            if (fmtp.Format == format)
            {
                return fmtp.Parameters;
            }
        }

        return null;
    }

    /// <summary>
    /// The RTP formats listed on the m-line, resolved through their rtpmap or, lacking one, the RFC 3551 static
    /// table, in the author's preference order. Formats that are neither (a dynamic type without rtpmap) are skipped
    /// because nobody can know what they are.
    /// </summary>
    public IReadOnlyList<MediaFormat> ResolveFormats()
    {
        var formats = new List<MediaFormat>(Formats.Count);
        foreach (var format in Formats)
        {
            if (!int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out int payloadType))
            {
                continue;
            }

            string? fmtp = FindFormatParameters(format);
            if (FindRtpMap(payloadType) is { } map)
            {
                formats.Add(new MediaFormat(payloadType, map.EncodingName, map.ClockRate, fmtp));
            }
            else if (StaticPayloadTypes.Find(payloadType) is { } known)
            {
                formats.Add(known with { Fmtp = fmtp });
            }
        }

        return formats;
    }

    /// <summary>Adds a format to the m-line with its rtpmap and, when it has parameters, its fmtp.</summary>
    public void AddFormat(MediaFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        string number = format.PayloadType.ToString(CultureInfo.InvariantCulture);
        Formats.Add(number);
        // RFC 7587 §7: Opus is always "opus/48000/2", whatever is sent, since the decoder renders either.
        RtpMaps.Add(new SdpRtpMap(format.PayloadType, format.EncodingName, format.ClockRate, format.IsOpus ? "2" : null));
        if (format.Fmtp is not null)
        {
            FormatParameters.Add(new SdpFormatParameters(number, format.Fmtp));
        }
    }
}
