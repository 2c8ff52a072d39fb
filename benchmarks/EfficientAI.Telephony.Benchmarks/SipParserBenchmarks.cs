using System.Text;
using BenchmarkDotNet.Attributes;
using EfficientAI.Telephony.Sip.Parsing;

namespace EfficientAI.Telephony.Benchmarks;

/// <summary>A typical INVITE with SDP: the framing pass alone, and the full materialised message.</summary>
[MemoryDiagnoser]
public class SipParserBenchmarks
{
    private readonly byte[] _invite = Encoding.ASCII.GetBytes(
        "INVITE sip:agent@127.0.0.1:5080 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK776asdhds;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: <sip:agent@127.0.0.1:5080>\r\n" +
        "From: \"Caller\" <sip:caller@127.0.0.1>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@127.0.0.1\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:caller@127.0.0.1:5062>\r\n" +
        "Allow: INVITE, ACK, BYE, CANCEL, OPTIONS\r\n" +
        "User-Agent: EfficientAI.Telephony/0.1\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 183\r\n\r\n" +
        "v=0\r\no=- 12345 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 20000 RTP/AVP 0 8 101\r\n" +
        "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n");

    [Benchmark]
    public int FramingOnly()
    {
        var handler = new CountingHandler();
        SipParser.TryParse(_invite, datagram: true, ref handler, out var consumed, out _);
        return consumed + handler.Headers;
    }

    [Benchmark]
    public object? MaterialisedMessage() => SipMessageReader.Read(_invite).Message;

    private struct CountingHandler : ISipParserHandler
    {
        public int Headers;

        public void OnRequestLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> requestUri, ReadOnlySpan<byte> version)
        {
        }

        public void OnStatusLine(ReadOnlySpan<byte> version, int statusCode, ReadOnlySpan<byte> reasonPhrase)
        {
        }

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool folded) => Headers++;

        public void OnBody(ReadOnlySpan<byte> body)
        {
        }
    }
}
