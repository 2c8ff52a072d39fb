using System.Globalization;
using System.Text;

namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>Writes a <see cref="SessionDescription"/> as SDP text in the line order of RFC 8866 §5, CRLF-terminated.</summary>
internal static class SdpWriter
{
    public static string Write(SessionDescription session)
    {
        var text = new StringBuilder(512);
        Line(text, 'v', "0");
        Line(text, 'o', session.Origin.ToString());

        // RFC 8866 §5.3: the name must not be empty; a single space is the defined "no name" form.
        Line(text, 's', session.SessionName.Length == 0 ? " " : session.SessionName);
        Optional(text, 'i', session.Information);
        Optional(text, 'u', session.Uri);
        foreach (var email in session.Emails)
        {
            Line(text, 'e', email);
        }

        foreach (var phone in session.Phones)
        {
            Line(text, 'p', phone);
        }

        Optional(text, 'c', session.Connection?.ToString());
        foreach (var bandwidth in session.Bandwidths)
        {
            Line(text, 'b', bandwidth.ToString());
        }

        if (session.Timings.Count == 0)
        {
            Line(text, 't', "0 0");
        }

        foreach (var timing in session.Timings)
        {
            Line(text, 't', timing.ToString());
            foreach (var repeat in timing.RepeatTimes)
            {
                Line(text, 'r', repeat);
            }
        }

        Optional(text, 'z', session.TimeZones);
        Optional(text, 'k', session.EncryptionKey);
        if (session.Direction is { } direction)
        {
            Line(text, 'a', direction.ToAttributeName());
        }

        foreach (var attribute in session.Attributes)
        {
            Line(text, 'a', attribute.ToString());
        }

        foreach (var media in session.Media)
        {
            WriteMedia(text, media);
        }

        return text.ToString();
    }

    private static void WriteMedia(StringBuilder text, MediaDescription media)
    {
        text.Append("m=").Append(media.Media).Append(' ').Append(media.Port.ToString(CultureInfo.InvariantCulture));
        if (media.PortCount is { } count)
        {
            text.Append('/').Append(count.ToString(CultureInfo.InvariantCulture));
        }

        text.Append(' ').Append(media.Protocol);
        foreach (var format in media.Formats)
        {
            text.Append(' ').Append(format);
        }

        text.Append("\r\n");
        Optional(text, 'i', media.Title);
        Optional(text, 'c', media.Connection?.ToString());
        foreach (var bandwidth in media.Bandwidths)
        {
            Line(text, 'b', bandwidth.ToString());
        }

        Optional(text, 'k', media.EncryptionKey);

        // Each format's rtpmap and fmtp together, in m-line order, which is how offers are usually read by eye;
        // maps for formats absent from the m-line are kept after them rather than dropped.
        var written = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var format in media.Formats)
        {
            foreach (var map in media.RtpMaps)
            {
                if (map.PayloadType.ToString(CultureInfo.InvariantCulture) == format && written.Add(map))
                {
                    Line(text, 'a', "rtpmap:" + map);
                }
            }

            foreach (var fmtp in media.FormatParameters)
            {
                if (fmtp.Format == format && written.Add(fmtp))
                {
                    Line(text, 'a', "fmtp:" + fmtp);
                }
            }
        }

        foreach (var map in media.RtpMaps)
        {
            if (written.Add(map))
            {
                Line(text, 'a', "rtpmap:" + map);
            }
        }

        foreach (var fmtp in media.FormatParameters)
        {
            if (written.Add(fmtp))
            {
                Line(text, 'a', "fmtp:" + fmtp);
            }
        }

        if (media.PtimeMs is { } ptime)
        {
            Line(text, 'a', "ptime:" + ptime.ToString(CultureInfo.InvariantCulture));
        }

        if (media.MaxPtimeMs is { } maxPtime)
        {
            Line(text, 'a', "maxptime:" + maxPtime.ToString(CultureInfo.InvariantCulture));
        }

        if (media.Direction is { } direction)
        {
            Line(text, 'a', direction.ToAttributeName());
        }

        foreach (var attribute in media.Attributes)
        {
            Line(text, 'a', attribute.ToString());
        }
    }

    private static void Optional(StringBuilder text, char type, string? value)
    {
        if (value is not null)
        {
            Line(text, type, value);
        }
    }

    private static void Line(StringBuilder text, char type, string value) =>
        text.Append(type).Append('=').Append(value).Append("\r\n");
}
