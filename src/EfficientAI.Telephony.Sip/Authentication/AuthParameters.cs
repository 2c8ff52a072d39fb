using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace EfficientAI.Telephony.Sip.Authentication;

/// <summary>
/// Reads and writes the comma-separated <c>name=token</c> / <c>name="quoted-string"</c> lists that follow the
/// scheme in WWW-Authenticate, Proxy-Authenticate, Authorization and Proxy-Authorization (RFC 3261 §25.1
/// digest-cln / dig-resp, RFC 7616 §3.3–§3.4).
/// </summary>
internal static class AuthParameters
{
    /// <summary>
    /// Splits <c>Digest a=1, b="x, y"</c> into its scheme and parameters. Names are returned as written; lookups are
    /// case-insensitive (§3.3: "the parameter names are case-insensitive").
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out string? scheme, [NotNullWhen(true)] out Dictionary<string, string>? parameters, [NotNullWhen(false)] out string? error)
    {
        scheme = null;
        parameters = null;
        var s = text.AsSpan().Trim();
        var space = s.IndexOfAny(' ', '\t');
        if (space <= 0)
        {
            error = $"'{Shorten(text)}' is not a scheme followed by parameters";
            return false;
        }

        scheme = s[..space].ToString();
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = space;
        while (true)
        {
            SkipWhitespace(s, ref i);
            if (i >= s.Length)
            {
                break;
            }

            var nameStart = i;
            while (i < s.Length && s[i] is not ('=' or ',' or ' ' or '\t'))
            {
                i++;
            }

            var name = s[nameStart..i].ToString();
            SkipWhitespace(s, ref i);
            if (name.Length == 0 || i >= s.Length || s[i] != '=')
            {
                error = $"parameter '{name}' at column {nameStart + 1} has no '=' value";
                return false;
            }

            i++;
            SkipWhitespace(s, ref i);
            string value;
            if (i < s.Length && s[i] == '"')
            {
                // quoted-string with quoted-pair escapes (RFC 3261 §25.1)
                var sb = new StringBuilder();
                i++;
                var closed = false;
                while (i < s.Length)
                {
                    var c = s[i++];
                    if (c == '\\' && i < s.Length)
                    {
                        sb.Append(s[i++]);
                    }
                    else if (c == '"')
                    {
                        closed = true;
                        break;
                    }
                    else
                    {
                        sb.Append(c);
                    }
                }

                if (!closed)
                {
                    error = $"parameter '{name}' has an unterminated quoted string";
                    return false;
                }

                value = sb.ToString();
            }
            else
            {
                var valueStart = i;
                while (i < s.Length && s[i] is not (',' or ' ' or '\t'))
                {
                    i++;
                }

                value = s[valueStart..i].ToString();
                if (value.Length == 0)
                {
                    error = $"parameter '{name}' has an empty value";
                    return false;
                }
            }

            if (!result.TryAdd(name, value))
            {
                // RFC 7616 §3.3 allows each directive once; a repeated one makes the challenge ambiguous.
                error = $"parameter '{name}' appears twice";
                return false;
            }

            SkipWhitespace(s, ref i);
            if (i < s.Length)
            {
                if (s[i] != ',')
                {
                    error = $"expected ',' after parameter '{name}' at column {i + 1}";
                    return false;
                }

                i++;
            }
        }

        parameters = result;
        error = null;
        return true;
    }

    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static void SkipWhitespace(ReadOnlySpan<char> s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t' or '\r' or '\n')
        {
            i++;
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
