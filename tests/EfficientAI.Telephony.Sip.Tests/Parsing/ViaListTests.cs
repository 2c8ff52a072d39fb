using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Tests.Parsing;

/// <summary>RFC 3261 §7.3.1: a comma-separated list in one header line is the same as one line per value.</summary>
public class ViaListTests
{
    private const string Rest =
        "Max-Forwards: 68\r\n" +
        "To: Bob <sip:bob@biloxi.com>\r\n" +
        "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Content-Length: 0\r\n\r\n";

    private const string OneLine =
        "INVITE sip:bob@192.0.2.4 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP server10.biloxi.com;branch=z9hG4bK4b43c2ff8.1, SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1;received=192.0.2.2,SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8;received=192.0.2.1\r\n" +
        Rest;

    private const string ThreeLines =
        "INVITE sip:bob@192.0.2.4 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP server10.biloxi.com;branch=z9hG4bK4b43c2ff8.1\r\n" +
        "Via: SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1;received=192.0.2.2\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8;received=192.0.2.1\r\n" +
        Rest;

    [Fact]
    public void CommaSeparatedVias_AreTheSameViasAsOneLineEach()
    {
        var oneLine = SipText.Request(OneLine).Vias;
        var threeLines = SipText.Request(ThreeLines).Vias;

        Assert.Equal(3, oneLine.Count);
        Assert.Equal(threeLines.Select(v => v.ToString()), oneLine.Select(v => v.ToString()));
        Assert.Equal(["server10.biloxi.com", "bigbox3.site3.atlanta.com", "pc33.atlanta.com"], oneLine.Select(v => v.Host));
    }

    [Fact]
    public void TopVia_IsTheFirstValueOfTheFirstLine()
    {
        Assert.Equal("z9hG4bK4b43c2ff8.1", SipText.Request(OneLine).TopVia!.Branch);
    }

    [Fact]
    public void ViaList_WithOneBadValue_IsRejectedNamingVia()
    {
        var error = SipText.Invalid(OneLine.Replace(",SIP/2.0/UDP pc33.atlanta.com;", ",SIP/2.0/UDP pc33.atlanta.com:99999;", StringComparison.Ordinal));

        Assert.Equal(HeaderNames.Via, error.Header);
        Assert.Contains("99999", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SIP/2.0/UDP pc33.atlanta.com : 5060;branch=z9hG4bKa", "pc33.atlanta.com", 5060)]
    [InlineData("SIP/2.0/UDP pc33.atlanta.com:\t5060;branch=z9hG4bKa", "pc33.atlanta.com", 5060)]
    [InlineData("SIP/2.0/UDP [2001:db8::9:1] :5070;branch=z9hG4bKa", "2001:db8::9:1", 5070)]
    public void SentBy_AllowsWhitespaceAroundItsColon(string value, string host, int port)
    {
        Assert.True(ViaHeader.TryParse(value, out var via, out var error), error);
        Assert.Equal(host, via.Host);
        Assert.Equal(port, via.Port);
    }

    [Fact]
    public void SentBy_WithWhitespaceInsideTheHost_IsRejected()
    {
        Assert.False(ViaHeader.TryParse("SIP/2.0/UDP pc33 atlanta.com;branch=z9hG4bKa", out _, out var error));
        Assert.Contains("pc33 atlanta.com", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ViaParameters_MaddrTtlAndReceived_AreRead()
    {
        // RFC 3261 §20.42: LWS around the slashes and the colon is allowed, and parameters may follow on a folded line.
        var via = Assert.Single(SipText.Request(ThreeLines.Replace(
            "Via: SIP/2.0/UDP server10.biloxi.com;branch=z9hG4bK4b43c2ff8.1\r\n",
            "Via: SIP / 2.0 / UDP first.example.com: 4000;ttl=16\r\n  ;maddr=224.2.0.1 ;branch=z9hG4bKa7c6a8dlze.1\r\n",
            StringComparison.Ordinal)).Vias.Take(1));

        Assert.Equal("UDP", via.Transport);
        Assert.Equal("first.example.com", via.Host);
        Assert.Equal(4000, via.Port);
        Assert.Equal("224.2.0.1", via.Parameters.Get("maddr"));
        Assert.Equal("16", via.Parameters.Get("ttl"));
        Assert.Equal("z9hG4bKa7c6a8dlze.1", via.Branch);
    }

    [Fact]
    public void ViaRport_WithoutValue_IsPresentButHasNoPort_AndWithValueIsThePort()
    {
        // RFC 3581 §4: the client sends an empty rport; the server fills in the source port.
        var empty = ViaHeader.TryParse("SIP/2.0/UDP 192.0.2.1:5060;rport;branch=z9hG4bKrp1", out var request, out _);
        var filled = ViaHeader.TryParse("SIP/2.0/UDP 192.0.2.1:5060;received=198.51.100.7;rport=31000;branch=z9hG4bKrp1", out var response, out _);

        Assert.True(empty && filled);
        Assert.True(request!.HasRport);
        Assert.Null(request.Rport);
        Assert.Equal(31000, response!.Rport);
        Assert.Equal("198.51.100.7", response.Received);
    }
}
