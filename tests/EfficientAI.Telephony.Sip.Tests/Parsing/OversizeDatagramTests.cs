using System.Text;
using EfficientAI.Telephony.Sip.Parsing;

namespace EfficientAI.Telephony.Sip.Tests.Parsing;

/// <summary>
/// Found by the long fuzz run (scripts/fuzz, sip-mutation, seed 3SXP2KE78lA1): a 70,000-byte datagram without
/// Content-Length read as a message whose body (69,660 bytes) was past <see cref="SipParser.MaxMessageSize"/>; written
/// back with its Content-Length, the same message was rejected. The fuzzed input was the RFC 4475 message mutated to
/// 70,000 bytes; this is the same shape, built here rather than stored.
/// </summary>
public class OversizeDatagramTests
{
    private const string Headers =
        "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK74bf9\r\n" +
        "From: <sip:alice@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: a84b4c76e66710\r\n" +
        "CSeq: 1 INVITE\r\nMax-Forwards: 70\r\n\r\n";

    [Fact]
    public void Datagram_WithoutContentLength_WhoseBodyExceedsTheLimit_IsRejected()
    {
        var datagram = Encoding.ASCII.GetBytes(Headers + new string('x', 69_660));

        var result = SipMessageReader.Read(datagram);

        Assert.Equal(SipParseStatus.Invalid, result.Status);
        Assert.Contains("larger than", result.Error!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Datagram_WithoutContentLength_WithABodyAtTheLimit_Reads_AndWritesBackToAMessageThatReads()
    {
        var datagram = Encoding.ASCII.GetBytes(Headers + new string('x', SipParser.MaxMessageSize));

        var result = SipMessageReader.Read(datagram);

        Assert.True(result.Success, result.Error?.ToString());
        Assert.True(SipMessageReader.Read(result.Message!.ToBytes()).Success);
    }
}
