using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Tests.Parsing;

/// <summary>RFC 3261 §7.3.1: a header field may continue on lines that start with whitespace.</summary>
public class HeaderFoldingTests
{
    private const string Head =
        "OPTIONS sip:bob@biloxi.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKfold1\r\n" +
        "To: <sip:bob@biloxi.com>\r\n" +
        "From: <sip:alice@atlanta.com>;tag=88sja8x\r\n" +
        "Call-ID: fold1@pc33.atlanta.com\r\n" +
        "CSeq: 63104 OPTIONS\r\n";

    [Fact]
    public void FoldedValue_IsUnfoldedIntoOneValue_WithASingleSpacePerFold()
    {
        // The example of §7.3.1, folded over three lines with spaces and a tab.
        var message = SipText.Valid(
            Head +
            "Subject: I know you're there,\r\n" +
            "               pick up the phone\r\n" +
            "\t and talk to me!\r\n" +
            "Content-Length: 0\r\n\r\n");

        Assert.Equal("I know you're there, pick up the phone and talk to me!", message.Headers[HeaderNames.Subject]);
    }

    [Fact]
    public void FoldedValue_IsEquivalentToTheSameValueOnOneLine()
    {
        var folded = SipText.Valid(Head + "Subject: lunch\r\n at noon\r\nContent-Length: 0\r\n\r\n");
        var single = SipText.Valid(Head + "Subject: lunch at noon\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal(single.Headers[HeaderNames.Subject], folded.Headers[HeaderNames.Subject]);
    }

    [Fact]
    public void FoldedCSeq_BetweenNumberAndMethod_IsRead()
    {
        // As in RFC 4475 §3.1.1.1 (wsinv): "cseq: 0009" CRLF "  INVITE".
        var message = SipText.Valid(Head.Replace("CSeq: 63104 OPTIONS\r\n", "CSeq: 63104\r\n  OPTIONS\r\n", StringComparison.Ordinal) + "Content-Length: 0\r\n\r\n");

        Assert.Equal(new CSeqHeader(63104, SipMethods.Options), message.CSeq);
    }

    [Fact]
    public void FoldedVia_SpreadOverThreeLines_IsOneViaValue()
    {
        var message = SipText.Valid(
            Head.Replace("Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKfold1\r\n", "Via: SIP/2.0/UDP\r\n pc33.atlanta.com\r\n\t;branch=z9hG4bKfold1\r\n", StringComparison.Ordinal) +
            "Content-Length: 0\r\n\r\n");

        var via = Assert.Single(message.Vias);
        Assert.Equal("pc33.atlanta.com", via.Host);
        Assert.Equal("z9hG4bKfold1", via.Branch);
    }

    [Fact]
    public void FoldedValue_WithBareLfLineEnds_IsUnfoldedToo()
    {
        var message = SipText.Valid(Head.Replace("\r\n", "\n", StringComparison.Ordinal) + "Subject: lunch\n at noon\nContent-Length: 0\n\n");

        Assert.Equal("lunch at noon", message.Headers[HeaderNames.Subject]);
    }
}
