using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace EfficientAI.Telephony.Sip.Messages;

/// <summary>
/// The value of From, To, Contact, Route and Record-Route (RFC 3261 §20.10, §25.1 name-addr / addr-spec).
/// Parameters after the URI belong to the header (for example the tag), not to the URI.
/// </summary>
public sealed class NameAddress
{
    public NameAddress(SipUri uri, string? displayName = null)
    {
        Uri = uri;
        DisplayName = displayName;
    }

    public string? DisplayName { get; init; }

    public SipUri Uri { get; }

    public SipParameters Parameters { get; init; } = new();

    public string? Tag
    {
        get => Parameters.Get("tag");
        set
        {
            if (value is null)
            {
                Parameters.Remove("tag");
            }
            else
            {
                Parameters.Set("tag", value);
            }
        }
    }

    public static NameAddress Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException($"invalid name-addr '{text}': {error}");

    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out NameAddress? value, [NotNullWhen(false)] out string? error)
    {
        if (!TryScan(text, out var syntax, out error))
        {
            value = null;
            return false;
        }

        value = Build(syntax);
        return true;
    }

    /// <summary>
    /// The name-addr / addr-spec grammar (§20.10, §25.1): checks <paramref name="text"/> and returns its parts as spans of
    /// it, allocating nothing on success, so that a received From, To or Contact is checked without being built.
    /// </summary>
    internal static bool TryScan(ReadOnlySpan<char> text, out NameAddressSyntax syntax, [NotNullWhen(false)] out string? error)
    {
        syntax = default;
        text = text.Trim();
        var hasDisplay = false;
        var quoted = false;
        ReadOnlySpan<char> display = [];
        ReadOnlySpan<char> uriText;
        ReadOnlySpan<char> paramText;
        if (text.IsEmpty)
        {
            error = "empty value";
            return false;
        }

        if (text[0] == '"')
        {
            var end = FindClosingQuote(text);
            if (end < 0)
            {
                error = "unterminated quoted display name";
                return false;
            }

            hasDisplay = quoted = true;
            display = text[1..end];
            text = text[(end + 1)..].TrimStart();
            if (text.IsEmpty || text[0] != '<')
            {
                error = "quoted display name not followed by '<'";
                return false;
            }
        }

        var lt = text.IndexOf('<');
        if (lt >= 0)
        {
            if (!hasDisplay && lt > 0)
            {
                var token = text[..lt].Trim();
                // display-name = *(token LWS) / quoted-string
                var bad = token.IndexOfAnyExcept(SipGrammar.UnquotedDisplayNameChars);
                if (bad >= 0)
                {
                    error = $"invalid character '{token[bad]}' in an unquoted display name";
                    return false;
                }

                hasDisplay = !token.IsEmpty;
                display = token;
            }

            var gt = text[lt..].IndexOf('>');
            if (gt < 0)
            {
                error = "'<' without a closing '>'";
                return false;
            }

            uriText = text.Slice(lt + 1, gt - 1);
            paramText = text[(lt + gt + 1)..];

            // §25.1 LAQUOT = SWS "<" and RAQUOT = ">" SWS: whitespace may surround the brackets, never sit inside them.
            if (!uriText.IsEmpty && (char.IsWhiteSpace(uriText[0]) || char.IsWhiteSpace(uriText[^1])))
            {
                error = "whitespace inside '<' '>' around the URI";
                return false;
            }
        }
        else
        {
            // addr-spec form: the URI cannot carry parameters of its own here (§20.10), so ';' starts header parameters.
            var semi = text.IndexOf(';');
            uriText = semi >= 0 ? text[..semi] : text;
            paramText = semi >= 0 ? text[semi..] : [];
            if (uriText.ContainsAny(',', '?'))
            {
                error = "addr-spec with ',' or '?' must be enclosed in '<' '>'";
                return false;
            }
        }

        if (!SipUri.TryScan(uriText, out var uri, out error))
        {
            return false;
        }

        if (!SipParameters.IsValid(paramText, ';', out error))
        {
            return false;
        }

        syntax = new NameAddressSyntax { HasDisplayName = hasDisplay, DisplayNameQuoted = quoted, DisplayName = display, Uri = uri, Parameters = paramText };
        return true;
    }

    /// <summary>The object for parts <see cref="TryScan"/> accepted.</summary>
    internal static NameAddress Build(in NameAddressSyntax s)
    {
        var display = !s.HasDisplayName ? null : s.DisplayNameQuoted ? UnquoteDisplay(s.DisplayName) : s.DisplayName.ToString();
        var parameters = new SipParameters();
        SipParameters.TryParse(s.Parameters, ';', parameters, out _);
        return new NameAddress(SipUri.Build(s.Uri), display) { Parameters = parameters };
    }

    private static int FindClosingQuote(ReadOnlySpan<char> text)
    {
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i;
            }
        }

        return -1;
    }

    private static string UnquoteDisplay(ReadOnlySpan<char> inner)
    {
        var sb = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length)
            {
                i++;
            }

            sb.Append(inner[i]);
        }

        return sb.ToString();
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        if (!string.IsNullOrEmpty(DisplayName))
        {
            sb.Append('"').Append(DisplayName.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\" ");
        }

        sb.Append('<').Append(Uri).Append('>');
        Parameters.AppendTo(sb);
        return sb.ToString();
    }
}

/// <summary>The parts of a name-addr or addr-spec as <see cref="NameAddress.TryScan"/> found them.</summary>
internal readonly ref struct NameAddressSyntax
{
    public bool HasDisplayName { get; init; }

    /// <summary>True when <see cref="DisplayName"/> is the inside of a quoted-string (still with its escapes).</summary>
    public bool DisplayNameQuoted { get; init; }

    public ReadOnlySpan<char> DisplayName { get; init; }

    public SipUriSyntax Uri { get; init; }

    /// <summary>The header parameters (<c>;tag=…</c>), already checked.</summary>
    public ReadOnlySpan<char> Parameters { get; init; }
}
