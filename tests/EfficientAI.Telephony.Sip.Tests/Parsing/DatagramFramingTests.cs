using System.Text;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Parsing;

namespace EfficientAI.Telephony.Sip.Tests.Parsing;

/// <summary>How a UDP datagram delimits a message (RFC 3261 §7.5, §18.3).</summary>
public class DatagramFramingTests
{
    [Fact]
    public void BareLfLineEnds_AreAccepted()
    {
        var message = SipText.Request(Rfc3261Examples.RegisterF1.Replace("\r\n", "\n", StringComparison.Ordinal));

        Assert.Equal(SipMethods.Register, message.Method);
        Assert.Equal("z9hG4bKnashds7", message.TopVia!.Branch);
        Assert.Equal("7200", message.Headers[HeaderNames.Expires]);
        Assert.Equal(9, message.Headers.Count);
    }

    [Fact]
    public void LeadingCrlfs_BeforeTheStartLine_AreSkipped()
    {
        var text = "\r\n\r\n\n" + Rfc3261Examples.InviteF1;

        var result = SipText.Read(text);

        Assert.True(result.Success);
        Assert.Equal(SipMethods.Invite, ((SipRequest)result.Message).Method);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), result.Consumed);
    }

    [Fact]
    public void WithoutContentLength_TheBodyIsTheRestOfTheDatagram()
    {
        var message = SipText.Request(Rfc3261Examples.InviteF1.Replace("Content-Length: 142\r\n", "", StringComparison.Ordinal));

        Assert.Equal(Rfc3261Examples.AliceSdp, message.BodyText);
    }

    [Fact]
    public void ShorterThanContentLength_IsInvalid_NamingContentLength()
    {
        var truncated = Rfc3261Examples.InviteF1[..^10];

        var error = SipText.Invalid(truncated);

        Assert.Equal(HeaderNames.ContentLength, error.Header);
        Assert.Contains("142", error.Reason, StringComparison.Ordinal);
        Assert.Contains("132", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void BytesAfterTheDeclaredBody_AreDiscarded_AndTheWholeDatagramConsumed()
    {
        // RFC 4475 §3.1.1.8 (dblreq): only the first message of the datagram is processed.
        var text = Rfc3261Examples.RegisterF1 + Rfc3261Examples.ByeF13;

        var result = SipText.Read(text);

        Assert.True(result.Success);
        Assert.Equal(SipMethods.Register, ((SipRequest)result.Message).Method);
        Assert.True(result.Message.Body.IsEmpty);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), result.Consumed);
    }

    [Fact]
    public void DatagramOfOnlyCrlfs_IsInvalid()
    {
        Assert.Equal(SipParseStatus.Invalid, SipText.Read("\r\n\r\n").Status);
    }

    [Fact]
    public void DatagramEndingInsideTheHeaders_IsInvalid_NotNeedMore()
    {
        var error = SipText.Invalid(Rfc3261Examples.RegisterF1[..^4]);

        Assert.Contains("empty line", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("12a")]
    [InlineData("")]
    [InlineData("99999999999")]
    public void ContentLength_ThatIsNotADecimalLength_IsInvalid_NamingContentLength(string value)
    {
        var error = SipText.Invalid(Rfc3261Examples.RegisterF1.Replace("Content-Length: 0", "Content-Length: " + value, StringComparison.Ordinal));

        Assert.Equal(HeaderNames.ContentLength, error.Header);
    }

    [Fact]
    public void TwoContentLengths_ThatDisagree_AreInvalid()
    {
        // RFC 4475 §3.3.9 (mcl01): framing cannot be trusted.
        var error = SipText.Invalid(Rfc3261Examples.RegisterF1.Replace("Content-Length: 0\r\n", "Content-Length: 0\r\nl: 5\r\n", StringComparison.Ordinal));

        Assert.Equal(HeaderNames.ContentLength, error.Header);
    }
}
