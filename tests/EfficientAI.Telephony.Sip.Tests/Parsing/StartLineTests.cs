using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Parsing;

namespace EfficientAI.Telephony.Sip.Tests.Parsing;

/// <summary>The Request-Line (RFC 3261 §7.1) and the Status-Line (§7.2).</summary>
public class StartLineTests
{
    private const string ResponseHeaders =
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8;received=192.0.2.1\r\n" +
        "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\n" +
        "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Content-Length: 0\r\n\r\n";

    [Fact]
    public void StatusLine_WithEmptyReasonPhrase_IsAccepted()
    {
        // Reason-Phrase = *(...): it may be empty, after the mandatory SP (RFC 4475 §3.1.1.13, noreason).
        var response = SipText.Response("SIP/2.0 180 \r\n" + ResponseHeaders);

        Assert.Equal(180, response.StatusCode);
        Assert.Equal("", response.ReasonPhrase);
    }

    [Fact]
    public void StatusLine_ReasonPhrase_KeepsSpacesAndUtf8()
    {
        var response = SipText.Response("SIP/2.0 486 Busy Here — try later\r\n" + ResponseHeaders);

        Assert.Equal(486, response.StatusCode);
        Assert.Equal("Busy Here — try later", response.ReasonPhrase);
    }

    [Theory]
    [InlineData("SIP/2.0 099 Too Low")]
    [InlineData("SIP/2.0 700 Too High")]
    [InlineData("SIP/2.0 2000 Four Digits")]
    [InlineData("SIP/2.0 20 Two Digits")]
    [InlineData("SIP/2.0 2x0 Not A Number")]
    [InlineData("SIP/2.0")]
    public void StatusLine_WithoutAThreeDigitCodeFrom100To699_IsInvalid(string statusLine)
    {
        SipText.Invalid(statusLine + "\r\n" + ResponseHeaders);
    }

    [Fact]
    public void StatusLine_Version_IsKept()
    {
        Assert.Equal("SIP/2.0", SipText.Response(Rfc3261Examples.OkF14).Version);
    }

    [Theory]
    [InlineData("INVITE  sip:bob@biloxi.com SIP/2.0")]
    [InlineData("INVITE sip:bob@biloxi.com  SIP/2.0")]
    [InlineData("INVITE sip:bob@biloxi.com SIP/2.0 ")]
    [InlineData("INVITE sip:bob@biloxi.com")]
    [InlineData("INVITE sip:bob@biloxi.com HTTP/1.1")]
    [InlineData("INV(TE sip:bob@biloxi.com SIP/2.0")]
    [InlineData("INVITE sip:bob@biloxi.com;\tlr SIP/2.0")]
    public void RequestLine_NotMethodSpUriSpVersion_IsInvalid(string requestLine)
    {
        SipText.Invalid(Rfc3261Examples.InviteF1.Replace("INVITE sip:bob@biloxi.com SIP/2.0", requestLine, StringComparison.Ordinal));
    }

    [Fact]
    public void RequestUri_ThatIsNotAUri_IsInvalid_WithoutThrowing()
    {
        // RFC 4475 §3.1.2.7 (ltgtruri): a Request-URI in '<' '>' is malformed.
        var error = SipText.Invalid(Rfc3261Examples.InviteF1.Replace("INVITE sip:bob@biloxi.com SIP/2.0", "INVITE <sip:bob@biloxi.com> SIP/2.0", StringComparison.Ordinal));

        Assert.Contains("Request-URI", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestUri_ThatIsNotAUri_StillYieldsThePartialRequest_ForA400()
    {
        var result = SipText.Read(Rfc3261Examples.InviteF1.Replace("INVITE sip:bob@biloxi.com SIP/2.0", "INVITE bob SIP/2.0", StringComparison.Ordinal));

        var partial = Assert.IsType<SipRequest>(result.Message);
        Assert.Equal(SipMethods.Invite, partial.Method);
        Assert.Equal("a84b4c76e66710", partial.CallId);
        Assert.Equal("z9hG4bKnashds8", partial.TopVia!.Branch);
    }

    [Fact]
    public void RequestUri_WithHeaders_IsInvalid()
    {
        // §19.1.1: headers are not allowed in a Request-URI (RFC 4475 §3.1.2.11, escruri).
        var error = SipText.Invalid(Rfc3261Examples.InviteF1.Replace("INVITE sip:bob@biloxi.com SIP/2.0", "INVITE sip:bob@biloxi.com?Subject=hi SIP/2.0", StringComparison.Ordinal));

        Assert.Contains("headers", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestUri_OfAnotherScheme_IsKeptVerbatim()
    {
        var request = SipText.Request(Rfc3261Examples.InviteF1.Replace("INVITE sip:bob@biloxi.com SIP/2.0", "INVITE tel:+1-212-555-0101 SIP/2.0", StringComparison.Ordinal));

        Assert.Equal("tel", request.RequestUri.Scheme);
        Assert.False(request.RequestUri.IsSip);
        Assert.Equal("tel:+1-212-555-0101", request.RequestUri.ToString());
    }

    [Fact]
    public void Garbage_IsInvalid_WithoutThrowing()
    {
        var bytes = new byte[512];
        new Random(3261).NextBytes(bytes);
        bytes[100] = (byte)'\n';
        bytes[200] = (byte)'\n';

        var result = SipMessageReader.Read(bytes);

        Assert.Equal(SipParseStatus.Invalid, result.Status);
        Assert.NotNull(result.Error);
    }
}
