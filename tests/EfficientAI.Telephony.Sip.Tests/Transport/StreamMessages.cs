using System.Text;

namespace EfficientAI.Telephony.Sip.Tests.Transport;

/// <summary>Requests and responses as they travel on a stream: every one carries Content-Length (RFC 3261 §18.3).</summary>
internal static class StreamMessages
{
    public const string Sdp = "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n";

    public static string Options(int n, string body = "", string transport = "TCP", string host = "127.0.0.1", int port = 5060) =>
        $"OPTIONS sip:bob@{host} SIP/2.0\r\n" +
        $"Via: SIP/2.0/{transport} {host}:{port};branch=z9hG4bK-{n};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        $"To: <sip:bob@{host}>\r\n" +
        $"From: <sip:alice@{host}>;tag=a{n}\r\n" +
        $"Call-ID: call-{n}@test\r\n" +
        $"CSeq: {n} OPTIONS\r\n" +
        (body.Length > 0 ? "Content-Type: application/sdp\r\n" : "") +
        $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n" +
        "\r\n" + body;

    public static string OkFor(int n, string host = "127.0.0.1", int port = 5060) =>
        "SIP/2.0 200 OK\r\n" +
        $"Via: SIP/2.0/TCP {host}:{port};branch=z9hG4bK-{n};rport\r\n" +
        $"To: <sip:bob@{host}>;tag=b{n}\r\n" +
        $"From: <sip:alice@{host}>;tag=a{n}\r\n" +
        $"Call-ID: call-{n}@test\r\n" +
        $"CSeq: {n} OPTIONS\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";
}
