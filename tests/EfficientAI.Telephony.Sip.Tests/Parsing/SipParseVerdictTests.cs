using EfficientAI.Telephony.Sip.Parsing;
using EfficientAI.Telephony.Sip.Tests.Torture;

namespace EfficientAI.Telephony.Sip.Tests.Parsing;

/// <summary>
/// What `efficientai sip parse FILE` decides (the command prints <see cref="SipParseVerdict.Text"/> and exits with
/// <see cref="SipParseVerdict.ExitCode"/>), for every message of RFC 4475 and RFC 5118.
/// </summary>
public class SipParseVerdictTests
{
    /// <summary>The messages the RFCs say must be rejected: §3.1.2 of RFC 4475, the 400s of §3.3, RFC 5118 §4.2.</summary>
    private static readonly HashSet<string> Rejected =
    [
        "rfc4475/badinv01", "rfc4475/clerr", "rfc4475/ncl", "rfc4475/scalar02", "rfc4475/scalarlg", "rfc4475/quotbal",
        "rfc4475/ltgtruri", "rfc4475/lwsruri", "rfc4475/lwsstart", "rfc4475/trws", "rfc4475/escruri", "rfc4475/baddate",
        "rfc4475/regbadct", "rfc4475/badaspec", "rfc4475/baddn", "rfc4475/badvers", "rfc4475/mismatch01",
        "rfc4475/mismatch02", "rfc4475/bigcode", "rfc4475/insuf", "rfc4475/multi01", "rfc4475/mcl01",
        "rfc5118/ipv6-bad",
    ];

    public static TheoryData<string> AllMessages()
    {
        var data = new TheoryData<string>();
        foreach (var name in SharedCorpora.Names("rfc4475").Concat(SharedCorpora.Names("rfc5118")))
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void TheCorpora_HoldEveryMessageOfBothRfcs()
    {
        // 49 files in RFC 4475's archive, 12 in RFC 5118's: a missing file would shrink the table silently.
        Assert.Equal(49, SharedCorpora.Names("rfc4475").Count);
        Assert.Equal(12, SharedCorpora.Names("rfc5118").Count);
    }

    [Theory]
    [MemberData(nameof(AllMessages))]
    public void Message_GetsTheVerdictTheRfcGives(string name)
    {
        var verdict = SipParseVerdict.Of(SharedCorpora.Read(name));

        var rejected = Rejected.Contains(name);
        Assert.Equal(rejected ? 1 : 0, verdict.ExitCode);
        Assert.Equal(rejected, verdict.Text.StartsWith("invalid: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Rejection_NamesTheHeaderAndItsLine()
    {
        // RFC 4475 §3.1.2.14: the To header on line 5 has spaces inside its addr-spec.
        var verdict = SipParseVerdict.Of(SharedCorpora.Rfc4475("badaspec"));

        Assert.StartsWith("invalid: To: ", verdict.Text, StringComparison.Ordinal);
        Assert.EndsWith("(line 5, byte 184)", verdict.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejection_OfAFramingFault_NamesTheLineOfTheHeader()
    {
        // RFC 4475 §3.1.2.3: Content-Length: -999 on line 10.
        var verdict = SipParseVerdict.Of(SharedCorpora.Rfc4475("ncl"));

        Assert.StartsWith("invalid: Content-Length: ", verdict.Text, StringComparison.Ordinal);
        Assert.Contains("(line 10, ", verdict.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidRequest_IsSummarised()
    {
        var verdict = SipParseVerdict.Of(SharedCorpora.Rfc4475("esc01"));

        Assert.Equal(0, verdict.ExitCode);
        Assert.StartsWith("request INVITE sip:sips%3Auser%40example.com@example.net\n", verdict.Text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("call-id esc01.239409asdfakjkn23onasd0-3234", verdict.Text, StringComparison.Ordinal);
    }
}
