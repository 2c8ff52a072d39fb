using System.Globalization;

namespace EfficientAI.Telephony.Sip.Dialogs;

/// <summary>A DTMF digit carried in SIP INFO, as many PBXs and trunks send it instead of RFC 4733 events.</summary>
public readonly record struct InfoDtmf(char Digit, int DurationMs, long Timestamp);

/// <summary>
/// The two bodies of DTMF over INFO met in practice: <c>application/dtmf-relay</c> ("Signal=5\r\nDuration=160") and
/// <c>application/dtmf</c> (the digit alone). Neither is an RFC; both are read liberally.
/// </summary>
public static class InfoDtmfBody
{
    public const string RelayContentType = "application/dtmf-relay";
    public const string PlainContentType = "application/dtmf";

    /// <summary>The digits DTMF knows (RFC 4733 §3.2 events 0–15), as written.</summary>
    public static bool IsDigit(char c) => c is (>= '0' and <= '9') or '*' or '#' or (>= 'A' and <= 'D');

    public static string Format(char digit, int durationMs) =>
        string.Create(CultureInfo.InvariantCulture, $"Signal={digit}\r\nDuration={durationMs}\r\n");

    public static bool TryParse(string? contentType, string body, out char digit, out int durationMs)
    {
        digit = '\0';
        durationMs = 0;
        var type = contentType?.Split(';')[0].Trim() ?? "";
        if (type.Equals(PlainContentType, StringComparison.OrdinalIgnoreCase))
        {
            var text = body.Trim();
            return text.Length == 1 && TryDigit(text[0], out digit);
        }

        if (!type.Equals(RelayContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var found = false;
        foreach (var raw in body.Split('\n'))
        {
            var line = raw.Trim();
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var name = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (name.Equals("Signal", StringComparison.OrdinalIgnoreCase))
            {
                // Some senders write the event number (10 = '*', 11 = '#') instead of the character.
                found = value.Length == 1 ? TryDigit(value[0], out digit)
                    : value == "10" ? (digit = '*') != '\0'
                    : value == "11" ? (digit = '#') != '\0'
                    : false;
            }
            else if (name.Equals("Duration", StringComparison.OrdinalIgnoreCase))
            {
                _ = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out durationMs);
            }
        }

        return found;
    }

    private static bool TryDigit(char c, out char digit)
    {
        digit = char.ToUpperInvariant(c);
        return IsDigit(digit);
    }
}
