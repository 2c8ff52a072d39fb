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
        if (!TryScan(text, out var syntax, out error))
        {
            uri = null;
            return false;
        }

        uri = Build(syntax);
        return true;
    }

    /// <summary>
    /// The URI grammar (§19.1.1, §25.1): checks <paramref name="text"/> and returns its parts as spans of it. Nothing is
    /// allocated on success (an IPv6 reference aside), so a received Request-URI is checked without being built.
    /// </summary>
    internal static bool TryScan(ReadOnlySpan<char> text, out SipUriSyntax syntax, [NotNullWhen(false)] out string? error)
    {
        syntax = default;
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

        var isSip = schemeText.Length is 3 or 4 && (schemeText.Length == 3 || (schemeText[3] | 0x20) == 's')
            && System.Text.Ascii.EqualsIgnoreCase(schemeText[..3], "sip");
        var rest = text[(colon + 1)..];
        if (!isSip)
        {
            if (rest.IsEmpty || rest.ContainsAnyExcept(SipGrammar.OpaqueUriChars))
            {
                error = $"invalid {schemeText.ToString().ToLowerInvariant()} URI";
                return false;
            }

            syntax = new SipUriSyntax { Scheme = schemeText, Opaque = rest };
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
        var at = rest.IndexOf('@');
        ReadOnlySpan<char> userinfo = [];
        if (at >= 0)
        {
            userinfo = rest[..at];
            rest = rest[(at + 1)..];
        }

        ReadOnlySpan<char> headers = [];
        var q = rest.IndexOf('?');
        if (q >= 0)
        {
            headers = rest[(q + 1)..];
            rest = rest[..q];
        }

        ReadOnlySpan<char> userPart = [];
        ReadOnlySpan<char> password = [];
        var pc = -1;
        if (at >= 0)
        {
            pc = userinfo.IndexOf(':');
            userPart = pc >= 0 ? userinfo[..pc] : userinfo;
            if (userPart.IsEmpty)
            {
                error = "empty user part before '@'";
                return false;
            }

            if (userPart.Contains('%') && !TryUnescape(userPart, build: false, out _))
            {
                error = "bad escape in the user part";
                return false;
            }

            password = pc >= 0 ? userinfo[(pc + 1)..] : [];
            if (password.ContainsAnyExcept(SipGrammar.PasswordChars) || (password.Contains('%') && !TryUnescape(password, build: false, out _)))
            {
                error = "bad escape in the password";
                return false;
            }
        }

        var semi = rest.IndexOf(';');
        var hostport = semi >= 0 ? rest[..semi] : rest;
        var paramText = semi >= 0 ? rest[semi..] : [];
        if (!TryScanHostPort(hostport, out var host, out var port, out error))
        {
            return false;
        }

        if (!SipParameters.IsValid(paramText, ';', out error))
        {
            return false;
        }

        syntax = new SipUriSyntax
        {
            Scheme = schemeText,
            IsSip = true,
            HasUser = at >= 0,
            User = userPart,
            HasPassword = pc >= 0,
            Password = password,
            Host = host,
            Port = port,
            Parameters = paramText,
            HasHeaders = q >= 0,
            Headers = headers,
        };
        return true;
    }

    /// <summary>The URI object for parts <see cref="TryScan"/> accepted.</summary>
    internal static SipUri Build(in SipUriSyntax s)
    {
        if (!s.IsSip)
        {
            return new SipUri(s.Scheme.ToString().ToLowerInvariant()) { Opaque = s.Opaque.ToString() };
        }

        string? user = null, password = null;
        if (s.HasUser)
        {
            TryUnescape(s.User, build: true, out user);
        }

        if (s.HasPassword)
        {
            TryUnescape(s.Password, build: true, out password);
        }

        var parameters = new SipParameters();
        SipParameters.TryParse(s.Parameters, ';', parameters, out _);
        return new SipUri(s.Scheme.Length == 4 ? "sips" : "sip")
        {
            User = user,
            Password = password,
            Host = s.Host.ToString(),
            Port = s.Port,
            Parameters = parameters,
            Headers = s.HasHeaders ? s.Headers.ToString() : null,
        };
    }

    /// <summary>
    /// An IPv6 address, or the one form RFC 3261 §25.1's IPv6address (inherited from RFC 2373) derives that RFC 4291
    /// does not: hexseq ":::" IPv4address. RFC 5118 §4.10 asks parsers to accept it; it means the "::" form.
    /// </summary>
    private static bool IsIpv6Reference(ReadOnlySpan<char> inner)
    {
        // An IPv4 address never holds ':', so a valid address that does is IPv6.
        if (inner.Contains(':') && IPAddress.IsValid(inner))
        {
            return true;
        }

        var triple = inner.IndexOf(":::", StringComparison.Ordinal);
        var v4 = triple > 0 ? inner[(triple + 3)..] : [];
        if (triple <= 0 || v4.Contains(':') || !IPAddress.IsValid(v4) || inner.Length > 64)
        {
            return false;
        }

        Span<char> fixedUp = stackalloc char[inner.Length - 1];
        inner[..triple].CopyTo(fixedUp);
        "::".CopyTo(fixedUp[triple..]);
        v4.CopyTo(fixedUp[(triple + 2)..]);
        return IPAddress.IsValid(fixedUp);
    }

    internal static bool TryParseHostPort(ReadOnlySpan<char> hostport, out string host, out int? port, [NotNullWhen(false)] out string? error)
    {
        var ok = TryScanHostPort(hostport, out var hostSpan, out port, out error);
        host = ok ? hostSpan.ToString() : "";
        return ok;
    }

    /// <summary>hostport (§25.1): the host (an IPv6 reference without its brackets) as a span of the input, and the port.</summary>
    internal static bool TryScanHostPort(ReadOnlySpan<char> hostport, out ReadOnlySpan<char> host, out int? port, [NotNullWhen(false)] out string? error)
    {
        host = [];
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

            host = inner;
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

            var bad = h.IndexOfAnyExcept(SipGrammar.HostChars);
            if (bad >= 0)
            {
                error = $"invalid character '{h[bad]}' in host '{h}'";
                return false;
            }

            host = h;
        }

        if (!portText.IsEmpty)
        {
            // port = 1*DIGIT; above 65535 it names no port.
            var p = 0;
            foreach (var d in portText)
            {
                if (d is < '0' or > '9' || (p = (p * 10) + (d - '0')) > 65535)
                {
                    error = $"invalid port '{portText}'";
                    return false;
                }
            }

            port = p;
        }

        return true;
    }

    private static bool IsScheme(ReadOnlySpan<char> s)
    {
        // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
        return !s.IsEmpty && char.IsAsciiLetter(s[0]) && !s.ContainsAnyExcept(SipGrammar.SchemeChars);
    }

    /// <summary>§25.1 escaped = "%" HEXDIG HEXDIG. Checks only when <paramref name="build"/> is false (no allocation).</summary>
    private static bool TryUnescape(ReadOnlySpan<char> s, bool build, out string? value)
    {
        value = null;
        if (!s.Contains('%'))
        {
            value = build ? s.ToString() : null;
            return true;
        }

        var bytes = build ? new List<byte>(s.Length) : null;
        Span<byte> tmp = stackalloc byte[4];
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%')
            {
                if (i + 2 >= s.Length || !byte.TryParse(s.Slice(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var b))
                {
                    return false;
                }

                bytes?.Add(b);
                i += 2;
            }
            else if (bytes is not null)
            {
                var n = Encoding.UTF8.GetBytes(s.Slice(i, 1), tmp);
                for (var k = 0; k < n; k++)
                {
                    bytes.Add(tmp[k]);
                }
            }
        }

        value = bytes is null ? null : Encoding.UTF8.GetString(bytes.ToArray());
        return true;
    }

    /// <summary>The URI without its parameters and headers: what a Request-URI comparison of user@host:port uses.</summary>
    public string HostPort => Port is { } p ? $"{FormatHost(Host)}:{p}" : FormatHost(Host);

    internal static string FormatHost(string host) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;

    public SipUri WithoutParameters() => new(Scheme) { User = User, Password = Password, Host = Host, Port = Port, Opaque = Opaque };

    /// <summary>The same host and port (no parameters) with another user part: another extension of the same server.</summary>
    public SipUri WithUser(string user) => new(Scheme) { User = user, Host = Host, Port = Port };

    public override string ToString()
    {
        var sb = new StringBuilder();
        var sink = new StringBuilderSink(sb);
        Format(ref sink);
        return sb.ToString();
    }

    /// <summary>The URI as text (§19.1.1), to a string or straight to the wire.</summary>
    internal void Format<TSink>(ref TSink sink)
        where TSink : ITextSink, allows ref struct
    {
        sink.Append(Scheme);
        sink.Append(':');
        if (!IsSip)
        {
            sink.Append(Opaque);
            return;
        }

        if (User is not null)
        {
            AppendEscaped(ref sink, User, "-_.!~*'()&=+$,;?/");
            if (Password is not null)
            {
                sink.Append(':');
                AppendEscaped(ref sink, Password, "-_.!~*'()&=+$,");
            }

            sink.Append('@');
        }

        if (IsIPv6Host)
        {
            sink.Append('[');
            sink.Append(Host);
            sink.Append(']');
        }
        else
        {
            sink.Append(Host);
        }

        if (Port is { } port)
        {
            sink.Append(':');
            sink.Append(port);
        }

        Parameters.Format(ref sink);
        if (Headers is not null)
        {
            sink.Append('?');
            sink.Append(Headers);
        }
    }

    private static void AppendEscaped<TSink>(ref TSink sink, string user, string unescaped)
        where TSink : ITextSink, allows ref struct
    {
        // RFC 3261 §25.1 user = 1*( unreserved / escaped / user-unreserved ) and password = *( unreserved / escaped /
        // "&" / "=" / "+" / "$" / "," ): anything else is %-escaped, byte by UTF-8 byte, so the URI reads back the same.
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in user.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || unescaped.Contains((char)rune.Value, StringComparison.Ordinal)))
            {
                sink.Append((char)rune.Value);
                continue;
            }

            var n = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..n])
            {
                sink.Append('%');
                sink.Append("0123456789ABCDEF"[b >> 4]);
                sink.Append("0123456789ABCDEF"[b & 0xF]);
            }
        }
    }
}

/// <summary>The parts of a URI as <see cref="SipUri.TryScan"/> found them: spans of the text it read.</summary>
internal readonly ref struct SipUriSyntax
{
    public ReadOnlySpan<char> Scheme { get; init; }

    public bool IsSip { get; init; }

    /// <summary>The text after "scheme:" of a URI that is neither sip nor sips.</summary>
    public ReadOnlySpan<char> Opaque { get; init; }

    public bool HasUser { get; init; }

    /// <summary>The user part as written (still %-escaped).</summary>
    public ReadOnlySpan<char> User { get; init; }

    public bool HasPassword { get; init; }

    public ReadOnlySpan<char> Password { get; init; }

    /// <summary>The host; an IPv6 reference without its brackets.</summary>
    public ReadOnlySpan<char> Host { get; init; }

    public int? Port { get; init; }

    /// <summary><c>;a=b;c</c> with its leading ';', already checked.</summary>
    public ReadOnlySpan<char> Parameters { get; init; }

    public bool HasHeaders { get; init; }

    public ReadOnlySpan<char> Headers { get; init; }
}
