using System.Globalization;
using System.Text;
using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Tests.Parsing;

/// <summary>RFC 3261 §24.2: Alice calls Bob through the atlanta.com and biloxi.com proxies.</summary>
public class SessionSetupExampleTests
{
    [Theory]
    [MemberData(nameof(Rfc3261Examples.SessionSetupViaCounts), MemberType = typeof(Rfc3261Examples))]
    public void EveryMessage_Parses_WithOneViaPerHopAndTheCallsCallId(string label, int vias)
    {
        var message = SipText.Valid(Rfc3261Examples.SessionSetup(label));

        Assert.Equal(vias, message.Vias.Count);
        Assert.Equal("a84b4c76e66710", message.CallId);
        Assert.Equal("1928301774", label is "F13" or "F14" ? message.To!.Tag : message.From!.Tag);
    }

    [Theory]
    [MemberData(nameof(Rfc3261Examples.SessionSetupLabels), MemberType = typeof(Rfc3261Examples))]
    public void EveryMessage_BodyIsExactlyContentLengthBytes(string label)
    {
        var message = SipText.Valid(Rfc3261Examples.SessionSetup(label));

        var declared = int.Parse(message.Headers[HeaderNames.ContentLength]!, CultureInfo.InvariantCulture);
        Assert.Equal(declared, message.Body.Length);
    }

    [Fact]
    public void InviteF1_RequestUri_IsBobsAddressOfRecord()
    {
        var invite = SipText.Request(Rfc3261Examples.InviteF1);

        Assert.Equal(SipMethods.Invite, invite.Method);
        Assert.Equal("sip", invite.RequestUri.Scheme);
        Assert.Equal("bob", invite.RequestUri.User);
        Assert.Equal("biloxi.com", invite.RequestUri.Host);
        Assert.Null(invite.RequestUri.Port);
        Assert.Equal(0, invite.RequestUri.Parameters.Count);
    }

    [Fact]
    public void InviteF1_HeadersAndBody_AreAlicesOffer()
    {
        var invite = SipText.Request(Rfc3261Examples.InviteF1);

        var via = Assert.Single(invite.Vias);
        Assert.Equal("pc33.atlanta.com", via.SentBy);
        Assert.Null(via.Port);
        Assert.Equal("z9hG4bKnashds8", via.Branch);
        Assert.Equal("Bob", invite.To!.DisplayName);
        Assert.Null(invite.To.Tag);
        Assert.Equal("Alice", invite.From!.DisplayName);
        Assert.Equal("sip:alice@atlanta.com", invite.From.Uri.ToString());
        Assert.Equal(new CSeqHeader(314159, SipMethods.Invite), invite.CSeq);
        Assert.Equal("sip:alice@pc33.atlanta.com", invite.Contact!.Uri.ToString());
        Assert.Equal("application/sdp", invite.ContentType);
        Assert.Equal(Rfc3261Examples.AliceSdp, invite.BodyText);
    }

    [Fact]
    public void TryingF2_FoldedVia_GainsTheReceivedAddressOfAlice()
    {
        var trying = SipText.Response(Rfc3261Examples.TryingF2);

        Assert.Equal(100, trying.StatusCode);
        Assert.Equal("Trying", trying.ReasonPhrase);
        Assert.True(trying.IsProvisional);
        Assert.Equal("192.0.2.1", trying.TopVia!.Received);
        Assert.Null(trying.To!.Tag);
    }

    [Fact]
    public void InviteF5_Vias_AreInWireOrder_NewestHopOnTop()
    {
        var invite = SipText.Request(Rfc3261Examples.InviteF5);

        Assert.Equal(["server10.biloxi.com", "bigbox3.site3.atlanta.com", "pc33.atlanta.com"], invite.Vias.Select(v => v.Host));
        Assert.Equal(["z9hG4bK4b43c2ff8.1", "z9hG4bK77ef4c2312983.1", "z9hG4bKnashds8"], invite.Vias.Select(v => v.Branch));
        Assert.Equal([null, "192.0.2.2", "192.0.2.1"], invite.Vias.Select(v => v.Received));
        Assert.Equal("server10.biloxi.com", invite.TopVia!.Host);
    }

    [Fact]
    public void InviteF5_IsRetargetedToBobsContact_WithMaxForwardsDecrementedTwice()
    {
        var invite = SipText.Request(Rfc3261Examples.InviteF5);

        Assert.Equal("bob", invite.RequestUri.User);
        Assert.Equal("192.0.2.4", invite.RequestUri.Host);
        Assert.Equal(68, invite.MaxForwards);
        Assert.Equal("sip:bob@biloxi.com", invite.To!.Uri.ToString());
    }

    [Fact]
    public void RingingF6_ToCarriesBobsTag_AndContactPrecedingCSeqIsRead()
    {
        var ringing = SipText.Response(Rfc3261Examples.RingingF6);

        Assert.Equal(180, ringing.StatusCode);
        Assert.Equal("Ringing", ringing.ReasonPhrase);
        Assert.Equal("a6c85cf", ringing.To!.Tag);
        Assert.Equal("1928301774", ringing.From!.Tag);
        Assert.Equal("sip:bob@192.0.2.4", ringing.Contact!.Uri.ToString());
        Assert.Equal(new CSeqHeader(314159, SipMethods.Invite), ringing.CSeq);
        Assert.Equal(["192.0.2.3", "192.0.2.2", "192.0.2.1"], ringing.Vias.Select(v => v.Received));
    }

    [Fact]
    public void OkF9_CarriesBobsAnswer()
    {
        var ok = SipText.Response(Rfc3261Examples.OkF9);

        Assert.Equal(200, ok.StatusCode);
        Assert.Equal("a6c85cf", ok.To!.Tag);
        Assert.Equal("application/sdp", ok.ContentType);
        Assert.Equal(Rfc3261Examples.BobSdp, Encoding.UTF8.GetString(ok.Body.Span));
    }

    [Fact]
    public void OkF11_HasNoRecordRoute_SoTheDialogsRouteSetIsEmpty()
    {
        // §24.2: neither proxy record-routes, which is why Alice's ACK (F12) goes straight to Bob's Contact.
        var ok = SipText.Response(Rfc3261Examples.OkF11);

        Assert.Empty(ok.RecordRoutes);
        Assert.Empty(ok.Routes);
    }

    [Fact]
    public void AckF12_IsANewTransaction_WithTheInvitesSequenceNumber()
    {
        var ack = SipText.Request(Rfc3261Examples.AckF12);
        var invite = SipText.Request(Rfc3261Examples.InviteF1);

        Assert.Equal(SipMethods.Ack, ack.Method);
        Assert.Equal("192.0.2.4", ack.RequestUri.Host);
        Assert.Equal(new CSeqHeader(314159, SipMethods.Ack), ack.CSeq);
        // §13.2.2.4: the ACK of a 2xx has its own branch.
        Assert.Equal("z9hG4bKnashds9", ack.TopVia!.Branch);
        Assert.NotEqual(invite.TopVia!.Branch, ack.TopVia.Branch);
        Assert.Equal("a6c85cf", ack.To!.Tag);
    }

    [Fact]
    public void ByeF13_FromBob_SwapsToAndFrom_AndUsesBobsOwnCSeqSpace()
    {
        var bye = SipText.Request(Rfc3261Examples.ByeF13);

        Assert.Equal(SipMethods.Bye, bye.Method);
        Assert.Equal("sip:alice@pc33.atlanta.com", bye.RequestUri.ToString());
        Assert.Equal("192.0.2.4", bye.TopVia!.SentBy);
        Assert.Equal("Bob", bye.From!.DisplayName);
        Assert.Equal("a6c85cf", bye.From.Tag);
        Assert.Equal("Alice", bye.To!.DisplayName);
        Assert.Equal("1928301774", bye.To.Tag);
        Assert.Equal(new CSeqHeader(231, SipMethods.Bye), bye.CSeq);
    }

    [Fact]
    public void OkF14_AnswersTheBye()
    {
        var ok = SipText.Response(Rfc3261Examples.OkF14);

        Assert.Equal(200, ok.StatusCode);
        Assert.Equal(new CSeqHeader(231, SipMethods.Bye), ok.CSeq);
        Assert.Equal("z9hG4bKnashds10", ok.TopVia!.Branch);
    }
}
