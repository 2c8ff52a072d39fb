using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.UserAgent;

namespace EfficientAI.Telephony.Sip.Tests.Transport;

/// <summary>Which transport a URI asks for (RFC 3263 §4.1 without NAPTR) and which one a dialog keeps.</summary>
public sealed class TransportSelectionTests
{
    [Theory]
    [InlineData("sip:bob@example.com", null, "UDP")]
    [InlineData("sip:bob@example.com", "TCP", "TCP")]
    [InlineData("sip:bob@example.com;transport=tcp", null, "TCP")]
    [InlineData("sip:bob@example.com;transport=TLS", "UDP", "TLS")]
    [InlineData("sip:bob@example.com;transport=udp", "TCP", "UDP")]
    [InlineData("sips:bob@example.com", null, "TLS")]
    [InlineData("sips:bob@example.com;transport=tcp", "UDP", "TLS")]
    public void ProtocolFor_UriThenAccountThenUdp(string uri, string? accountTransport, string expected)
    {
        Assert.Equal(expected, SipUserAgent.ProtocolFor(SipUri.Parse(uri), accountTransport));
    }

    [Theory]
    [InlineData("sip:bob@127.0.0.1:5070", "SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK1", "TCP")]
    [InlineData("sip:bob@127.0.0.1:5070;transport=udp", "SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK1", "UDP")]
    [InlineData("sips:bob@127.0.0.1:5071", "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1", "TLS")]
    [InlineData("sip:bob@127.0.0.1:5070", "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1", "UDP")]
    public void DialogTransport_TheNextHopUriWins_ElseTheInvitesTransport(string nextHop, string via, string expected)
    {
        var invite = new SipRequest(SipMethods.Invite, SipUri.Parse("sip:bob@127.0.0.1"));
        invite.Headers.Add(HeaderNames.Via, via);

        Assert.Equal(expected, SipUserAgent.DialogTransport(SipUri.Parse(nextHop), invite));
    }
}
