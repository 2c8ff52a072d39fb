using System.Globalization;

namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>
/// The value grammars of the individual SDP lines and attributes (RFC 8866 §5, §6). Each returns false with an
/// error that quotes the value and says what would be valid; <see cref="SdpParser"/> adds the line number.
/// </summary>
internal static class SdpFieldParser
{
    private static readonly char[] Space = [' '];

    public static bool TryParseOrigin(string value, out SdpOrigin origin, out string error)
    {
        origin = null!;
        var parts = value.Split(Space, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6)
        {
            error = $"'o={value}': expected '<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>' (RFC 8866 §5.2)";
            return false;
        }

        if (!ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong id))
        {
            error = $"'o=' session id '{parts[1]}' is not a decimal number (RFC 8866 §5.2)";
            return false;
        }

        if (!ulong.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out ulong version))
        {
            error = $"'o=' session version '{parts[2]}' is not a decimal number (RFC 8866 §5.2)";
            return false;
        }

        origin = new SdpOrigin(parts[0], id, version, parts[3], parts[4], parts[5]);
        error = string.Empty;
        return true;
    }

    public static bool TryParseConnection(string value, out SdpConnection connection, out string error)
    {
        connection = null!;
        var parts = value.Split(Space, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3)
        {
            error = $"'c={value}': expected '<nettype> <addrtype> <connection-address>' (RFC 8866 §5.7)";
            return false;
        }

        connection = new SdpConnection(parts[0], parts[1], parts[2]);
        if (parts[0] == "IN")
        {
            if (parts[1] is not ("IP4" or "IP6"))
            {
                error = $"'c={value}': address type '{parts[1]}' is neither IP4 nor IP6";
                return false;
            }

            // A literal of the wrong family is a contradiction; a domain name is allowed (RFC 8866 §5.7).
            bool looksLiteral = parts[2].Contains(':', StringComparison.Ordinal)
                || (char.IsAsciiDigit(parts[2][0]) && parts[2].Split('/')[0].Split('.').Length == 4);
            if (looksLiteral && !connection.TryGetIPAddress(out _))
            {
                error = $"'c={value}': '{parts[2]}' is not a valid {parts[1]} address";
                return false;
            }
        }

        error = string.Empty;
        return true;
    }

    public static bool TryParseBandwidth(string value, out SdpBandwidth bandwidth, out string error)
    {
        bandwidth = null!;
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0
            || !long.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long amount))
        {
            error = $"'b={value}': expected '<bwtype>:<bandwidth>' with a decimal bandwidth (RFC 8866 §5.8)";
            return false;
        }

        bandwidth = new SdpBandwidth(value[..colon], amount);
        error = string.Empty;
        return true;
    }

    public static bool TryParseTiming(string value, out SdpTiming timing, out string error)
    {
        timing = null!;
        var parts = value.Split(Space, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2
            || !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong start)
            || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong stop))
        {
            error = $"'t={value}': expected '<start-time> <stop-time>' as decimal NTP seconds (RFC 8866 §5.9)";
            return false;
        }

        timing = new SdpTiming(start, stop);
        error = string.Empty;
        return true;
    }

    public static bool TryParseMediaLine(string value, out MediaDescription media, out string error)
    {
        media = null!;
        var parts = value.Split(Space, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3)
        {
            error = $"'m={value}': expected '<media> <port>[/<number of ports>] <proto> <fmt> ...' (RFC 8866 §5.14)";
            return false;
        }

        string portText = parts[1];
        int? portCount = null;
        int slash = portText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!int.TryParse(portText.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1)
            {
                error = $"'m={value}': number of ports '{portText[(slash + 1)..]}' is not a positive number";
                return false;
            }

            portCount = count;
            portText = portText[..slash];
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            error = $"'m={value}': port '{portText}' is not a number from 0 to 65535";
            return false;
        }

        media = new MediaDescription(parts[0], port, parts[2]) { PortCount = portCount };
        for (int i = 3; i < parts.Length; i++)
        {
            if (media.IsRtpAudio
                && (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out int payloadType) || payloadType > 127))
            {
                error = $"'m={value}': format '{parts[i]}' is not an RTP payload type 0-127 (RFC 3551 §6)";
                return false;
            }

            media.Formats.Add(parts[i]);
        }

        error = string.Empty;
        return true;
    }

    public static bool TryParseRtpMap(string value, out SdpRtpMap map, out string error)
    {
        map = null!;
        error = $"'a=rtpmap:{value}': expected '<payload type> <encoding name>/<clock rate>[/<encoding parameters>]' (RFC 8866 §6.6)";
        int space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0
            || !int.TryParse(value.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out int payloadType)
            || payloadType > 127)
        {
            return false;
        }

        var encoding = value[(space + 1)..].Trim(' ').Split('/');
        if (encoding.Length is < 2 or > 3
            || encoding[0].Length == 0
            || !int.TryParse(encoding[1], NumberStyles.None, CultureInfo.InvariantCulture, out int clockRate)
            || clockRate == 0)
        {
            return false;
        }

        map = new SdpRtpMap(payloadType, encoding[0], clockRate, encoding.Length == 3 ? encoding[2] : null);
        error = string.Empty;
        return true;
    }

    public static bool TryParseMilliseconds(string value, out int milliseconds)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out milliseconds) && milliseconds > 0)
        {
            return true;
        }

        // RFC 8866 §6.4 allows a decimal fraction ("a=ptime:20.0"); we keep whole milliseconds.
        if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal fractional)
            && fractional >= 1 && fractional <= int.MaxValue)
        {
            milliseconds = (int)Math.Round(fractional, MidpointRounding.AwayFromZero);
            return true;
        }

        return false;
    }

    public static SdpAttribute SplitAttribute(string value)
    {
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? new SdpAttribute(value) : new SdpAttribute(value[..colon], value[(colon + 1)..]);
    }
}
