using EfficientAI.Telephony.Sip.Parsing;

namespace EfficientAI.Telephony.Sip.Tests.Torture;

/// <summary>
/// The parse verdict for the torture messages outside RFC 4475 §3.1 (which Rfc4475ValidMessageTests and
/// Rfc4475InvalidMessageTests cover): RFC 4475 §3.2 to §3.4 and every message of RFC 5118 §4.
/// </summary>
public class TortureVerdictTests
{
    /// <summary>Messages the RFC calls well-formed: the semantics may be odd, the syntax is right.</summary>
    public static TheoryData<string> WellFormed4475() =>
    [
        "badbranch",  // §3.2.1  a branch that is only the magic cookie
        "unkscm",     // §3.3.2  an unknown Request-URI scheme is a 416 matter, not a parse error
        "novelsc",    // §3.3.3
        "unksm2",     // §3.3.4  unknown schemes in To, From and Contact
        "bext01",     // §3.3.5
        "invut",      // §3.3.6
        "regaut01",   // §3.3.7  unknown authorization scheme
        "bcast",      // §3.3.10 a response whose second Via sends to a broadcast address
        "zeromf",     // §3.3.11
        "cparam01",   // §3.3.12
        "cparam02",   // §3.3.13
        "regescrt",   // §3.3.14 an escaped header in a Contact URI
        "sdp01",      // §3.3.15
        "inv2543",    // §3.4.1  RFC 2543 syntax
    ];

    /// <summary>Messages §3.3 says an element answers 400: they must not be read as valid.</summary>
    public static TheoryData<string, string> Rejected4475() => new()
    {
        { "insuf", "To" },             // §3.3.1 no Call-ID, From or To (the first missing is named)
        { "multi01", "" },             // §3.3.8 several values in single-value headers
        { "mcl01", "Content-Length" }, // §3.3.9 conflicting Content-Length values
    };

    /// <summary>RFC 5118 §4: all but §4.2 parse; the §4.10 three-colon form is accepted as §4.10 asks of parsers.</summary>
    public static TheoryData<string> WellFormed5118() =>
    [
        "ipv6-good", "port-ambiguous", "port-unambiguous", "via-received-param-no-delim",
        "via-received-param-with-delim", "mult-ip-in-header", "mult-ip-in-sdp", "ipv4-mapped-ipv6",
        "ipv6-correct-abnf-2-colons", "ipv6-bug-abnf-3-colons", "ipv6-in-sdp",
    ];

    [Theory]
    [MemberData(nameof(WellFormed4475))]
    public void Rfc4475_WellFormedMessage_IsRead(string name)
    {
        var result = SipMessageReader.Read(SharedCorpora.Rfc4475(name), strict: true);

        Assert.True(result.Success, $"{name}: {result.Error}");
    }

    [Theory]
    [MemberData(nameof(Rejected4475))]
    public void Rfc4475_MessageThatGets400_IsRejectedNamingTheHeader(string name, string header)
    {
        var result = SipMessageReader.Read(SharedCorpora.Rfc4475(name));

        Assert.Equal(SipParseStatus.Invalid, result.Status);
        if (header.Length > 0)
        {
            Assert.Equal(header, result.Error!.Header);
        }
    }

    [Theory]
    [MemberData(nameof(WellFormed5118))]
    public void Rfc5118_WellFormedMessage_IsRead(string name)
    {
        var result = SipMessageReader.Read(SharedCorpora.Rfc5118(name), strict: true);

        Assert.True(result.Success, $"{name}: {result.Error}");
    }

    [Fact]
    public void Rfc5118_Ipv6Bad_IsRejected_InTheRequestUri()
    {
        // §4.2: "sip:2001:db8::10" has no brackets, so "2001" is the host and the rest is not a port.
        var result = SipMessageReader.Read(SharedCorpora.Rfc5118("ipv6-bad"), strict: true);

        Assert.Equal(SipParseStatus.Invalid, result.Status);
        Assert.Contains("2001:db8::10", result.Error!.Reason, StringComparison.Ordinal);
    }
}
