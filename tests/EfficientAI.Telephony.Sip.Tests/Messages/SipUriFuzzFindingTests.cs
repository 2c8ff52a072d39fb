using System.Text;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Parsing;

namespace EfficientAI.Telephony.Sip.Tests.Messages;

/// <summary>
/// Inputs the fuzz tests (tests/EfficientAI.Telephony.Fuzz.Tests) found, kept as regression tests with the exact
/// bytes. Each once read as a URI or name-addr whose written form did not read back.
/// </summary>
public class SipUriFuzzFindingTests
{
    [Fact]
    public void Password_WithCharactersOutsideItsGrammar_IsRejected()
    {
        // sip-grammar, seed 4jDO4xBFfQ71: an unterminated '<' let the first '@' of a later URI end this one's userinfo,
        // so "[::1]:5060;branch;...?a=b&c=%20d,<sip:sip:alice" was taken as a password and written back with a raw space.
        const string contact = "<sip:sip:[::1]:5060;branch;maddr=x-y;transport?a=b&c=%20d,<sip:sip:alice@atlanta.example.com;transport?a=b&c=%20d>";

        Assert.False(NameAddress.TryParse(contact, out _, out var error));
        Assert.NotNull(error);
        Assert.False(SipUri.TryParse("sip:alice:se<cret@example.com", out _, out _));
    }

    [Fact]
    public void Password_WithAnEscapedSpace_IsWrittenEscaped_AndReadsBack()
    {
        // §25.1 password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," ): the space stays escaped on the wire.
        var uri = SipUri.Parse("sip:alice:a%20b&c=d@example.com");

        Assert.Equal("a b&c=d", uri.Password);
        Assert.Equal("sip:alice:a%20b&c=d@example.com", uri.ToString());
        Assert.Equal(uri.Password, SipUri.Parse(uri.ToString()).Password);
    }

    [Fact]
    public void OpaqueUri_WithAnAngleBracket_IsRejected_SoTheMessageNeverGetsAnUnreadableContact()
    {
        // sip-mutation, seed 01OkDLAbiyN1: "Contact:f:192.0.2.2]>" read as the addr-spec "f:192.0.2.2]>", written
        // back as "<f:192.0.2.2]>>", which no longer reads. '<', '>' and '"' are in no URI (RFC 2396 §2.4.3).
        Assert.False(NameAddress.TryParse("f:192.0.2.2]>", out _, out _));
        Assert.False(SipUri.TryParse("tel:+1<2>", out _, out _));
        Assert.True(SipUri.TryParse("tel:+1-201-555-0123;phone-context=example.com", out var tel, out _));
        Assert.Equal("tel:+1-201-555-0123;phone-context=example.com", tel!.ToString());

        var message = SipMessageReader.Read(Encoding.ASCII.GetBytes(
            "INVITE sip:user@example.com SIP/2.0\r\nTo: sip:user@example.com\r\nFrom: sip:user@east.example.com;tag=81x2\r\n" +
            "Via: SIP/2.0/UDP [::ffff:192.0.2.10]:19823;branch=z9hG4bKbh19\r\nCall-ID: SSG9559905523997077@hlau_4100\r\n" +
            "Contact:f:192.0.2.2]>\r\nCSeq: 612 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"));
        Assert.Null(message.Message!.Contact);
    }
}
