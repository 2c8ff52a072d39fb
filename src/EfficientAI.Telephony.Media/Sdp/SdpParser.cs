using System.Globalization;

namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>
/// Reads SDP text (RFC 8866 §5, §9). Strict where a mistake would change the meaning (numbers, addresses, the
/// <c>type=value</c> form) and liberal where senders commonly differ (bare LF line ends, blank lines, an empty
/// <c>s=</c>, a missing <c>t=</c>, session-level lines out of order).
/// </summary>
internal static class SdpParser
{
    public static SdpParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        SessionDescription? session = null;
        MediaDescription? media = null;
        SdpTiming? timing = null;
        bool sawVersion = false;
        bool sawName = false;
        int lineNumber = 0;

        var remaining = text.AsSpan();
        while (!remaining.IsEmpty)
        {
            // RFC 8866 §5 ends lines with CRLF; a bare LF is accepted too. Nothing else (U+2028, FF) ends a line.
            int newline = remaining.IndexOf('\n');
            var line = newline < 0 ? remaining : remaining[..newline];
            remaining = newline < 0 ? [] : remaining[(newline + 1)..];
            if (!line.IsEmpty && line[^1] == '\r')
            {
                line = line[..^1];
            }

            lineNumber++;
            if (line.IsEmpty)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
            {
                return SdpParseResult.Fail(lineNumber, $"expected '<type>=<value>' with a lower-case type letter, got '{Shorten(line)}'");
            }

            char type = line[0];
            string value = line[2..].ToString();

            if (!sawVersion)
            {
                if (type != 'v')
                {
                    return SdpParseResult.Fail(lineNumber, $"a session description starts with 'v=0' (RFC 8866 §5.1), got '{Shorten(line)}'");
                }

                if (value != "0")
                {
                    return SdpParseResult.Fail(lineNumber, $"unsupported protocol version '{value}'; only 'v=0' exists");
                }

                sawVersion = true;
                continue;
            }

            if (type == 'v')
            {
                return SdpParseResult.Fail(lineNumber, "a second 'v=' line; one text holds one session description");
            }

            if (session is null)
            {
                if (type != 'o')
                {
                    return SdpParseResult.Fail(lineNumber, $"expected the 'o=' line after 'v=0' (RFC 8866 §5), got '{Shorten(line)}'");
                }

                if (!SdpFieldParser.TryParseOrigin(value, out var origin, out string? originError))
                {
                    return SdpParseResult.Fail(lineNumber, originError);
                }

                session = new SessionDescription(origin);
                continue;
            }

            string? error = media is null
                ? ParseSessionLine(session, type, value, ref timing, ref sawName)
                : ParseMediaLine(media, type, value);

            if (error is null && type == 'm')
            {
                if (!SdpFieldParser.TryParseMediaLine(value, out var next, out var mediaLineError))
                {
                    return SdpParseResult.Fail(lineNumber, mediaLineError);
                }

                session.Media.Add(next);
                media = next;
            }

            if (error is not null)
            {
                return SdpParseResult.Fail(lineNumber, error);
            }
        }

        if (!sawVersion)
        {
            return SdpParseResult.Fail(0, "empty session description: expected 'v=0' on the first line");
        }

        if (session is null)
        {
            return SdpParseResult.Fail(0, "missing the 'o=' line (RFC 8866 §5.2)");
        }

        return SdpParseResult.Ok(session);
    }

    /// <summary>Session-level lines; returns null when the line was taken (or is an <c>m=</c> line), else the error.</summary>
    private static string? ParseSessionLine(SessionDescription session, char type, string value, ref SdpTiming? timing, ref bool sawName)
    {
        switch (type)
        {
            case 'o':
                return "a second 'o=' line";
            case 's':
                if (sawName)
                {
                    return "a second 's=' line";
                }

                sawName = true;

                // RFC 8866 §5.3 asks for "s= " when there is no name; RFC 4317's examples send "s=" and peers do too.
                session.SessionName = value;
                return null;
            case 'i':
                session.Information = value;
                return null;
            case 'u':
                session.Uri = value;
                return null;
            case 'e':
                session.Emails.Add(value);
                return null;
            case 'p':
                session.Phones.Add(value);
                return null;
            case 'c':
                if (!SdpFieldParser.TryParseConnection(value, out var connection, out string? connectionError))
                {
                    return connectionError;
                }

                session.Connection = connection;
                return null;
            case 'b':
                if (!SdpFieldParser.TryParseBandwidth(value, out var bandwidth, out string? bandwidthError))
                {
                    return bandwidthError;
                }

                session.Bandwidths.Add(bandwidth);
                return null;
            case 't':
                if (!SdpFieldParser.TryParseTiming(value, out timing, out string? timingError))
                {
                    return timingError;
                }

                session.Timings.Add(timing);
                return null;
            case 'r':
                if (timing is null)
                {
                    return "an 'r=' line must follow the 't=' line it repeats (RFC 8866 §5.10)";
                }

                timing.RepeatTimes.Add(value);
                return null;
            case 'z':
                session.TimeZones = value;
                return null;
            case 'k':
                session.EncryptionKey = value;
                return null;
            case 'a':
                var attribute = SdpFieldParser.SplitAttribute(value);
                if (attribute.Value is null && MediaDirections.TryParseAttributeName(attribute.Name, out var direction))
                {
                    session.Direction = direction;
                }
                else
                {
                    session.Attributes.Add(attribute);
                }

                return null;
            case 'm':
                return null;
            default:
                // RFC 8866 §5: a parser must ignore or reject a description with a type letter it does not know;
                // rejecting tells the sender why instead of silently dropping its media.
                return $"unknown line type '{type}='; RFC 8866 §5 defines v o s i u e p c b t r z k a m";
        }
    }

    /// <summary>Media-level lines; returns null when the line was taken (or is an <c>m=</c> line), else the error.</summary>
    private static string? ParseMediaLine(MediaDescription media, char type, string value)
    {
        switch (type)
        {
            case 'm':
                return null;
            case 'i':
                media.Title = value;
                return null;
            case 'c':
                if (!SdpFieldParser.TryParseConnection(value, out var connection, out string? connectionError))
                {
                    return connectionError;
                }

                media.Connection = connection;
                return null;
            case 'b':
                if (!SdpFieldParser.TryParseBandwidth(value, out var bandwidth, out string? bandwidthError))
                {
                    return bandwidthError;
                }

                media.Bandwidths.Add(bandwidth);
                return null;
            case 'k':
                media.EncryptionKey = value;
                return null;
            case 'a':
                return ParseMediaAttribute(media, SdpFieldParser.SplitAttribute(value));
            case 'o' or 's' or 'u' or 'e' or 'p' or 't' or 'r' or 'z':
                return $"'{type}=' is a session-level line and cannot follow an 'm=' line (RFC 8866 §5)";
            default:
                return $"unknown line type '{type}='; RFC 8866 §5 defines v o s i u e p c b t r z k a m";
        }
    }

    private static string? ParseMediaAttribute(MediaDescription media, SdpAttribute attribute)
    {
        switch (attribute.Name)
        {
            case "rtpmap" when attribute.Value is not null:
                if (!SdpFieldParser.TryParseRtpMap(attribute.Value, out var map, out string? mapError))
                {
                    return mapError;
                }

                media.RtpMaps.Add(map);
                return null;
            case "fmtp" when attribute.Value is not null:
                int space = attribute.Value.IndexOf(' ', StringComparison.Ordinal);
                if (space == 0 || attribute.Value.Length == 0)
                {
                    // Without its format the line cannot be tied to an m= format, nor written back as it was read.
                    return $"'a=fmtp:{attribute.Value}': expected a format, then its parameters (RFC 8866 §6.15: a=fmtp:<format> <parameters>)";
                }

                if (space < 0)
                {
                    // An fmtp with a format and no parameters is meaningless but harmless; keep it as written.
                    media.FormatParameters.Add(new SdpFormatParameters(attribute.Value, string.Empty));
                }
                else
                {
                    media.FormatParameters.Add(new SdpFormatParameters(
                        attribute.Value[..space],
                        attribute.Value[(space + 1)..].TrimStart(' ')));
                }

                return null;
            case "ptime" when attribute.Value is not null:
                if (!SdpFieldParser.TryParseMilliseconds(attribute.Value, out int ptime))
                {
                    return $"'a=ptime:{attribute.Value}': expected a packet time in milliseconds (RFC 8866 §6.4)";
                }

                media.PtimeMs = ptime;
                return null;
            case "maxptime" when attribute.Value is not null:
                if (!SdpFieldParser.TryParseMilliseconds(attribute.Value, out int maxPtime))
                {
                    return $"'a=maxptime:{attribute.Value}': expected a packet time in milliseconds (RFC 8866 §6.5)";
                }

                media.MaxPtimeMs = maxPtime;
                return null;
            default:
                if (attribute.Value is null && MediaDirections.TryParseAttributeName(attribute.Name, out var direction))
                {
                    media.Direction = direction;
                }
                else
                {
                    media.Attributes.Add(attribute);
                }

                return null;
        }
    }

    private static string Shorten(ReadOnlySpan<char> line) =>
        line.Length <= 60 ? line.ToString() : string.Concat(line[..57], "...");
}
