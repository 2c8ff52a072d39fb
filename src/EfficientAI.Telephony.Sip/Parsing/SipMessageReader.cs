using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Parsing;

/// <summary>
/// Reads a <see cref="SipMessage"/> from bytes and checks what RFC 3261 §8.1.1 requires of every message: the
/// mandatory headers, each parsable, and a CSeq method that matches the request method.
/// The message is lazy: one framing pass records where each header field is, the checks run over spans of the
/// received bytes, and strings are made only when the message is asked for them. Reading a typical message whose bytes
/// the caller hands over allocates the message object and nothing else.
/// </summary>
public static class SipMessageReader
{
    /// <summary>Reads from bytes the caller keeps: the bytes of the message are copied once, into an array it owns.</summary>
    /// <param name="buffer">The received bytes.</param>
    /// <param name="datagram">True for UDP (the datagram is the message), false for a stream (TCP/TLS).</param>
    /// <param name="strict">
    /// Also check the grammar of headers this element does not need to process a request (Date): what a torture
    /// verdict asks. A running user agent stays liberal (RFC 4475 §3.1.2.12) and leaves it false.
    /// </param>
    public static SipMessageReadResult Read(ReadOnlySpan<byte> buffer, bool datagram = true, bool strict = false) =>
        Read(buffer, default, copy: true, datagram, strict);

    /// <summary>
    /// Reads from bytes handed over: the message keeps pointing into <paramref name="message"/> (its body is a slice of
    /// it), so the caller must not change or reuse them afterwards. Nothing is copied.
    /// </summary>
    public static SipMessageReadResult Read(ReadOnlyMemory<byte> message, bool datagram = true, bool strict = false) =>
        Read(message.Span, message, copy: false, datagram, strict);

    public static SipMessageReadResult Read(string text) => Read(Encoding.UTF8.GetBytes(text).AsMemory());

    private static SipMessageReadResult Read(ReadOnlySpan<byte> buffer, ReadOnlyMemory<byte> owned, bool copy, bool datagram, bool strict)
    {
        var handler = new IndexingHandler(buffer);
        var status = SipParser.TryParse(buffer, datagram, ref handler, out var consumed, out var error);
        if (status == SipParseStatus.NeedMore)
        {
            // Consumed is non-zero only when the stream held nothing but keep-alive CRLFs (§7.5, RFC 5626 §3.5.1).
            return new SipMessageReadResult(status, null, null, consumed);
        }

        var message = handler.Message;
        if (message is not null)
        {
            // The bytes a stream message spans end at its body; a datagram's (or a rejected message's) at the buffer end.
            var end = status == SipParseStatus.Complete && !datagram ? consumed : buffer.Length;
            message.Attach(copy ? buffer[..end].ToArray() : owned, handler.BodyStart, handler.BodyLength);
        }

        if (status == SipParseStatus.Invalid)
        {
            return new SipMessageReadResult(status, message, error, consumed);
        }

        var semantic = Validate(message!) ?? (strict ? ValidateStrict(message!) : null);
        return semantic is null
            ? new SipMessageReadResult(SipParseStatus.Complete, message, null, consumed)
            : new SipMessageReadResult(SipParseStatus.Invalid, message, semantic, consumed);
    }

    private static SipParseError? Validate(SipMessage message)
    {
        var source = message.Source;
        var fields = message.Index.Fields;
        var longest = message is SipRequest r ? r.RequestUriBytes.Length : 0;
        foreach (ref readonly var field in fields)
        {
            longest = Math.Max(longest, field.ValueLength);
        }

        // Every value is checked as text in one scratch buffer (UTF-8 never decodes to more chars than bytes).
        char[]? rented = null;
        var scratch = longest <= 1024 ? stackalloc char[longest] : (rented = ArrayPool<char>.Shared.Rent(longest));
        try
        {
            return Validate(message, source, fields, scratch);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static SipParseError? Validate(SipMessage message, ReadOnlySpan<byte> source, ReadOnlySpan<HeaderField> fields, Span<char> scratch)
    {
        var request = message as SipRequest;
        var uriHasHeaders = false;
        if (request is not null)
        {
            var uriBytes = request.RequestUriBytes;
            if (!SipUri.TryScan(HeaderIndex.Decode(uriBytes, folded: false, scratch), out var uri, out var uriError))
            {
                // Not thrown: bytes from the network are never a bug. The headers are still read so that a 400 can be sent.
                return new SipParseError($"Request-URI '{SipParser.Latin1(uriBytes)}': {uriError}");
            }

            uriHasHeaders = uri.IsSip && uri.HasHeaders;
        }

        // §7.1: the version is case-insensitive; a request of another version is answered 505 (RFC 4475 §3.1.2.16).
        if (!string.Equals(message.Version, "SIP/2.0", StringComparison.OrdinalIgnoreCase))
        {
            return new SipParseError($"SIP version '{message.Version}' is not supported (this element speaks SIP/2.0)", StatusCode: 505);
        }

        // One pass counts the fields of each header and remembers where each first appears (position + 1; 0 = absent).
        Span<int> count = stackalloc int[HeaderNames.IdCount];
        Span<int> first = stackalloc int[HeaderNames.IdCount];
        for (var i = 0; i < fields.Length; i++)
        {
            var id = (int)fields[i].Id;
            if (count[id]++ == 0)
            {
                first[id] = i + 1;
            }
        }

        foreach (var id in (ReadOnlySpan<HeaderId>)[HeaderId.To, HeaderId.From, HeaderId.CallId, HeaderId.CSeq, HeaderId.Via])
        {
            if (count[(int)id] == 0)
            {
                return new SipParseError("required header is missing", HeaderNames.NameOf(id));
            }
        }

        // To, From, Call-ID, CSeq and Content-Length appear once (§7.3: only list headers may be repeated).
        foreach (var id in (ReadOnlySpan<HeaderId>)[HeaderId.To, HeaderId.From, HeaderId.CallId, HeaderId.CSeq, HeaderId.MaxForwards, HeaderId.ContentType])
        {
            if (count[(int)id] > 1)
            {
                return new SipParseError("appears more than once", HeaderNames.NameOf(id));
            }
        }

        foreach (var id in (ReadOnlySpan<HeaderId>)[HeaderId.To, HeaderId.From])
        {
            if (!NameAddress.TryScan(Text(fields, first, id, source, scratch), out _, out var e))
            {
                return new SipParseError(e, HeaderNames.NameOf(id));
            }
        }

        string? cseqMismatch = null;
        if (!CSeqHeader.TryScan(Text(fields, first, HeaderId.CSeq, source, scratch), out _, out var cseqMethod, out var cseqError))
        {
            return new SipParseError(cseqError, HeaderNames.CSeq);
        }

        if (request is not null && !cseqMethod.SequenceEqual(request.Method))
        {
            cseqMismatch = cseqMethod.ToString();
        }

        var callId = Text(fields, first, HeaderId.CallId, source, scratch);
        if (callId.IsWhiteSpace() || callId.ContainsAny(' ', '\t'))
        {
            return new SipParseError("must be one word", HeaderNames.CallId);
        }

        var vias = 0;
        foreach (ref readonly var field in fields)
        {
            if (field.Id != HeaderId.Via)
            {
                continue;
            }

            foreach (var via in new HeaderList(HeaderIndex.Text(field, source, scratch)))
            {
                vias++;
                if (!ViaHeader.TryScan(via, out _, out var e))
                {
                    return new SipParseError(e, HeaderNames.Via);
                }
            }
        }

        if (vias == 0)
        {
            // "Via:" with nothing after it names no hop to answer (§8.1.1.7 requires at least one value).
            return new SipParseError("has no value", HeaderNames.Via);
        }

        // §20.10: each Contact is "*" or a name-addr/addr-spec; an addr-spec with ',' '?' or ';' of its own needs '<' '>'.
        foreach (ref readonly var field in fields)
        {
            if (field.Id != HeaderId.Contact)
            {
                continue;
            }

            foreach (var contact in new HeaderList(HeaderIndex.Text(field, source, scratch)))
            {
                if (!contact.SequenceEqual("*") && !NameAddress.TryScan(contact, out _, out var e))
                {
                    return new SipParseError(e, HeaderNames.Contact);
                }
            }
        }

        if (first[(int)HeaderId.MaxForwards] > 0)
        {
            var mf = Text(fields, first, HeaderId.MaxForwards, source, scratch);
            if (!byte.TryParse(mf, System.Globalization.NumberStyles.None, System.Globalization.NumberFormatInfo.InvariantInfo, out _))
            {
                return new SipParseError($"'{mf}' is not 0-255", HeaderNames.MaxForwards);
            }
        }

        if (request is not null)
        {
            // §19.1.1 (table): headers ("?h=v") are not allowed in a Request-URI.
            if (uriHasHeaders)
            {
                return new SipParseError($"Request-URI '{request.RequestUri}' carries headers, which §19.1.1 does not allow there");
            }

            // §8.1.1.5 and §17.1.1.3: the CSeq method is the request's own, ACK included.
            if (cseqMismatch is not null)
            {
                return new SipParseError($"method '{cseqMismatch}' does not match the request method '{request.Method}'", HeaderNames.CSeq);
            }
        }

        return null;
    }

    private static ReadOnlySpan<char> Text(ReadOnlySpan<HeaderField> fields, ReadOnlySpan<int> first, HeaderId id, ReadOnlySpan<byte> source, Span<char> scratch) =>
        HeaderIndex.Text(fields[first[(int)id] - 1], source, scratch);

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

    /// <summary>
    /// Creates the message at its start line and records each header field as ranges of the buffer (offsets, found with
    /// <see cref="MemoryExtensions.Overlaps{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, out int)"/>, since the parser hands
    /// spans of the buffer it was given).
    /// </summary>
    private ref struct IndexingHandler(ReadOnlySpan<byte> buffer) : ISipParserHandler
    {
        private readonly ReadOnlySpan<byte> _buffer = buffer;

        public SipMessage? Message { get; private set; }

        public int BodyStart { get; private set; }

        public int BodyLength { get; private set; }

        public void OnRequestLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> requestUri, ReadOnlySpan<byte> version) =>
            Message = new SipRequest(SipMethods.Intern(method), Offset(requestUri), requestUri.Length, Version(version));

        public void OnStatusLine(ReadOnlySpan<byte> version, int statusCode, ReadOnlySpan<byte> reasonPhrase) =>
            Message = new SipResponse(statusCode, Offset(reasonPhrase), reasonPhrase.Length, Version(version));

        public readonly void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool folded)
        {
            var id = HeaderNames.Identify(name);
            Message!.AddField(new HeaderField(id, id == HeaderId.Unknown ? Offset(name) : 0, name.Length, Offset(value), value.Length, folded));
        }

        public void OnBody(ReadOnlySpan<byte> body)
        {
            BodyStart = Offset(body);
            BodyLength = body.Length;
        }

        private readonly int Offset(ReadOnlySpan<byte> part) => _buffer.Overlaps(part, out var offset) ? offset : 0;

        private static string Version(ReadOnlySpan<byte> version) =>
            version.SequenceEqual("SIP/2.0"u8) ? "SIP/2.0" : Encoding.ASCII.GetString(version);
    }
}

/// <summary>
/// The outcome of one read: a struct, so that a successful read allocates nothing beyond the message. On an invalid
/// message <see cref="Message"/> is what could be read (for answering 400) and <see cref="Error"/> says why.
/// </summary>
public readonly record struct SipMessageReadResult(SipParseStatus Status, SipMessage? Message, SipParseError? Error, int Consumed)
{
    [MemberNotNullWhen(true, nameof(Message))]
    public bool Success => Status == SipParseStatus.Complete && Message is not null;
}
