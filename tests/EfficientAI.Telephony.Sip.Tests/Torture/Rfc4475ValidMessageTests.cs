using System.Text;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Parsing;

namespace EfficientAI.Telephony.Sip.Tests.Torture;

/// <summary>RFC 4475 §3.1.1: the messages a parser must accept, and what it must read from them.</summary>
public class Rfc4475ValidMessageTests
{
    /// <summary>Every message §3.1.1 lists as valid (§3.1.1.1 to §3.1.1.13).</summary>
    public static TheoryData<string> ValidMessages() => new(
        "wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq",
        "dblreq", "semiuri", "transports", "mpart01", "unreason", "noreason");

    [Theory]
    [MemberData(nameof(ValidMessages))]
    public void ValidMessage_IsParsed(string name)
    {
        var result = SipMessageReader.Read(SharedCorpora.Rfc4475(name));

        Assert.True(result.Success, $"{name}: {result.Status} {result.Error}");
        Assert.Null(result.Error);
    }

    [Fact]
    public void Wsinv_ShortTortuousInvite_IsReadThroughItsWhitespaceAndFolding()
    {
        // §3.1.1.1
        var invite = Read<SipRequest>("wsinv");

        Assert.Equal("sip:vivekg@chair-dnrc.example.com", invite.To!.Uri.ToString());
        Assert.Equal("1918181833n", invite.To.Tag);
        Assert.Equal("J Rosenberg \\\"", invite.From!.DisplayName);
        Assert.Equal("98asjd8", invite.From.Tag);
        Assert.Equal(68, invite.MaxForwards);
        Assert.Equal(new CSeqHeader(9, SipMethods.Invite), invite.CSeq);
        Assert.Equal("192.0.2.2", invite.TopVia!.Host);
        Assert.Equal("390skdjuw", invite.TopVia.Branch);
        Assert.Equal("newfangled value continued newfangled value", invite.Headers["NewFangledHeader"]);
        Assert.Equal(";;,,;;,;", invite.Headers["UnknownHeaderWithUnusualValue"]);
        Assert.Equal(150, invite.Body.Length);
    }

    [Fact]
    public void Intmeth_UnusualMethodAndUri_AreKeptVerbatim()
    {
        // §3.1.1.2
        var request = Read<SipRequest>("intmeth");

        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", request.Method);
        Assert.Equal(request.Method, request.CSeq!.Value.Method);
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", request.RequestUri.User);
        Assert.Equal("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", request.RequestUri.Password);
        Assert.Equal("example.com", request.RequestUri.Host);
        Assert.Equal("_token~1'+`*%!-.", request.From!.Tag);
        Assert.Equal("z9hG4bK-.!%66*_+`'~", request.TopVia!.Branch);
        Assert.Equal(255, request.MaxForwards);
    }

    [Fact]
    public void Esc01_EscapedUserParts_AreUnescaped()
    {
        // §3.1.1.3: %-escapes in user parts are the characters they encode.
        var invite = Read<SipRequest>("esc01");

        Assert.Equal("sips:user@example.com", invite.RequestUri.User);
        Assert.Equal("example.net", invite.RequestUri.Host);
        Assert.Equal("user", invite.To!.Uri.User);
        Assert.Equal("I have spaces", invite.From!.Uri.User);
        Assert.Equal("caller", invite.Contact!.Uri.User);
        Assert.Equal("esc01.239409asdfakjkn23onasd0-3234", invite.CallId);
    }

    [Fact]
    public void Escnull_EscapedNulInAUserPart_IsAUserCharacter()
    {
        // §3.1.1.4
        var register = Read<SipRequest>("escnull");

        Assert.Equal("null-\0-null", register.To!.Uri.User);
        Assert.Equal(["\0", "\0\0"], register.Headers.GetValues(HeaderNames.Contact).Select(c => NameAddress.Parse(c).Uri.User));
    }

    [Fact]
    public void Esc02_PercentOutsideUserParts_IsNotUnescaped()
    {
        // §3.1.1.5: RE%47IST%45R is a method of its own, not REGISTER, and C%6Fntact is an unknown header.
        var request = Read<SipRequest>("esc02");

        Assert.Equal("RE%47IST%45R", request.Method);
        Assert.Equal(2, request.Headers.GetValues(HeaderNames.Contact).Count);
        Assert.Equal("<sip:alias2@host2.example.com>", request.Headers["C%6Fntact"]);
        Assert.Equal("%Z%45", request.From!.DisplayName);
    }

    [Fact]
    public void Lwsdisp_DisplayNameRightBeforeTheBracket_IsRead()
    {
        // §3.1.1.6
        Assert.Equal("caller", Read<SipRequest>("lwsdisp").From!.DisplayName);
    }

    [Fact]
    public void Longreq_LongValuesAndManyVias_AreRead()
    {
        // §3.1.1.7: 34 Via lines mixing long, compact and oddly-cased names.
        var invite = Read<SipRequest>("longreq");

        Assert.Equal(34, invite.Vias.Count);
        Assert.Equal("sip33.example.com", invite.TopVia!.Host);
        Assert.Equal("host.example.com", invite.Vias[^1].Host);
        Assert.StartsWith("I have a user name of extremeextreme", invite.To!.DisplayName, StringComparison.Ordinal);
        Assert.Equal(6000, invite.To.Uri.Port);
        Assert.StartsWith("longreq.onereallyreally", invite.CallId, StringComparison.Ordinal);
    }

    [Fact]
    public void Dblreq_OnlyTheFirstMessageOfTheDatagramIsRead()
    {
        // §3.1.1.8: the INVITE after the REGISTER's declared body is extra bytes to ignore.
        var result = SipMessageReader.Read(SharedCorpora.Rfc4475("dblreq"));

        var register = Assert.IsType<SipRequest>(result.Message);
        Assert.Equal(SipMethods.Register, register.Method);
        Assert.True(register.Body.IsEmpty);
        Assert.Equal(SharedCorpora.Rfc4475("dblreq").Length, result.Consumed);
    }

    [Fact]
    public void Semiuri_SemicolonsBeforeTheAt_BelongToTheUser()
    {
        // §3.1.1.9
        var options = Read<SipRequest>("semiuri");

        Assert.Equal("user;par=u@example.net", options.RequestUri.User);
        Assert.Equal("example.com", options.RequestUri.Host);
        Assert.Equal(0, options.RequestUri.Parameters.Count);
        Assert.Equal("application/sdp, application/pkcs7-mime, multipart/mixed, multipart/signed, message/sip, message/sipfrag", options.Headers["Accept"]);
    }

    [Fact]
    public void Transports_KnownAndUnknownTransports_AreKept()
    {
        // §3.1.1.10
        var options = Read<SipRequest>("transports");

        Assert.Equal(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"], options.Vias.Select(v => v.Transport));
    }

    [Fact]
    public void Mpart01_MultipartBody_IsKeptAsBytes()
    {
        // §3.1.1.11: the body is opaque to the parser; its declared length frames it.
        var message = Read<SipRequest>("mpart01");

        Assert.Equal(SipMethods.Message, message.Method);
        Assert.StartsWith("multipart/mixed", message.ContentType, StringComparison.Ordinal);
        Assert.Equal(int.Parse(message.Headers[HeaderNames.ContentLength]!, System.Globalization.CultureInfo.InvariantCulture), message.Body.Length);
    }

    [Fact]
    public void Unreason_Utf8ReasonPhrase_IsDecoded()
    {
        // §3.1.1.12
        var response = Read<SipResponse>("unreason");

        Assert.Equal(200, response.StatusCode);
        Assert.StartsWith("= 2**3 * 5**2 но сто девяносто девять", response.ReasonPhrase, StringComparison.Ordinal);
    }

    [Fact]
    public void Noreason_EmptyReasonPhrase_IsEmpty()
    {
        // §3.1.1.13
        var response = Read<SipResponse>("noreason");

        Assert.Equal(100, response.StatusCode);
        Assert.Equal("", response.ReasonPhrase);
    }

    private static T Read<T>(string name)
        where T : SipMessage
    {
        var result = SipMessageReader.Read(SharedCorpora.Rfc4475(name));
        Assert.True(result.Success, $"{name}: {result.Error}");
        return Assert.IsType<T>(result.Message);
    }
}
