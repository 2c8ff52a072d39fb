using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Parsing;
using EfficientAI.Telephony.Sip.Tests.Torture;

namespace EfficientAI.Telephony.Sip.Tests.Parsing;

/// <summary>IPv6 references in URIs and Via, on the messages of RFC 5118 (shared/corpora/rfc5118).</summary>
public class Ipv6ReferenceTests
{
    private static SipRequest Read(string name)
    {
        var result = SipMessageReader.Read(SharedCorpora.Rfc5118(name));
        Assert.True(result.Success, $"{name}: {result.Error}");
        return Assert.IsType<SipRequest>(result.Message);
    }

    [Fact]
    public void RequestUri_WithABracketedAddress_HasTheAddressAsHost()
    {
        // RFC 5118 §4.1 (ipv6-good).
        var request = Read("ipv6-good");

        Assert.Equal("2001:db8::10", request.RequestUri.Host);
        Assert.True(request.RequestUri.IsIPv6Host);
        Assert.Null(request.RequestUri.Port);
        Assert.Equal("sip:[2001:db8::10]", request.RequestUri.ToString());
        Assert.Equal("2001:db8::9:1", request.TopVia!.Host);
        Assert.Equal("[2001:db8::9:1]", request.TopVia.SentBy);
        Assert.Equal("2001:db8::1", request.Contact!.Uri.Host);
    }

    [Fact]
    public void RequestUri_WithAnUnbracketedAddress_IsInvalid()
    {
        // RFC 5118 §4.2 (ipv6-bad): "sip:2001:db8::10" is not a SIP URI.
        Assert.Equal(SipParseStatus.Invalid, SipMessageReader.Read(SharedCorpora.Rfc5118("ipv6-bad")).Status);
    }

    [Fact]
    public void PortInsideTheBrackets_IsPartOfTheAddress()
    {
        // RFC 5118 §4.3 (port-ambiguous): [2001:db8::10:5070] is an address with no port.
        var request = Read("port-ambiguous");

        Assert.Equal("2001:db8::10:5070", request.RequestUri.Host);
        Assert.Null(request.RequestUri.Port);
    }

    [Fact]
    public void PortAfterTheBrackets_IsThePort()
    {
        // RFC 5118 §4.4 (port-unambiguous).
        var request = Read("port-unambiguous");

        Assert.Equal("2001:db8::10", request.RequestUri.Host);
        Assert.Equal(5070, request.RequestUri.Port);
        Assert.Equal("[2001:db8::10]:5070", request.RequestUri.HostPort);
    }

    [Fact]
    public void Vias_MixingIpv6AndIpv4_AreReadInOrder()
    {
        // RFC 5118 §4.7 (mult-ip-in-header).
        var vias = Read("mult-ip-in-header").Vias;

        Assert.Equal(["2001:db8::9:1", "192.0.2.1", "2001:db8::9:255"], vias.Select(v => v.Host));
        Assert.Equal([6050, null, null], vias.Select(v => v.Port));
        Assert.Equal("TCP", vias[2].Transport);
        Assert.Equal("192.0.2.200", vias[2].Received);
    }

    [Fact]
    public void ViaReceived_WithAnIpv6Address_IsRead()
    {
        // RFC 5118 §4.5 (via-received-param-no-delim): received carries the address without brackets.
        Assert.Equal("2001:db8::9:255", Read("via-received-param-no-delim").TopVia!.Received);
    }

    [Fact]
    public void Ipv4MappedIpv6_InViaAndContact_IsRead()
    {
        // RFC 5118 §4.9 (ipv4-mapped-ipv6).
        var request = Read("ipv4-mapped-ipv6");

        Assert.Equal("::ffff:192.0.2.10", request.TopVia!.Host);
        Assert.Equal(19823, request.TopVia.Port);
        Assert.Equal("::ffff:192.0.2.2", request.Contact!.Uri.Host);
        Assert.Equal("T. desk phone", request.Contact.DisplayName);
    }

    [Theory]
    [InlineData("sip:alice@[2001:db8::1")]
    [InlineData("sip:alice@[not:an:address]")]
    [InlineData("sip:alice@[2001:db8::1]x")]
    [InlineData("sip:alice@[2001:db8::1]:")]
    public void MalformedIpv6Reference_IsRejected(string uri)
    {
        Assert.False(SipUri.TryParse(uri, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
