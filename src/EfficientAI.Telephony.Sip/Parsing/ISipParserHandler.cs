namespace EfficientAI.Telephony.Sip.Parsing;

/// <summary>
/// Receives the parts of a SIP message as spans into the received buffer, in wire order. Implemented by structs so
/// that the generic <see cref="SipParser"/> calls are inlined and nothing is boxed (the Kestrel HttpParser shape).
/// A span is valid only during the call; every span is a slice of the buffer given to the parser, so a handler that is
/// a ref struct holding that buffer can record offsets instead of copies (what <see cref="SipMessageReader"/> does).
/// </summary>
public interface ISipParserHandler
{
    void OnRequestLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> requestUri, ReadOnlySpan<byte> version);

    void OnStatusLine(ReadOnlySpan<byte> version, int statusCode, ReadOnlySpan<byte> reasonPhrase);

    /// <summary>
    /// One header field. <paramref name="value"/> is trimmed; when <paramref name="folded"/> is true it still contains
    /// the CRLF + whitespace of continuation lines, which RFC 3261 §7.3.1 makes equivalent to one space.
    /// </summary>
    void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool folded);

    void OnBody(ReadOnlySpan<byte> body);
}
