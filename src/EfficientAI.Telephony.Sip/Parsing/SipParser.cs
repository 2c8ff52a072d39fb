using System.Buffers.Text;

namespace EfficientAI.Telephony.Sip.Parsing;

/// <summary>
/// A stateless one-pass parser of the SIP message framing (RFC 3261 §7): start line, header fields with folding,
/// and the body delimited by Content-Length. It knows nothing of the message model; it calls a handler.
/// </summary>
public static class SipParser
{
    /// <summary>The largest message accepted on any transport (a safety bound, not an RFC number).</summary>
    public const int MaxMessageSize = 65_535;

    /// <param name="buffer">Received bytes, starting at a message boundary.</param>
    /// <param name="datagram">
    /// True for UDP: the datagram is the whole message, so a missing Content-Length means "the rest" (§18.3) and too
    /// few bytes is an error, not "need more".
    /// </param>
    public static SipParseStatus TryParse<THandler>(ReadOnlySpan<byte> buffer, bool datagram, ref THandler handler, out int consumed, out SipParseError? error)
        where THandler : struct, ISipParserHandler, allows ref struct
    {
        consumed = 0;
        error = null;
        var pos = 0;

        // §7.5: CRLFs before the start line are ignored (and are the keep-alive of RFC 5626 on streams).
        while (pos < buffer.Length && (buffer[pos] == '\r' || buffer[pos] == '\n'))
        {
            pos++;
        }

        if (pos == buffer.Length)
        {
            consumed = pos;
            if (datagram)
            {
                error = new SipParseError("empty message");
                return SipParseStatus.Invalid;
            }

            return SipParseStatus.NeedMore;
        }

        var lineEnd = FindLineEnd(buffer, pos, out var eolLength);
        if (lineEnd < 0)
        {
            return More(datagram, buffer.Length, out error, "start line not terminated");
        }

        if (!ParseStartLine(buffer[pos..lineEnd], ref handler, out var startLineFault))
        {
            error = startLineFault! with { Offset = pos };
            return SipParseStatus.Invalid;
        }

        // A fault the start line survives (whitespace) is reported once the headers are read, so that a UAS can still
        // identify the transaction and answer 400 (RFC 4475 §3.1.2.8 to §3.1.2.10).
        var deferred = startLineFault is null ? null : startLineFault with { Offset = pos };

        pos = lineEnd + eolLength;
        long contentLength = -1;
        while (true)
        {
            lineEnd = FindLineEnd(buffer, pos, out eolLength);
            if (lineEnd < 0 && datagram && pos == buffer.Length)
            {
                // Liberal in what we accept: a datagram that ends right after its last header line lacks only the empty
                // line of §7; nothing can follow it, so the headers are complete and the body empty.
                break;
            }

            if (lineEnd < 0)
            {
                return More(datagram, buffer.Length, out error, "header section not terminated by an empty line");
            }

            if (lineEnd == pos)
            {
                pos += eolLength;
                break;
            }

            // A header field may continue on lines that start with whitespace (§7.3.1).
            var fieldStart = pos;
            var fieldEnd = lineEnd;
            var folded = false;
            var next = lineEnd + eolLength;
            while (true)
            {
                if (next >= buffer.Length)
                {
                    if (datagram)
                    {
                        break;
                    }

                    return More(datagram, buffer.Length, out error, "header section not terminated by an empty line");
                }

                if (buffer[next] != ' ' && buffer[next] != '\t')
                {
                    break;
                }

                var contEnd = FindLineEnd(buffer, next, out var contEol);
                if (contEnd < 0)
                {
                    return More(datagram, buffer.Length, out error, "header section not terminated by an empty line");
                }

                folded = true;
                fieldEnd = contEnd;
                next = contEnd + contEol;
            }

            var field = buffer[fieldStart..fieldEnd];
            var colon = field.IndexOf((byte)':');
            if (colon <= 0)
            {
                error = new SipParseError("header line without a name and ':'", Offset: fieldStart);
                return SipParseStatus.Invalid;
            }

            var name = TrimWhitespace(field[..colon]);
            if (!Messages.SipGrammar.IsToken(name))
            {
                error = new SipParseError($"header name '{Latin1(name)}' is not a token", Offset: fieldStart);
                return SipParseStatus.Invalid;
            }

            var value = TrimWhitespace(field[(colon + 1)..]);
            if (IsContentLength(name))
            {
                if (!TryParseContentLength(value, out var cl))
                {
                    error = new SipParseError($"'{Latin1(value)}' is not a valid length", "Content-Length", fieldStart);
                    return SipParseStatus.Invalid;
                }

                if (contentLength >= 0 && contentLength != cl)
                {
                    error = new SipParseError("more than one Content-Length with different values", "Content-Length", fieldStart);
                    return SipParseStatus.Invalid;
                }

                contentLength = cl;
            }

            handler.OnHeader(name, value, folded);
            pos = next;
            if (pos > MaxMessageSize)
            {
                error = new SipParseError($"header section larger than {MaxMessageSize} bytes");
                return SipParseStatus.Invalid;
            }
        }

        var available = buffer.Length - pos;
        int bodyLength;
        if (contentLength < 0)
        {
            if (!datagram)
            {
                // §18.3: on a stream transport Content-Length MUST be present, else framing is lost.
                error = new SipParseError("missing on a stream transport", "Content-Length");
                return SipParseStatus.Invalid;
            }

            // The rest of the datagram is the body: bounded like a declared one, or the message could not be written back.
            if (available > MaxMessageSize)
            {
                error = new SipParseError($"message larger than {MaxMessageSize} bytes");
                return SipParseStatus.Invalid;
            }

            bodyLength = available;
        }
        else if (contentLength > MaxMessageSize)
        {
            error = new SipParseError($"{contentLength} exceeds the {MaxMessageSize}-byte limit", "Content-Length");
            return SipParseStatus.Invalid;
        }
        else if (contentLength > available)
        {
            if (!datagram)
            {
                return SipParseStatus.NeedMore;
            }

            // §18.3: a datagram shorter than its Content-Length is an error.
            error = new SipParseError($"says {contentLength} bytes but the body has {available}", "Content-Length");
            return SipParseStatus.Invalid;
        }
        else
        {
            // Extra bytes after the declared body of a datagram are discarded (§18.3).
            bodyLength = (int)contentLength;
        }

        handler.OnBody(buffer.Slice(pos, bodyLength));
        consumed = datagram ? buffer.Length : pos + bodyLength;
        error = deferred;
        return deferred is null ? SipParseStatus.Complete : SipParseStatus.Invalid;
    }

    private static SipParseStatus More(bool datagram, int length, out SipParseError? error, string reason)
    {
        if (datagram || length > MaxMessageSize)
        {
            error = new SipParseError(length > MaxMessageSize ? $"message larger than {MaxMessageSize} bytes" : reason);
            return SipParseStatus.Invalid;
        }

        error = null;
        return SipParseStatus.NeedMore;
    }

    private static bool ParseStartLine<THandler>(ReadOnlySpan<byte> line, ref THandler handler, out SipParseError? error)
        where THandler : struct, ISipParserHandler, allows ref struct
    {
        error = null;
        // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (§7.2); the version starts "SIP/".
        if (line.Length >= 4 && StartsWithSipSlash(line))
        {
            var sp = line.IndexOf((byte)' ');
            if (sp < 0 || line.Length < sp + 4)
            {
                error = new SipParseError("malformed status line");
                return false;
            }

            var version = line[..sp];
            var codeText = line.Slice(sp + 1, 3);
            if (!Utf8Parser.TryParse(codeText, out int code, out var used) || used != 3 || code < 100 || code > 699)
            {
                error = new SipParseError($"status code '{Latin1(codeText)}' is not 100-699");
                return false;
            }

            var rest = line[(sp + 4)..];
            if (!rest.IsEmpty && rest[0] != ' ')
            {
                error = new SipParseError("status code longer than three digits");
                return false;
            }

            handler.OnStatusLine(version, code, rest.IsEmpty ? rest : rest[1..]);
            return true;
        }

        // Request-Line = Method SP Request-URI SP SIP-Version CRLF (§7.1): single spaces, no other whitespace.
        var first = line.IndexOf((byte)' ');
        var last = line.LastIndexOf((byte)' ');
        if (first <= 0 || last <= first + 1 || last == line.Length - 1)
        {
            return ParseLooseRequestLine(line, ref handler, out error);
        }

        var method = line[..first];
        var uri = line[(first + 1)..last];
        var ver = line[(last + 1)..];
        if (!Messages.SipGrammar.IsToken(method))
        {
            error = new SipParseError($"method '{Latin1(method)}' is not a token");
            return false;
        }

        if (uri.IndexOfAny((byte)' ', (byte)'\t') >= 0)
        {
            return ParseLooseRequestLine(line, ref handler, out error);
        }

        if (!StartsWithSipSlash(ver))
        {
            error = new SipParseError($"'{Latin1(ver)}' is not a SIP version");
            return false;
        }

        handler.OnRequestLine(method, uri, ver);
        return true;
    }

    /// <summary>
    /// A request line whose only fault is whitespace (several SP, SP at the end, LWS inside the Request-URI): the
    /// method and version are still plain, so the handler gets them with the URI trimmed, and the fault comes back
    /// in <paramref name="error"/> with true, meaning "invalid, but read on". Anything else fails.
    /// </summary>
    private static bool ParseLooseRequestLine<THandler>(ReadOnlySpan<byte> line, ref THandler handler, out SipParseError? error)
        where THandler : struct, ISipParserHandler, allows ref struct
    {
        var trimmed = TrimWhitespace(line);
        var first = trimmed.IndexOfAny((byte)' ', (byte)'\t');
        var last = trimmed.LastIndexOfAny((byte)' ', (byte)'\t');
        if (first <= 0 || last <= first)
        {
            error = new SipParseError("malformed request line (expected 'METHOD Request-URI SIP/2.0')");
            return false;
        }

        var method = trimmed[..first];
        var uri = TrimWhitespace(trimmed[(first + 1)..last]);
        var version = trimmed[(last + 1)..];
        if (uri.IsEmpty || !Messages.SipGrammar.IsToken(method) || !StartsWithSipSlash(version))
        {
            error = new SipParseError("malformed request line (expected 'METHOD Request-URI SIP/2.0')");
            return false;
        }

        error = new SipParseError(uri.IndexOfAny((byte)' ', (byte)'\t') >= 0
            ? "whitespace inside the Request-URI (§7.1 allows one SP on each side)"
            : "the request line must separate method, Request-URI and version by single SP with none at the end (§7.1)");
        handler.OnRequestLine(method, uri, version);
        return true;
    }

    private static bool StartsWithSipSlash(ReadOnlySpan<byte> s) =>
        s.Length >= 4 && (s[0] | 0x20) == 's' && (s[1] | 0x20) == 'i' && (s[2] | 0x20) == 'p' && s[3] == '/';

    /// <summary>Index of the CR of the next CRLF (or of a bare LF, accepted liberally), or -1.</summary>
    private static int FindLineEnd(ReadOnlySpan<byte> buffer, int from, out int eolLength)
    {
        var lf = buffer[from..].IndexOf((byte)'\n');
        if (lf < 0)
        {
            eolLength = 0;
            return -1;
        }

        lf += from;
        if (lf > from && buffer[lf - 1] == '\r')
        {
            eolLength = 2;
            return lf - 1;
        }

        eolLength = 1;
        return lf;
    }

    private static ReadOnlySpan<byte> TrimWhitespace(ReadOnlySpan<byte> s)
    {
        var start = 0;
        while (start < s.Length && IsLws(s[start]))
        {
            start++;
        }

        var end = s.Length;
        while (end > start && IsLws(s[end - 1]))
        {
            end--;
        }

        return s[start..end];
    }

    private static bool IsLws(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static bool IsContentLength(ReadOnlySpan<byte> name) =>
        (name.Length == 1 && (name[0] | 0x20) == 'l') || System.Text.Ascii.EqualsIgnoreCase(name, "Content-Length"u8);

    private static bool TryParseContentLength(ReadOnlySpan<byte> value, out long length)
    {
        length = 0;
        if (value.IsEmpty || value.Length > 10)
        {
            return false;
        }

        foreach (var b in value)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            length = (length * 10) + (b - '0');
        }

        return true;
    }

    internal static string Latin1(ReadOnlySpan<byte> s) => System.Text.Encoding.Latin1.GetString(s.Length > 80 ? s[..80] : s);
}
