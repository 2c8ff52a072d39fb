using System.Diagnostics.CodeAnalysis;
using System.Text;
using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Parsing;

/// <summary>
/// Materialises a <see cref="SipMessage"/> from bytes and checks what RFC 3261 §8.1.1 requires of every message:
/// the mandatory headers, each parsable, and a CSeq method that matches the request method.
/// </summary>
public static class SipMessageReader
{
    /// <param name="buffer">The received bytes.</param>
    /// <param name="datagram">True for UDP (the datagram is the message), false for a stream (TCP/TLS).</param>
    /// <param name="strict">
    /// Also check the grammar of headers this element does not need to process a request (Date): what a torture
    /// verdict asks. A running user agent stays liberal (RFC 4475 §3.1.2.12) and leaves it false.
    /// </param>
    public static SipMessageReadResult Read(ReadOnlySpan<byte> buffer, bool datagram = true, bool strict = false)
    {
        var builder = new MessageBuilder();
        var status = SipParser.TryParse(buffer, datagram, ref builder, out var consumed, out var error);
        if (status == SipParseStatus.NeedMore)
        {
            // Consumed is non-zero only when the stream held nothing but keep-alive CRLFs (§7.5, RFC 5626 §3.5.1).
            return new SipMessageReadResult(status, null, null, consumed);
        }

        if (status == SipParseStatus.Invalid)
        {
            return new SipMessageReadResult(status, builder.Partial(), error, consumed);
        }

        if (builder.Error is not null)
        {
            return new SipMessageReadResult(SipParseStatus.Invalid, builder.Partial(), builder.Error, consumed);
        }

        var message = builder.Build();
        var semantic = Validate(message) ?? (strict ? ValidateStrict(message) : null);
        return semantic is null
            ? new SipMessageReadResult(SipParseStatus.Complete, message, null, consumed)
            : new SipMessageReadResult(SipParseStatus.Invalid, message, semantic, consumed);
    }

    public static SipMessageReadResult Read(string text) => Read(Encoding.UTF8.GetBytes(text));

    private static SipParseError? Validate(SipMessage message)
    {
        // §7.1: the version is case-insensitive; a request of another version is answered 505 (RFC 4475 §3.1.2.16).
        if (!string.Equals(message.Version, "SIP/2.0", StringComparison.OrdinalIgnoreCase))
        {
            return new SipParseError($"SIP version '{message.Version}' is not supported (this element speaks SIP/2.0)", StatusCode: 505);
        }

        var h = message.Headers;
        foreach (var name in (ReadOnlySpan<string>)[HeaderNames.To, HeaderNames.From, HeaderNames.CallId, HeaderNames.CSeq, HeaderNames.Via])
        {
            if (!h.Contains(name))
            {
                return new SipParseError("required header is missing", name);
            }
        }

        // To, From, Call-ID, CSeq and Content-Length appear once (§7.3: only list headers may be repeated).
        foreach (var name in (ReadOnlySpan<string>)[HeaderNames.To, HeaderNames.From, HeaderNames.CallId, HeaderNames.CSeq, HeaderNames.MaxForwards, HeaderNames.ContentType])
        {
            if (h.GetLines(name).Skip(1).Any())
            {
                return new SipParseError("appears more than once", name);
            }
        }

        if (!NameAddress.TryParse(h[HeaderNames.To], out _, out var e))
        {
            return new SipParseError(e, HeaderNames.To);
        }

        if (!NameAddress.TryParse(h[HeaderNames.From], out _, out e))
        {
            return new SipParseError(e, HeaderNames.From);
        }

        if (!CSeqHeader.TryParse(h[HeaderNames.CSeq], out var cseq, out e))
        {
            return new SipParseError(e, HeaderNames.CSeq);
        }

        if (string.IsNullOrWhiteSpace(h[HeaderNames.CallId]) || h[HeaderNames.CallId]!.AsSpan().ContainsAny(' ', '\t'))
        {
            return new SipParseError("must be one word", HeaderNames.CallId);
        }

        var vias = h.GetValues(HeaderNames.Via);
        if (vias.Count == 0)
        {
            // "Via:" with nothing after it names no hop to answer (§8.1.1.7 requires at least one value).
            return new SipParseError("has no value", HeaderNames.Via);
        }

        foreach (var v in vias)
        {
            if (!ViaHeader.TryParse(v, out _, out e))
            {
                return new SipParseError(e, HeaderNames.Via);
            }
        }

        // §20.10: each Contact is "*" or a name-addr/addr-spec; an addr-spec with ',' '?' or ';' of its own needs '<' '>'.
        foreach (var v in h.GetValues(HeaderNames.Contact))
        {
            if (v != "*" && !NameAddress.TryParse(v, out _, out e))
            {
                return new SipParseError(e, HeaderNames.Contact);
            }
        }

        if (h[HeaderNames.MaxForwards] is { } mf && !(byte.TryParse(mf, System.Globalization.NumberStyles.None, null, out _)))
        {
            return new SipParseError($"'{mf}' is not 0-255", HeaderNames.MaxForwards);
        }

        if (message is SipRequest request)
        {
            // §19.1.1 (table): headers ("?h=v") are not allowed in a Request-URI.
            if (request.RequestUri.IsSip && request.RequestUri.Headers is not null)
            {
                return new SipParseError($"Request-URI '{request.RequestUri}' carries headers, which §19.1.1 does not allow there");
            }

            // §8.1.1.5 and §17.1.1.3: the CSeq method is the request's own, ACK included.
            if (!string.Equals(cseq.Value.Method, request.Method, StringComparison.Ordinal))
            {
                return new SipParseError($"method '{cseq.Value.Method}' does not match the request method '{request.Method}'", HeaderNames.CSeq);
            }
        }

        return null;
    }

    /// <summary>Grammar of headers a UA does not need in order to process the message.</summary>
    private static SipParseError? ValidateStrict(SipMessage message)
    {
        // §20.17: Date = rfc1123-date, whose zone MUST be "GMT" (§25.1: ... SP "GMT").
        if (message.Headers[HeaderNames.Date] is { } date
            && !DateTime.TryParseExact(date, "ddd, dd MMM yyyy HH:mm:ss 'GMT'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
        {
            return new SipParseError($"'{date}' is not an RFC 1123 date in GMT (§20.17)", HeaderNames.Date);
        }

        return null;
    }

    private struct MessageBuilder : ISipParserHandler
    {
        private string? _method;
        private SipUri? _uri;
        private string? _version;
        private int _status;
        private string? _reason;
        private SipHeaders _headers;
        private byte[]? _body;

        public SipParseError? Error { get; private set; }

        public void OnRequestLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> requestUri, ReadOnlySpan<byte> version)
        {
            _method = Encoding.ASCII.GetString(method);
            _version = Encoding.ASCII.GetString(version);
            _headers = new SipHeaders();
            var uriText = Encoding.UTF8.GetString(requestUri);
            if (!SipUri.TryParse(uriText, out _uri, out var error))
            {
                // Not thrown: bytes from the network are never a bug. The headers are still read so that a 400 can be sent.
                Error = new SipParseError($"Request-URI '{SipParser.Latin1(requestUri)}': {error}");
            }
        }

        public void OnStatusLine(ReadOnlySpan<byte> version, int statusCode, ReadOnlySpan<byte> reasonPhrase)
        {
            _version = Encoding.ASCII.GetString(version);
            _status = statusCode;
            _reason = Encoding.UTF8.GetString(reasonPhrase);
            _headers = new SipHeaders();
        }

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool folded)
        {
            var text = Encoding.UTF8.GetString(value);
            if (folded)
            {
                text = Unfold(text);
            }

            _headers.Add(HeaderNames.Canonical(Encoding.ASCII.GetString(name).AsSpan()), text);
        }

        public void OnBody(ReadOnlySpan<byte> body) => _body = body.ToArray();

        public readonly SipMessage Build()
        {
            var headers = _headers ?? new SipHeaders();
            if (_method is not null)
            {
                var uri = _uri ?? throw new InvalidOperationException("Build() called although the Request-URI was rejected");
                return new SipRequest(_method, uri) { Version = _version!, Headers = headers, Body = _body ?? [] };
            }

            return new SipResponse(_status, _reason ?? "") { Version = _version!, Headers = headers, Body = _body ?? [] };
        }

        /// <summary>The message as far as it could be read, for building a 400 response.</summary>
        public readonly SipMessage? Partial()
        {
            if (_headers is null)
            {
                return null;
            }

            if (_method is not null)
            {
                var uri = _uri ?? SipUri.Create(null, "invalid");
                return new SipRequest(_method, uri) { Version = _version!, Headers = _headers, Body = _body ?? [] };
            }

            return new SipResponse(_status, _reason ?? "") { Version = _version!, Headers = _headers, Body = _body ?? [] };
        }

        private static string Unfold(string text)
        {
            var sb = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] is '\r' or '\n')
                {
                    while (i + 1 < text.Length && text[i + 1] is '\r' or '\n' or ' ' or '\t')
                    {
                        i++;
                    }

                    if (sb.Length > 0 && sb[^1] is not (' ' or '\t'))
                    {
                        sb.Append(' ');
                    }

                    continue;
                }

                sb.Append(text[i]);
            }

            return sb.ToString();
        }
    }
}

public sealed record SipMessageReadResult(SipParseStatus Status, SipMessage? Message, SipParseError? Error, int Consumed)
{
    [MemberNotNullWhen(true, nameof(Message))]
    public bool Success => Status == SipParseStatus.Complete && Message is not null;
}
