using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Tests.Parsing;

/// <summary>Extensions we do not know are carried, not dropped (RFC 3261 §7.3, §8.2.1).</summary>
public class UnknownElementTests
{
    private const string Extension =
        "PUBLISHX sip:presence.example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKext1\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: <sip:alice@atlanta.com>\r\n" +
        "From: <sip:alice@atlanta.com>;tag=34ko\r\n" +
        "Call-ID: ext1@pc33.atlanta.com\r\n" +
        "CSeq: 7 PUBLISHX\r\n" +
        "X-Campaign-Id: 42;priority=high\r\n" +
        "NewFangledHeader:   newfangled value\r\n" +
        " continued newfangled value\r\n" +
        "UnknownHeaderWithUnusualValue: ;;,,;;,;\r\n" +
        "Content-Length: 0\r\n\r\n";

    [Fact]
    public void UnknownMethod_IsKeptAsWritten()
    {
        var request = SipText.Request(Extension);

        Assert.Equal("PUBLISHX", request.Method);
        Assert.Equal(new CSeqHeader(7, "PUBLISHX"), request.CSeq);
    }

    [Fact]
    public void UnknownHeaders_AreKeptWithTheirNamesAndValues_InWireOrder()
    {
        var request = SipText.Request(Extension);

        var names = request.Headers.Select(h => h.Name).ToList();
        Assert.Equal("42;priority=high", request.Headers["X-Campaign-Id"]);
        Assert.Equal("newfangled value continued newfangled value", request.Headers["NewFangledHeader"]);
        Assert.Equal(";;,,;;,;", request.Headers["UnknownHeaderWithUnusualValue"]);
        Assert.True(names.IndexOf("X-Campaign-Id") < names.IndexOf("NewFangledHeader"));
        Assert.Contains("NewFangledHeader", names);
    }

    [Fact]
    public void UnknownHeader_LookupIgnoresCase()
    {
        Assert.Equal("42;priority=high", SipText.Request(Extension).Headers["x-campaign-id"]);
    }
}
