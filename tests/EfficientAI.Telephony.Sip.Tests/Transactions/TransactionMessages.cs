using System.Net;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Tests.Parsing;

namespace EfficientAI.Telephony.Sip.Tests.Transactions;

/// <summary>The requests and responses the transaction tests exchange, taken from RFC 3261 §24.2.</summary>
internal static class TransactionMessages
{
    public static readonly IPEndPoint Peer = new(IPAddress.Parse("192.0.2.1"), 5060);

    /// <summary>Alice's INVITE (F1).</summary>
    public static SipRequest Invite() => SipText.Request(Rfc3261Examples.InviteF1);

    /// <summary>Bob's BYE (F13).</summary>
    public static SipRequest Bye() => SipText.Request(Rfc3261Examples.ByeF13);

    /// <summary>A response to Alice's INVITE as Alice receives it (Via with received, as in F2/F8/F11).</summary>
    public static SipResponse InviteResponse(int status, string reason, string? toTag = "a6c85cf") => SipText.Response(
        $"SIP/2.0 {status} {reason}\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8;received=192.0.2.1\r\n" +
        (toTag is null ? "To: Bob <sip:bob@biloxi.com>\r\n" : $"To: Bob <sip:bob@biloxi.com>;tag={toTag}\r\n") +
        "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Content-Length: 0\r\n\r\n");

    /// <summary>A response to Bob's BYE (as F14).</summary>
    public static SipResponse ByeResponse(int status, string reason) => SipText.Response(
        $"SIP/2.0 {status} {reason}\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds10\r\n" +
        "From: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\n" +
        "To: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 231 BYE\r\n" +
        "Content-Length: 0\r\n\r\n");

    /// <summary>The ACK Alice's transaction sends for a non-2xx final response (§17.1.1.3): same branch as F1.</summary>
    public static SipRequest AckForFailure(string toTag = "a6c85cf") => SipText.Request(
        "ACK sip:bob@biloxi.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n" +
        "Max-Forwards: 70\r\n" +
        $"To: Bob <sip:bob@biloxi.com>;tag={toTag}\r\n" +
        "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 314159 ACK\r\n" +
        "Content-Length: 0\r\n\r\n");

    /// <summary>The CANCEL of Alice's INVITE (§9.1): same branch, CSeq number and headers, method CANCEL.</summary>
    public static SipRequest Cancel() => SipText.Request(
        "CANCEL sip:bob@biloxi.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: Bob <sip:bob@biloxi.com>\r\n" +
        "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 314159 CANCEL\r\n" +
        "Content-Length: 0\r\n\r\n");
}
