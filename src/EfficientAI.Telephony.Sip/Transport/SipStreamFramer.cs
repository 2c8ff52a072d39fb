using EfficientAI.Telephony.Sip.Parsing;

namespace EfficientAI.Telephony.Sip.Transport;

/// <summary>What the bytes at the front of a stream buffer hold.</summary>
internal enum StreamFrameKind
{
    /// <summary>An incomplete message or keep-alive: read more before deciding.</summary>
    NeedMore,

    /// <summary>A message, valid or not, whose end is known (Content-Length was readable).</summary>
    Message,

    /// <summary>RFC 5626 §3.5.1: CRLFCRLF, which the receiver answers with a CRLF pong.</summary>
    Ping,

    /// <summary>A lone CRLF between messages: the pong to our ping, or padding §7.5 lets us ignore.</summary>
    Pong,

    /// <summary>The message boundary is lost (no or bad Content-Length, too large): the connection must close.</summary>
    Broken,
}

internal readonly record struct StreamFrame(StreamFrameKind Kind, int Consumed, SipMessageReadResult? Result = null, string? Fault = null);

/// <summary>
/// Cuts a SIP byte stream into messages (RFC 3261 §18.3: Content-Length delimits each message on a stream) and
/// keep-alives (RFC 5626 §3.5.1). Stateless: the caller keeps the unconsumed bytes and calls again with more.
/// </summary>
internal static class SipStreamFramer
{
    private struct FramingOnly : ISipParserHandler
    {
        public readonly void OnRequestLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> requestUri, ReadOnlySpan<byte> version)
        {
        }

        public readonly void OnStatusLine(ReadOnlySpan<byte> version, int statusCode, ReadOnlySpan<byte> reasonPhrase)
        {
        }

        public readonly void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool folded)
        {
        }

        public readonly void OnBody(ReadOnlySpan<byte> body)
        {
        }
    }

    public static StreamFrame Next(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return new StreamFrame(StreamFrameKind.NeedMore, 0);
        }

        if (data[0] is (byte)'\r' or (byte)'\n')
        {
            if (data.StartsWith("\r\n\r\n"u8))
            {
                return new StreamFrame(StreamFrameKind.Ping, 4);
            }

            // "\r", "\r\n" or "\r\n\r" may be the start of a ping split across reads.
            if (data.Length < 4 && "\r\n\r\n"u8.StartsWith(data))
            {
                return new StreamFrame(StreamFrameKind.NeedMore, 0);
            }

            // §7.5: a stray CR or LF before a start line is skipped.
            return new StreamFrame(StreamFrameKind.Pong, data.StartsWith("\r\n"u8) ? 2 : 1);
        }

        // A first pass with a handler that keeps nothing finds the message end without allocating, so a message
        // arriving in many segments is materialised once, when it is whole.
        var framing = default(FramingOnly);
        var status = SipParser.TryParse(data, datagram: false, ref framing, out var consumed, out var error);
        if (status == SipParseStatus.NeedMore)
        {
            return data.Length > SipParser.MaxMessageSize
                ? new StreamFrame(StreamFrameKind.Broken, 0, Fault: $"message larger than {SipParser.MaxMessageSize} bytes")
                : new StreamFrame(StreamFrameKind.NeedMore, 0);
        }

        if (consumed == 0)
        {
            // Without an end (no or bad Content-Length, a broken header line) nothing after it can be framed.
            return new StreamFrame(StreamFrameKind.Broken, 0, Fault: error?.ToString() ?? "unreadable message");
        }

        // A message that parsed to its end but breaks a rule (a missing header) is still handed up: the user agent
        // answers it 400.
        return new StreamFrame(StreamFrameKind.Message, consumed, SipMessageReader.Read(data[..consumed], datagram: false));
    }
}
