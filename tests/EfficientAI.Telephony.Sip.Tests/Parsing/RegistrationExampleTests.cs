using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Tests.Parsing;

/// <summary>RFC 3261 §24.1: Bob's REGISTER and the registrar's 200 OK.</summary>
public class RegistrationExampleTests
{
    private readonly SipRequest _register = SipText.Request(Rfc3261Examples.RegisterF1);
    private readonly SipResponse _ok = SipText.Response(Rfc3261Examples.RegisterOkF2);

    [Fact]
    public void Register_RequestLine_NamesTheRegistrarDomainWithoutUserPart()
    {
        Assert.Equal(SipMethods.Register, _register.Method);
        Assert.Equal("SIP/2.0", _register.Version);
        Assert.Equal("sip", _register.RequestUri.Scheme);
        Assert.Null(_register.RequestUri.User);
        Assert.Equal("registrar.biloxi.com", _register.RequestUri.Host);
        Assert.Null(_register.RequestUri.Port);
    }

    [Fact]
    public void Register_Via_HasTransportSentByAndMagicCookieBranch()
    {
        var via = Assert.Single(_register.Vias);
        Assert.Equal("SIP/2.0", via.Protocol);
        Assert.Equal("UDP", via.Transport);
        Assert.Equal("bobspc.biloxi.com", via.Host);
        Assert.Equal(5060, via.Port);
        Assert.Equal("bobspc.biloxi.com:5060", via.SentBy);
        Assert.Equal("z9hG4bKnashds7", via.Branch);
        Assert.StartsWith(ViaHeader.MagicCookie, via.Branch, StringComparison.Ordinal);
        Assert.Null(via.Received);
    }

    [Fact]
    public void Register_ToAndFrom_AreBobsAddressOfRecord_OnlyFromCarriesATag()
    {
        var to = _register.To!;
        var from = _register.From!;
        Assert.Equal("Bob", to.DisplayName);
        Assert.Equal("bob", to.Uri.User);
        Assert.Equal("biloxi.com", to.Uri.Host);
        Assert.Null(to.Tag);
        Assert.Equal("Bob", from.DisplayName);
        Assert.Equal("sip:bob@biloxi.com", from.Uri.ToString());
        Assert.Equal("456248", from.Tag);
    }

    [Fact]
    public void Register_CallIdCSeqContactExpiresAndMaxForwards_AreRead()
    {
        Assert.Equal("843817637684230@998sdasdh09", _register.CallId);
        Assert.Equal(new CSeqHeader(1826, SipMethods.Register), _register.CSeq);
        Assert.Equal("sip:bob@192.0.2.4", _register.Contact!.Uri.ToString());
        Assert.Equal("7200", _register.Headers[HeaderNames.Expires]);
        Assert.Equal(70, _register.MaxForwards);
        Assert.True(_register.Body.IsEmpty);
    }

    [Fact]
    public void RegisterOk_StatusLine_Is200Ok()
    {
        Assert.Equal(200, _ok.StatusCode);
        Assert.Equal("OK", _ok.ReasonPhrase);
        Assert.True(_ok.IsSuccess);
        Assert.False(_ok.IsProvisional);
    }

    [Fact]
    public void RegisterOk_FoldedVia_CarriesTheReceivedParameterOfItsContinuationLine()
    {
        var via = Assert.Single(_ok.Vias);
        Assert.Equal("z9hG4bKnashds7", via.Branch);
        Assert.Equal("192.0.2.4", via.Received);
        Assert.Equal("bobspc.biloxi.com:5060", via.SentBy);
    }

    [Fact]
    public void RegisterOk_ToCarriesTheRegistrarsTag_FromKeepsBobs()
    {
        Assert.Equal("2493k59kd", _ok.To!.Tag);
        Assert.Equal("456248", _ok.From!.Tag);
        Assert.Equal(new CSeqHeader(1826, SipMethods.Register), _ok.CSeq);
    }
}
