using System.Text;
using CsCheck;

namespace EfficientAI.Telephony.Fuzz.Tests;

/// <summary>
/// Grammar-aware SIP messages (RFC 3261 §25): start lines, headers by their long and compact names with values made of
/// name-addrs, URIs with IPv6 references, parameters, quoted strings with escapes, lists, and a Content-Length that
/// may lie about the body. Most parts are drawn from valid forms with a few invalid ones mixed in.
/// </summary>
internal static class SipGrammar
{
    public static readonly Gen<string> Token = Gen.OneOf("alice", "bob", "a", "x-y", "%41", "user;p=1", "", "!~*'.", "a b", "ü", "1234567890");

    public static readonly Gen<string> Host = Gen.OneOf(
        "example.com", "atlanta.example.com", "192.0.2.1", "255.255.255.255", "256.1.1.1", "[2001:db8::1]", "[::1]",
        "[::ffff:192.0.2.1]", "[2001:db8::1", "2001:db8::1", "[]", "[2001:db8:::1]", "a..b", "-a.com", "", "[fe80::1%25eth0]", "x_y.com");

    public static readonly Gen<string> Port = Gen.OneOf("", "", ":5060", ":0", ":65535", ":65536", ":99999999999", ":-1", ":", ":5o60");

    public static readonly Gen<string> QuotedString = Gen.OneOf(
        "\"\"", "\"Alice\"", "\"A \\\"quoted\\\" name\"", "\"\\\\\"", "\"unterminated", "\"tab\there\"", "\"é\"", "\"a\\\"", "\"\\\u0001\"");

    public static readonly Gen<string> ParamValue = Gen.OneOf<string>(Token, Host, QuotedString, Gen.OneOf("z9hG4bK776asdhds", "tcp", "0", "4294967296"));

    public static readonly Gen<string> Params = Gen.Select(
        Gen.OneOf("tag", "branch", "transport", "lr", "maddr", "received", "rport", "ttl", "expires", "q", "x", "", "user"),
        Gen.Bool,
        ParamValue,
        (name, flag, value) => flag ? $";{name}" : $";{name}={value}").Array[0, 5].Select(string.Concat);

    public static readonly Gen<string> Uri = Gen.Select(
        Gen.OneOf("sip:", "sips:", "SIP:", "tel:", "urn:", "", "sip:sip:"),
        Gen.Select(Token, Gen.Bool, (t, at) => at ? t + "@" : "").Select(s => s),
        Host,
        Port,
        Params,
        Gen.OneOf("", "", "?Subject=x", "?a=b&c=%20d", "?"),
        (scheme, user, host, port, ps, headers) => scheme + user + host + port + ps + headers);

    public static readonly Gen<string> NameAddr = Gen.Select(
        Gen.OneOf<string>(Gen.Const(""), QuotedString, Token.Select(t => t + " ")),
        Uri,
        Gen.Int[0, 3],
        Params,
        (display, uri, form, ps) => form switch
        {
            0 => $"{display}<{uri}>{ps}",
            1 => $"{display} < {uri} > {ps}",
            2 => uri + ps,
            _ => $"<{uri}",
        });

    public static readonly Gen<string> Via = Gen.Select(
        Gen.OneOf("SIP/2.0/UDP", "SIP/2.0/TCP", "SIP / 2.0 / TLS", "SIP/2.0/", "SIP/3.0/UDP", "sip/2.0/ws", "SIP/2.0"),
        Host,
        Port,
        Params,
        (proto, host, port, ps) => $"{proto} {host}{port}{ps}");

    public static readonly Gen<string> Challenge = Gen.Select(
        Gen.OneOf("Digest", "digest", "Basic", "", "Digest,"),
        Gen.Select(
            Gen.OneOf("realm", "nonce", "opaque", "algorithm", "qop", "stale", "domain", "userhash", "charset", "x", "", "realm"),
            Gen.OneOf<string>(QuotedString, Token, Gen.OneOf("MD5", "SHA-256", "SHA-512-256", "MD5-sess", "\"auth,auth-int\"", "true", "FALSE", "\"auth\"")),
            Gen.OneOf("=", " = ", "", "=="),
            (n, v, eq) => n + eq + v).Array[0, 8],
        Gen.OneOf(",", ", ", " ,", ",,", " "),
        (scheme, ps, sep) => scheme + " " + string.Join(sep, ps));

    private static readonly Gen<(string Name, Gen<string> Value)> Header = Gen.OneOf<(string, Gen<string>)>(
        ("Via", Via), ("v", Via.Array[1, 3].Select(v => string.Join(", ", v))),
        ("From", NameAddr), ("f", NameAddr), ("To", NameAddr), ("t", NameAddr),
        ("Contact", NameAddr.Array[1, 4].Select(v => string.Join(",", v))), ("m", Gen.OneOf<string>(NameAddr, Gen.Const("*"))),
        ("Route", NameAddr.Array[1, 3].Select(v => string.Join(", ", v))), ("Record-Route", NameAddr),
        ("Call-ID", Gen.OneOf("a84b4c76e66710@pc33.atlanta.com", "", "x y", "[::1]")), ("i", Token),
        ("CSeq", Gen.Select(Gen.OneOf("1", "0", "4294967295", "4294967296", "-1", "", "01"), Gen.OneOf("INVITE", "ACK", "BYE", "FOO", "", "INVITE x"), (n, m) => $"{n} {m}")),
        ("Max-Forwards", Gen.OneOf("70", "0", "255", "256", "-1", "x", "99999999999")),
        ("Content-Length", Gen.OneOf("0", "5", "-1", "65536", "4294967296", "x", "", "1 2")), ("l", Gen.OneOf("0", "3", "99999")),
        ("Content-Type", Gen.OneOf("application/sdp", "text/plain;charset=\"utf-8\"", "", "a/b/c")),
        ("WWW-Authenticate", Challenge), ("Proxy-Authenticate", Challenge),
        ("Expires", Gen.OneOf("3600", "-1", "4294967296")), ("Date", Gen.OneOf("Sat, 13 Nov 2010 23:29:00 GMT", "junk", "")),
        ("Supported", Gen.OneOf("timer, 100rel", ",,,", "")), ("X-Unknown", Gen.OneOf<string>(Token, QuotedString)),
        ("Bad Name", Token), ("", Token), ("Via:", Via));

    public static readonly Gen<string> Message = Gen.Select(
        Gen.Frequency(
            (3, Gen.Select(Gen.OneOf("INVITE", "ACK", "BYE", "OPTIONS", "REGISTER", "CANCEL", "FOO", "in vite", ""), Uri, Gen.OneOf("SIP/2.0", "SIP/2.0", "SIP/7.0", "sip/2.0", "SIP/2.0 "), (m, u, v) => $"{m} {u} {v}")),
            (1, Gen.Select(Gen.OneOf("100", "180", "200", "401", "407", "699", "99", "1000", "-1", "abc"), Gen.OneOf("OK", "", "Trying ü", "A\tB"), (c, r) => $"SIP/2.0 {c} {r}"))),
        Gen.Select(Header, Gen.OneOf(": ", ":", " : ", ":\r\n "), (h, sep) => (h.Name, h.Value, sep))
            .SelectMany(h => h.Value.Select(v => $"{h.Name}{h.sep}{v}")).Array[0, 14],
        Gen.Bool,
        Gen.OneOf("", "v=0\r\n", "hello", "\r\n\r\n", "INVITE sip:x SIP/2.0\r\n\r\n"),
        Gen.OneOf("\r\n", "\r\n", "\n", "\r"),
        (start, headers, coreHeaders, body, eol) =>
        {
            var sb = new StringBuilder(start).Append(eol);
            if (coreHeaders)
            {
                // The headers §8.1.1 requires, so that many messages get past validation to the accessors.
                sb.Append("Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK74bf9").Append(eol)
                  .Append("From: <sip:alice@example.com>;tag=1").Append(eol)
                  .Append("To: <sip:bob@example.com>").Append(eol)
                  .Append("Call-ID: 3848276298220188511@192.0.2.1").Append(eol)
                  .Append("CSeq: 1 INVITE").Append(eol)
                  .Append("Max-Forwards: 70").Append(eol);
            }

            foreach (var h in headers)
            {
                sb.Append(h).Append(eol);
            }

            return sb.Append(eol).Append(body).ToString();
        });
}
