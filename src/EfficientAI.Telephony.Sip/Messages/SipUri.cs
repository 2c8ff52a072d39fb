using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;

namespace EfficientAI.Telephony.Sip.Messages;

/// <summary>
/// A SIP or SIPS URI (RFC 3261 §19.1). Other schemes (tel:, urn:, http:) are kept verbatim as an absolute URI
/// so that a request carrying one can still be parsed, proxied and answered.
/// </summary>
public sealed class SipUri
{
    private SipUri(string scheme)
    {
        Scheme = scheme;
    }

    /// <summary>"sip", "sips", or another scheme in lower case.</summary>
    public string Scheme { get; }

    public string? User { get; init; }

    public string? Password { get; init; }

    /// <summary>Host name, IPv4 address, or IPv6 reference without its brackets. Empty for non-SIP schemes.</summary>
    public string Host { get; init; } = "";

    public int? Port { get; init; }

    public SipParameters Parameters { get; private init; } = new();

    /// <summary>The <c>?h=v&amp;…</c> part, without the question mark, as written.</summary>
    public string? Headers { get; init; }

    /// <summary>The text after "scheme:" for a non-SIP URI.</summary>
    public string? Opaque { get; init; }

    public bool IsSip => Scheme is "sip" or "sips";

    public bool IsIPv6Host => Host.Contains(':', StringComparison.Ordinal);

    public static SipUri Create(string? user, string host, int? port = null, bool secure = false) =>
        new(secure ? "sips" : "sip") { User = user, Host = host, Port = port };

    public static SipUri Parse(string text) =>
        TryParse(text, out var uri, out var error) ? uri : throw new FormatException($"invalid URI '{text}': {error}");

    public static bool TryParse(string text, [NotNullWhen(true)] out SipUri? uri, [NotNullWhen(false)] out string? error) =>
        TryParse(text.AsSpan(), out uri, out error);

    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SipUri? uri, [NotNullWhen(false)] out string? error)
    {
        uri = null;
        text = text.Trim();
        var colon = text.IndexOf(':');
        if (colon <= 0)
        {
            error = "missing scheme";
            return false;
        }

        var schemeText = text[..colon];
        if (!IsScheme(schemeText))
        {
            error = $"invalid scheme '{schemeText}'";
            return false;
        }

        var scheme = schemeText.ToString().ToLowerInvariant();
        var rest = text[(colon + 1)..];
        if (scheme is not ("sip" or "sips"))
        {
            if (rest.IsEmpty || rest.ContainsAny(' ', '\t'))
            {
                error = $"invalid {scheme} URI";
                return false;
            }

            uri = new SipUri(scheme) { Opaque = rest.ToString() };
            error = null;
            return true;
        }

        if (rest.IndexOfAny(" \t\r\n") >= 0)
        {
            error = "whitespace inside the URI";
            return false;
        }

        // §25.1: no part of the URI after "sip:" may hold an unescaped '@' except the end of userinfo, while the user
        // part may hold '?' (user-unreserved). So the first '@' ends userinfo, and only a '?' after it starts headers.
        string? user = null, password = null;
        var at = rest.IndexOf('@');
        ReadOnlySpan<char> userinfo = [];
        if (at >= 0)
        {
            userinfo = rest[..at];
            rest = rest[(at + 1)..];
        }

        string? headers = null;
        var q = rest.IndexOf('?');
        if (q >= 0)
        {
            headers = rest[(q + 1)..].ToString();
            rest = rest[..q];
        }

        if (at >= 0)
        {
            var pc = userinfo.IndexOf(':');
            var userPart = pc >= 0 ? userinfo[..pc] : userinfo;
            if (userPart.IsEmpty)
            {
                error = "empty user part before '@'";
                return false;
            }

            if (!TryUnescape(userPart, out user))
            {
                error = "bad escape in the user part";
                return false;
            }

            if (pc >= 0 && !TryUnescape(userinfo[(pc + 1)..], out password))
            {
                error = "bad escape in the password";
                return false;
            }
        }

        var semi = rest.IndexOf(';');
        var hostport = semi >= 0 ? rest[..semi] : rest;
        var paramText = semi >= 0 ? rest[semi..] : [];
        if (!TryParseHostPort(hostport, out var host, out var port, out error))
        {
            return false;
        }

        var parameters = new SipParameters();
        if (!SipParameters.TryParse(paramText, ';', parameters, out error))
        {
            return false;
        }

        uri = new SipUri(scheme) { User = user, Password = password, Host = host, Port = port, Parameters = parameters, Headers = headers };
        return true;
    }

    /// <summary>
    /// An IPv6 address, or the one form RFC 3261 §25.1's IPv6address (inherited from RFC 2373) derives that RFC 4291
    /// does not: hexseq ":::" IPv4address. RFC 5118 §4.10 asks parsers to accept it; it means the "::" form.
    /// </summary>
    private static bool IsIpv6Reference(ReadOnlySpan<char> inner)
    {
        if (IPAddress.TryParse(inner, out var ip6) && ip6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return true;
        }

        var triple = inner.IndexOf(":::", StringComparison.Ordinal);
        if (triple <= 0 || inner[(triple + 3)..].Contains(':')
            || !IPAddress.TryParse(inner[(triple + 3)..], out var v4) || v4.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return false;
        }

        return IPAddress.TryParse(string.Concat(inner[..triple], "::", inner[(triple + 3)..]), out var fixedUp)
            && fixedUp.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
    }

    internal static bool TryParseHostPort(ReadOnlySpan<char> hostport, out string host, out int? port, [NotNullWhen(false)] out string? error)
    {
        host = "";
        port = null;
        error = null;
        ReadOnlySpan<char> portText = [];
        if (hostport.StartsWith("["))
        {
            var close = hostport.IndexOf(']');
            if (close < 0)
            {
                error = "IPv6 reference without ']'";
                return false;
            }

            var inner = hostport[1..close];
            if (!IsIpv6Reference(inner))
            {
                error = $"invalid IPv6 reference '[{inner}]'";
                return false;
            }

            host = inner.ToString();
            var after = hostport[(close + 1)..];
            if (!after.IsEmpty)
            {
                if (after[0] != ':')
                {
                    error = "unexpected text after the IPv6 reference";
                    return false;
                }

                portText = after[1..];
                if (portText.IsEmpty)
                {
                    error = "empty port";
                    return false;
                }
            }
        }
        else
        {
            var c = hostport.IndexOf(':');
            var h = c >= 0 ? hostport[..c] : hostport;
            if (c >= 0)
            {
                portText = hostport[(c + 1)..];
                if (portText.IsEmpty)
                {
                    error = "empty port";
                    return false;
                }
            }

            if (h.IsEmpty)
            {
                error = "empty host";
                return false;
            }

            if (h.Contains(':'))
            {
                error = "IPv6 address without brackets";
                return false;
            }

            foreach (var ch in h)
            {
                if (!(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '.'))
                {
                    error = $"invalid character '{ch}' in host '{h}'";
                    return false;
                }
            }

            host = h.ToString();
        }

        if (!portText.IsEmpty)
        {
            if (!int.TryParse(portText, System.Globalization.NumberStyles.None, null, out var p) || p > 65535)
            {
                error = $"invalid port '{portText}'";
                return false;
            }

            port = p;
        }

        return true;
    }

    private static bool IsScheme(ReadOnlySpan<char> s)
    {
        // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
        if (s.IsEmpty || !char.IsAsciiLetter(s[0]))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryUnescape(ReadOnlySpan<char> s, out string? value)
    {
        value = null;
        if (!s.Contains('%'))
        {
            value = s.ToString();
            return true;
        }

        var bytes = new List<byte>(s.Length);
        Span<byte> tmp = stackalloc byte[4];
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%')
            {
                if (i + 2 >= s.Length || !byte.TryParse(s.Slice(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var b))
                {
                    return false;
                }

                bytes.Add(b);
                i += 2;
            }
            else
            {
                var n = Encoding.UTF8.GetBytes(s.Slice(i, 1), tmp);
                for (var k = 0; k < n; k++)
                {
                    bytes.Add(tmp[k]);
                }
            }
        }

        value = Encoding.UTF8.GetString(bytes.ToArray());
        return true;
    }

    /// <summary>The URI without its parameters and headers: what a Request-URI comparison of user@host:port uses.</summary>
    public string HostPort => Port is { } p ? $"{FormatHost(Host)}:{p}" : FormatHost(Host);

    internal static string FormatHost(string host) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;

    public SipUri WithoutParameters() => new(Scheme) { User = User, Password = Password, Host = Host, Port = Port, Opaque = Opaque };

    public override string ToString()
    {
        if (!IsSip)
        {
            return $"{Scheme}:{Opaque}";
        }

        var sb = new StringBuilder();
        sb.Append(Scheme).Append(':');
        if (User is not null)
        {
            AppendEscapedUser(sb, User);
            if (Password is not null)
            {
                sb.Append(':').Append(Password);
            }

            sb.Append('@');
        }

        sb.Append(HostPort);
        Parameters.AppendTo(sb);
        if (Headers is not null)
        {
            sb.Append('?').Append(Headers);
        }

        return sb.ToString();
    }

    private static void AppendEscapedUser(StringBuilder sb, string user)
    {
        // RFC 3261 §25.1 user = 1*( unreserved / escaped / user-unreserved )
        foreach (var b in Encoding.UTF8.GetBytes(user))
        {
            var c = (char)b;
            if (b < 128 && (char.IsAsciiLetterOrDigit(c) || "-_.!~*'()&=+$,;?/".Contains(c, StringComparison.Ordinal)))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
