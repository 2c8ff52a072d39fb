using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Tests.Parsing;

/// <summary>RFC 3261 §7.3.3: compact header names are the same headers as their long forms.</summary>
public class CompactFormTests
{
    // §24.2 F1 with every header that has a compact form written compactly (and Subject, Supported added).
    private const string CompactInvite =
        "INVITE sip:bob@biloxi.com SIP/2.0\r\n" +
        "v: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n" +
        "Max-Forwards: 70\r\n" +
        "t: Bob <sip:bob@biloxi.com>\r\n" +
        "f: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n" +
        "i: a84b4c76e66710\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "m: <sip:alice@pc33.atlanta.com>\r\n" +
        "s: Lunch\r\n" +
        "k: 100rel\r\n" +
        "c: application/sdp\r\n" +
        "l: 142\r\n" +
        "\r\n" +
        Rfc3261Examples.AliceSdp;

    [Theory]
    [InlineData("v", HeaderNames.Via, "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8")]
    [InlineData("f", HeaderNames.From, "Alice <sip:alice@atlanta.com>;tag=1928301774")]
    [InlineData("t", HeaderNames.To, "Bob <sip:bob@biloxi.com>")]
    [InlineData("i", HeaderNames.CallId, "a84b4c76e66710")]
    [InlineData("m", HeaderNames.Contact, "<sip:alice@pc33.atlanta.com>")]
    [InlineData("s", HeaderNames.Subject, "Lunch")]
    [InlineData("k", HeaderNames.Supported, "100rel")]
    [InlineData("c", HeaderNames.ContentType, "application/sdp")]
    [InlineData("l", HeaderNames.ContentLength, "142")]
    public void CompactName_IsStoredUnderItsLongName(string compact, string longName, string value)
    {
        var message = SipText.Valid(CompactInvite);

        Assert.Contains(new SipHeader(longName, value), message.Headers);
        Assert.Equal(value, message.Headers[longName]);
        Assert.Equal(value, message.Headers[compact]);
        Assert.DoesNotContain(message.Headers, h => h.Name == compact);
    }

    [Theory]
    [InlineData("V", HeaderNames.Via)]
    [InlineData("I", HeaderNames.CallId)]
    [InlineData("L", HeaderNames.ContentLength)]
    public void CompactName_IsCaseInsensitive(string compact, string longName)
    {
        Assert.Equal(longName, HeaderNames.Canonical(compact));
    }

    [Fact]
    public void CompactMessage_ReadsLikeTheLongForm()
    {
        var compact = SipText.Request(CompactInvite);
        var longForm = SipText.Request(Rfc3261Examples.InviteF1);

        Assert.Equal(longForm.TopVia!.Branch, compact.TopVia!.Branch);
        Assert.Equal(longForm.From!.Tag, compact.From!.Tag);
        Assert.Equal(longForm.To!.Uri.ToString(), compact.To!.Uri.ToString());
        Assert.Equal(longForm.CallId, compact.CallId);
        Assert.Equal(longForm.Contact!.Uri.ToString(), compact.Contact!.Uri.ToString());
        Assert.Equal(longForm.ContentType, compact.ContentType);
        Assert.Equal(longForm.BodyText, compact.BodyText);
    }

    [Fact]
    public void MixedCaseLongNames_AreStoredCanonically()
    {
        var message = SipText.Valid(
            Rfc3261Examples.RegisterF1.Replace("Max-Forwards:", "MaX-fOrWaRdS:", StringComparison.Ordinal).Replace("Call-ID:", "call-id:", StringComparison.Ordinal));

        Assert.Contains(message.Headers, h => h.Name == HeaderNames.MaxForwards);
        Assert.Contains(message.Headers, h => h.Name == HeaderNames.CallId);
        Assert.Equal("843817637684230@998sdasdh09", message.CallId);
    }
}
