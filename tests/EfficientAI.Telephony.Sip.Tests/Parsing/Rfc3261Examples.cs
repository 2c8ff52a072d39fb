namespace EfficientAI.Telephony.Sip.Tests.Parsing;

/// <summary>
/// The example messages of RFC 3261 §24 as they go on the wire: the RFC's text, CRLF line ends, the RFC's folded
/// Via lines kept folded. The RFC does not show the SDP bodies ("Alice's SDP not shown"); the bodies here are
/// written to the exact lengths its Content-Length values declare (142 and 131 bytes), so the framing is true.
/// </summary>
internal static class Rfc3261Examples
{
    /// <summary>Alice's offer: 142 bytes, as F1's Content-Length says.</summary>
    public const string AliceSdp =
        "v=0\r\n" +
        "o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.com\r\n" +
        "s=Talk\r\n" +
        "c=IN IP4 192.0.2.1\r\n" +
        "t=0 0\r\n" +
        "m=audio 49172 RTP/AVP 0\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n";

    /// <summary>Bob's answer: 131 bytes, as F9's Content-Length says.</summary>
    public const string BobSdp =
        "v=0\r\n" +
        "o=bob 2890844527 2890844527 IN IP4 192.0.2.4\r\n" +
        "s=Bob\r\n" +
        "c=IN IP4 192.0.2.4\r\n" +
        "t=0 0\r\n" +
        "m=audio 3456 RTP/AVP 0\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n";

    // §24.1 Registration

    public const string RegisterF1 =
        "REGISTER sip:registrar.biloxi.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP bobspc.biloxi.com:5060;branch=z9hG4bKnashds7\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: Bob <sip:bob@biloxi.com>\r\n" +
        "From: Bob <sip:bob@biloxi.com>;tag=456248\r\n" +
        "Call-ID: 843817637684230@998sdasdh09\r\n" +
        "CSeq: 1826 REGISTER\r\n" +
        "Contact: <sip:bob@192.0.2.4>\r\n" +
        "Expires: 7200\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";

    public const string RegisterOkF2 =
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP bobspc.biloxi.com:5060;branch=z9hG4bKnashds7\r\n" +
        " ;received=192.0.2.4\r\n" +
        "To: Bob <sip:bob@biloxi.com>;tag=2493k59kd\r\n" +
        "From: Bob <sip:bob@biloxi.com>;tag=456248\r\n" +
        "Call-ID: 843817637684230@998sdasdh09\r\n" +
        "CSeq: 1826 REGISTER\r\n" +
        "Contact: <sip:bob@192.0.2.4>\r\n" +
        "Expires: 7200\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";

    // §24.2 Session Setup

    public const string InviteF1 =
        "INVITE sip:bob@biloxi.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: Bob <sip:bob@biloxi.com>\r\n" +
        "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:alice@pc33.atlanta.com>\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 142\r\n" +
        "\r\n" +
        AliceSdp;

    public const string TryingF2 =
        "SIP/2.0 100 Trying\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n" +
        " ;received=192.0.2.1\r\n" +
        "To: Bob <sip:bob@biloxi.com>\r\n" +
        "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";

    public const string InviteF3 =
        "INVITE sip:bob@biloxi.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n" +
        " ;received=192.0.2.1\r\n" +
        "Max-Forwards: 69\r\n" +
        "To: Bob <sip:bob@biloxi.com>\r\n" +
        "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:alice@pc33.atlanta.com>\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 142\r\n" +
        "\r\n" +
        AliceSdp;

    public const string TryingF4 =
        "SIP/2.0 100 Trying\r\n" +
        "Via: SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1\r\n" +
        " ;received=192.0.2.2\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n" +
        " ;received=192.0.2.1\r\n" +
        "To: Bob <sip:bob@biloxi.com>\r\n" +
        "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";

    public const string InviteF5 =
        "INVITE sip:bob@192.0.2.4 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP server10.biloxi.com;branch=z9hG4bK4b43c2ff8.1\r\n" +
        "Via: SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1\r\n" +
        " ;received=192.0.2.2\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n" +
        " ;received=192.0.2.1\r\n" +
        "Max-Forwards: 68\r\n" +
        "To: Bob <sip:bob@biloxi.com>\r\n" +
        "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:alice@pc33.atlanta.com>\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 142\r\n" +
        "\r\n" +
        AliceSdp;

    public const string RingingF6 =
        "SIP/2.0 180 Ringing\r\n" +
        "Via: SIP/2.0/UDP server10.biloxi.com;branch=z9hG4bK4b43c2ff8.1\r\n" +
        " ;received=192.0.2.3\r\n" +
        "Via: SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1\r\n" +
        " ;received=192.0.2.2\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n" +
        " ;received=192.0.2.1\r\n" +
        "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\n" +
        "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "Contact: <sip:bob@192.0.2.4>\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";

    public const string RingingF7 =
        "SIP/2.0 180 Ringing\r\n" +
        "Via: SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1\r\n" +
        " ;received=192.0.2.2\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n" +
        " ;received=192.0.2.1\r\n" +
        "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\n" +
        "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "Contact: <sip:bob@192.0.2.4>\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";

    public const string RingingF8 =
        "SIP/2.0 180 Ringing\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n" +
        " ;received=192.0.2.1\r\n" +
        "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\n" +
        "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "Contact: <sip:bob@192.0.2.4>\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";

    public const string OkF9 =
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP server10.biloxi.com;branch=z9hG4bK4b43c2ff8.1\r\n" +
        " ;received=192.0.2.3\r\n" +
        "Via: SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1\r\n" +
        " ;received=192.0.2.2\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n" +
        " ;received=192.0.2.1\r\n" +
        "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\n" +
        "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:bob@192.0.2.4>\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 131\r\n" +
        "\r\n" +
        BobSdp;

    public const string OkF10 =
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1\r\n" +
        " ;received=192.0.2.2\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n" +
        " ;received=192.0.2.1\r\n" +
        "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\n" +
        "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:bob@192.0.2.4>\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 131\r\n" +
        "\r\n" +
        BobSdp;

    public const string OkF11 =
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n" +
        " ;received=192.0.2.1\r\n" +
        "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\n" +
        "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:bob@192.0.2.4>\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 131\r\n" +
        "\r\n" +
        BobSdp;

    public const string AckF12 =
        "ACK sip:bob@192.0.2.4 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds9\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\n" +
        "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 314159 ACK\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";

    public const string ByeF13 =
        "BYE sip:alice@pc33.atlanta.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds10\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\n" +
        "To: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 231 BYE\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";

    public const string OkF14 =
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds10\r\n" +
        "From: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\n" +
        "To: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 231 BYE\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";

    /// <summary>Every message of §24.2 by its flow label, with the number of Via values it carries (one per hop).</summary>
    public static TheoryData<string, int> SessionSetupViaCounts => new()
    {
        { "F1", 1 }, { "F2", 1 }, { "F3", 2 }, { "F4", 2 }, { "F5", 3 }, { "F6", 3 }, { "F7", 2 },
        { "F8", 1 }, { "F9", 3 }, { "F10", 2 }, { "F11", 1 }, { "F12", 1 }, { "F13", 1 }, { "F14", 1 },
    };

    public static TheoryData<string> SessionSetupLabels => new(Enumerable.Range(1, 14).Select(i => $"F{i}"));

    public static string SessionSetup(string label) => label switch
    {
        "F1" => InviteF1,
        "F2" => TryingF2,
        "F3" => InviteF3,
        "F4" => TryingF4,
        "F5" => InviteF5,
        "F6" => RingingF6,
        "F7" => RingingF7,
        "F8" => RingingF8,
        "F9" => OkF9,
        "F10" => OkF10,
        "F11" => OkF11,
        "F12" => AckF12,
        "F13" => ByeF13,
        "F14" => OkF14,
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, "RFC 3261 §24.2 has F1-F14"),
    };
}
