using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Parsing;

namespace EfficientAI.Telephony.Sip.Tests.Torture;

/// <summary>
/// RFC 4475 §3.1.2: malformed messages. Each must be rejected, and for the fault the RFC describes: the error
/// names the header at fault, or none when the fault is in the start line.
/// </summary>
public class Rfc4475InvalidMessageTests
{
    /// <summary>
    /// The §3.1.2 messages a running user agent rejects, with the header our error must name ("" = the start line
    /// or framing). baddn, baddate and badvers have tests of their own below: baddn lacks the final empty line,
    /// baddate is rejected only by a strict read (§3.1.2.12), and badvers carries the 505 a UAS answers with.
    /// </summary>
    public static TheoryData<string, string> InvalidMessages() => new()
    {
        { "badinv01", HeaderNames.Via },            // §3.1.2.1  extraneous header field separators
        { "clerr", HeaderNames.ContentLength },     // §3.1.2.2  Content-Length larger than the message
        { "ncl", HeaderNames.ContentLength },       // §3.1.2.3  negative Content-Length
        { "scalar02", HeaderNames.CSeq },           // §3.1.2.4  overlarge scalar fields in a request
        { "scalarlg", HeaderNames.CSeq },           // §3.1.2.5  overlarge scalar fields in a response
        { "quotbal", HeaderNames.To },              // §3.1.2.6  unterminated quoted display name
        { "ltgtruri", "" },                         // §3.1.2.7  Request-URI enclosed in '<' '>'
        { "lwsruri", "" },                          // §3.1.2.8  LWS inside the Request-URI
        { "lwsstart", "" },                         // §3.1.2.9  several SP between Request-Line elements
        { "trws", "" },                             // §3.1.2.10 SP at the end of the Request-Line
        { "escruri", "" },                          // §3.1.2.11 escaped headers in the Request-URI
        { "regbadct", HeaderNames.Contact },        // §3.1.2.13 addr-spec with '?' not enclosed in '<' '>'
        { "badaspec", HeaderNames.To },             // §3.1.2.14 spaces inside the addr-spec
        { "mismatch01", HeaderNames.CSeq },         // §3.1.2.17 start line and CSeq method differ
        { "mismatch02", HeaderNames.CSeq },         // §3.1.2.18 unknown method, CSeq method differs
        { "bigcode", "" },                          // §3.1.2.19 overlarge response code
    };

    [Theory]
    [MemberData(nameof(InvalidMessages))]
    public void InvalidMessage_IsRejected_ForItsFault(string name, string header)
    {
        var result = SipMessageReader.Read(SharedCorpora.Rfc4475(name));

        Assert.Equal(SipParseStatus.Invalid, result.Status);
        Assert.NotNull(result.Error);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Reason));
        Assert.Equal(header, result.Error.Header ?? "");
    }

    [Fact]
    public void Baddn_AsShipped_IsRejected_ForTheUnquotedDisplayName()
    {
        // The RFC's archive ends baddn after "l: 0" CRLF without the empty line of §7; in a datagram nothing can follow,
        // so the headers are taken as complete and the verdict is the one §3.1.2.15 describes.
        var result = SipMessageReader.Read(SharedCorpora.Rfc4475("baddn"));

        Assert.Equal(SipParseStatus.Invalid, result.Status);
        Assert.Contains(result.Error!.Header, new[] { HeaderNames.From, HeaderNames.To });
        Assert.Contains("display name", result.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Baddn_WithItsHeaderSectionTerminated_IsRejected_ForTheUnquotedDisplayName()
    {
        // §3.1.2.15: "Bell, Alexander" (From) and "Watson, Thomas" (To) hold a non-token ',' and are not quoted.
        var result = SipMessageReader.Read([.. SharedCorpora.Rfc4475("baddn"), (byte)'\r', (byte)'\n']);

        Assert.Equal(SipParseStatus.Invalid, result.Status);
        Assert.Contains(result.Error!.Header, new[] { HeaderNames.From, HeaderNames.To });
        Assert.Contains("display name", result.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Badvers_IsRejected_WithStatus505_AndTheRequestKeptForTheAnswer()
    {
        // §3.1.2.16: "should respond with 505 Version Not Supported": invalid, but readable enough to answer.
        var result = SipMessageReader.Read(SharedCorpora.Rfc4475("badvers"));

        Assert.Equal(SipParseStatus.Invalid, result.Status);
        Assert.Equal(505, result.Error!.StatusCode);
        Assert.Equal("SIP/7.0", Assert.IsType<SipRequest>(result.Message).Version);
    }

    [Fact]
    public void Baddate_IsAcceptedByTheUserAgent_ButRejectedByAStrictRead()
    {
        // §3.1.2.12: a non-GMT Date is invalid, yet an element that does not need the Date may accept the request.
        Assert.True(SipMessageReader.Read(SharedCorpora.Rfc4475("baddate")).Success);

        var strict = SipMessageReader.Read(SharedCorpora.Rfc4475("baddate"), strict: true);

        Assert.Equal(SipParseStatus.Invalid, strict.Status);
        Assert.Equal(HeaderNames.Date, strict.Error!.Header);
    }

    [Theory]
    [MemberData(nameof(AllInvalid))]
    public void EveryInvalidMessage_IsRejectedByAStrictRead(string name)
    {
        Assert.Equal(SipParseStatus.Invalid, SipMessageReader.Read(SharedCorpora.Rfc4475(name), strict: true).Status);
    }

    /// <summary>All nineteen messages of §3.1.2.</summary>
    public static TheoryData<string> AllInvalid() =>
    [
        "badinv01", "clerr", "ncl", "scalar02", "scalarlg", "quotbal", "ltgtruri", "lwsruri", "lwsstart", "trws",
        "escruri", "baddate", "regbadct", "badaspec", "baddn", "badvers", "mismatch01", "mismatch02", "bigcode",
    ];
}
