using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Tests.Parsing;

/// <summary>RFC 3261 §8.1.1: what every request (and its response) must carry, each readable.</summary>
public class RequiredHeaderTests
{
    [Theory]
    [InlineData(HeaderNames.To)]
    [InlineData(HeaderNames.From)]
    [InlineData(HeaderNames.CallId)]
    [InlineData(HeaderNames.CSeq)]
    [InlineData(HeaderNames.Via)]
    public void RequestWithoutARequiredHeader_IsRejected_NamingTheHeader(string header)
    {
        var error = SipText.Invalid(WithoutHeader(Rfc3261Examples.InviteF1, header));

        Assert.Equal(header, error.Header);
        Assert.Contains("missing", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HeaderNames.To)]
    [InlineData(HeaderNames.From)]
    [InlineData(HeaderNames.CallId)]
    [InlineData(HeaderNames.CSeq)]
    [InlineData(HeaderNames.Via)]
    public void ResponseWithoutARequiredHeader_IsRejected_NamingTheHeader(string header)
    {
        var error = SipText.Invalid(WithoutHeader(Rfc3261Examples.OkF14, header));

        Assert.Equal(header, error.Header);
    }

    [Fact]
    public void EmptyVia_IsRejected_NamingVia()
    {
        var error = SipText.Invalid(Rfc3261Examples.ByeF13.Replace("Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds10", "Via: ", StringComparison.Ordinal));

        Assert.Equal(HeaderNames.Via, error.Header);
    }

    [Fact]
    public void CSeqMethodThatDiffersFromTheRequestMethod_IsRejected_NamingCSeqAndBothMethods()
    {
        // §8.1.1.5: the CSeq method MUST match the method of the request (RFC 4475 §3.1.2.17, mismatch01).
        var error = SipText.Invalid(Rfc3261Examples.ByeF13.Replace("CSeq: 231 BYE", "CSeq: 231 OPTIONS", StringComparison.Ordinal));

        Assert.Equal(HeaderNames.CSeq, error.Header);
        Assert.Contains("OPTIONS", error.Reason, StringComparison.Ordinal);
        Assert.Contains("BYE", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CSeqMethod_IsCaseSensitive()
    {
        // §7.1: method names are case-sensitive, so "bye" is not BYE.
        var error = SipText.Invalid(Rfc3261Examples.ByeF13.Replace("CSeq: 231 BYE", "CSeq: 231 bye", StringComparison.Ordinal));

        Assert.Equal(HeaderNames.CSeq, error.Header);
    }

    [Theory]
    [InlineData("4294967296 BYE")]
    [InlineData("-1 BYE")]
    [InlineData("BYE")]
    [InlineData("231")]
    [InlineData("231 BYE extra")]
    public void CSeq_ThatIsNotA32BitNumberAndAMethod_IsRejected(string value)
    {
        var error = SipText.Invalid(Rfc3261Examples.ByeF13.Replace("CSeq: 231 BYE", "CSeq: " + value, StringComparison.Ordinal));

        Assert.Equal(HeaderNames.CSeq, error.Header);
    }

    [Fact]
    public void CSeq_AtTheTopOfThe32BitRange_IsAccepted()
    {
        var bye = SipText.Request(Rfc3261Examples.ByeF13.Replace("CSeq: 231 BYE", "CSeq: 4294967295 BYE", StringComparison.Ordinal));

        Assert.Equal(uint.MaxValue, bye.CSeq!.Value.Number);
    }

    [Theory]
    [InlineData("256")]
    [InlineData("-1")]
    [InlineData("seventy")]
    public void MaxForwards_OutsideZeroTo255_IsRejected_NamingMaxForwards(string value)
    {
        var error = SipText.Invalid(Rfc3261Examples.ByeF13.Replace("Max-Forwards: 70", "Max-Forwards: " + value, StringComparison.Ordinal));

        Assert.Equal(HeaderNames.MaxForwards, error.Header);
    }

    [Theory]
    [InlineData(HeaderNames.To, "To: Alice <sip:alice@atlanta.com>;tag=1928301774")]
    [InlineData(HeaderNames.From, "From: Bob <sip:bob@biloxi.com>;tag=a6c85cf")]
    [InlineData(HeaderNames.CallId, "Call-ID: a84b4c76e66710")]
    [InlineData(HeaderNames.CSeq, "CSeq: 231 BYE")]
    public void SingleValuedHeader_Repeated_IsRejected_NamingIt(string header, string line)
    {
        var error = SipText.Invalid(Rfc3261Examples.ByeF13.Replace(line + "\r\n", line + "\r\n" + line + "\r\n", StringComparison.Ordinal));

        Assert.Equal(header, error.Header);
    }

    [Fact]
    public void CallId_WithWhitespace_IsRejected()
    {
        var error = SipText.Invalid(Rfc3261Examples.ByeF13.Replace("Call-ID: a84b4c76e66710", "Call-ID: a84b4c76 e66710", StringComparison.Ordinal));

        Assert.Equal(HeaderNames.CallId, error.Header);
    }

    [Fact]
    public void UnreadableTo_IsRejected_NamingTo()
    {
        var error = SipText.Invalid(Rfc3261Examples.ByeF13.Replace("To: Alice <sip:alice@atlanta.com>", "To: Alice <sip:alice@atlanta.com", StringComparison.Ordinal));

        Assert.Equal(HeaderNames.To, error.Header);
    }

    [Fact]
    public void UnreadableContact_IsRejected_NamingContact()
    {
        // §20.10: an addr-spec carrying '?' must be enclosed in '<' '>' (RFC 4475 §3.1.2.13, regbadct).
        var error = SipText.Invalid(Rfc3261Examples.RegisterF1.Replace("Contact: <sip:bob@192.0.2.4>", "Contact: sip:bob@192.0.2.4?Subject=hi", StringComparison.Ordinal));

        Assert.Equal(HeaderNames.Contact, error.Header);
    }

    [Fact]
    public void StarContact_IsAccepted()
    {
        // §10.2.2: "Contact: *" with Expires: 0 removes every binding.
        var register = SipText.Request(Rfc3261Examples.RegisterF1
            .Replace("Contact: <sip:bob@192.0.2.4>", "Contact: *", StringComparison.Ordinal)
            .Replace("Expires: 7200", "Expires: 0", StringComparison.Ordinal));

        Assert.Equal("*", register.Headers[HeaderNames.Contact]);
    }

    private static string WithoutHeader(string message, string header)
    {
        var lines = message.Split("\r\n");
        return string.Join("\r\n", lines.Where(l => !l.StartsWith(header + ":", StringComparison.Ordinal)));
    }
}
