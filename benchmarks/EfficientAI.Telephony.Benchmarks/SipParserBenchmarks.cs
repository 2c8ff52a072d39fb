using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Parsing;

namespace EfficientAI.Telephony.Benchmarks;

/// <summary>
/// The received-message path and the writer: a typical INVITE with SDP through the framing pass alone and through the
/// reader (lazy message + §8.1.1 checks), a 200 OK through the reader, and a response built here through the writer.
/// </summary>
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

    private readonly byte[] _ok = Encoding.ASCII.GetBytes(
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK776asdhds;rport=5062;received=127.0.0.1\r\n" +
        "To: <sip:agent@127.0.0.1:5080>;tag=a6c85cf\r\n" +
        "From: \"Caller\" <sip:caller@127.0.0.1>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@127.0.0.1\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:agent@127.0.0.1:5080>\r\n" +
        "Content-Length: 0\r\n\r\n");

    private readonly ArrayBufferWriter<byte> _output = new(2048);
    private SipResponse _response = null!;
    private SipMessage _receivedInvite = null!;

    [GlobalSetup]
    public void Setup()
    {
        // A 200 OK as the user agent builds one: headers held as strings in SipHeaders, an SDP body.
        var invite = SipMessageReader.Read(_invite.AsMemory()).Message!;
        _response = new SipResponse(200, "OK") { Body = invite.Body };
        foreach (var h in invite.Headers)
        {
            if (h.Name is not (HeaderNames.ContentLength or HeaderNames.MaxForwards or HeaderNames.Allow))
            {
                _response.Headers.Add(h.Name, h.Value);
            }
        }

        _receivedInvite = SipMessageReader.Read(_invite.AsMemory()).Message!;
    }

    [Benchmark]
    public int FramingOnly()
    {
        var handler = new CountingHandler();
        SipParser.TryParse(_invite, datagram: true, ref handler, out var consumed, out _);
        return consumed + handler.Headers;
    }

    /// <summary>The transport's path: bytes handed over, the message read lazily and checked.</summary>
    [Benchmark]
    public object? ReadInvite() => SipMessageReader.Read(_invite.AsMemory()).Message;

    /// <summary>Bytes the caller keeps: the same read plus one copy of the message bytes.</summary>
    [Benchmark]
    public object? ReadInviteFromSpan() => SipMessageReader.Read(_invite.AsSpan()).Message;

    [Benchmark]
    public object? Read200Ok() => SipMessageReader.Read(_ok.AsMemory()).Message;

    /// <summary>What the user agent asks of most requests: the read plus the headers as strings.</summary>
    [Benchmark]
    public int ReadInviteAndMaterialiseHeaders() => SipMessageReader.Read(_invite.AsMemory()).Message!.Headers.Count;

    /// <summary>A message built here (headers as strings) written to a reused buffer writer.</summary>
    [Benchmark]
    public int Write200OkWithSdp()
    {
        _output.ResetWrittenCount();
        _response.WriteTo(_output);
        return _output.WrittenCount;
    }

    /// <summary>A received, still-indexed message written back (what tracing does).</summary>
    [Benchmark]
    public int WriteReceivedInvite()
    {
        _output.ResetWrittenCount();
        _receivedInvite.WriteTo(_output);
        return _output.WrittenCount;
    }

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
