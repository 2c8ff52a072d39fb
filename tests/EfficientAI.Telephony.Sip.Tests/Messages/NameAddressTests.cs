using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Tests.Messages;

/// <summary>name-addr and addr-spec (RFC 3261 §20.10, §25.1) as used by From, To, Contact and Route.</summary>
public class NameAddressTests
{
    [Theory]
    [InlineData("Alice <sip:alice@atlanta.com>;tag=1928301774", "Alice", "1928301774")]
    [InlineData("\"Alice Liddell\" <sip:alice@atlanta.com>;tag=1928301774", "Alice Liddell", "1928301774")]
    [InlineData("<sip:alice@atlanta.com>;tag=1928301774", null, "1928301774")]
    [InlineData("sip:alice@atlanta.com;tag=1928301774", null, "1928301774")]
    [InlineData("caller<sip:alice@atlanta.com>", "caller", null)]
    [InlineData("sip:alice@atlanta.com ;   tag    = 1928301774", null, "1928301774")]
    public void DisplayNameAndTag_AreRead(string text, string? displayName, string? tag)
    {
        Assert.True(NameAddress.TryParse(text, out var address, out var error), error);
        Assert.Equal(displayName, address.DisplayName);
        Assert.Equal(tag, address.Tag);
        Assert.Equal("sip:alice@atlanta.com", address.Uri.ToString());
    }

    [Fact]
    public void AddrSpec_ParametersBelongToTheHeader_NotTheUri()
    {
        // §20.10: in "sip:u@h;tag=x" without '<' '>', ";tag" is a header parameter.
        Assert.True(NameAddress.TryParse("sip:+12125551212@server.phone2net.com;tag=887s", out var address, out _));

        Assert.Equal("887s", address.Tag);
        Assert.Equal(0, address.Uri.Parameters.Count);
    }

    [Fact]
    public void NameAddr_UriParametersStayOnTheUri()
    {
        Assert.True(NameAddress.TryParse("<sip:bigbox3.site3.atlanta.com;lr>;x=1", out var address, out _));

        Assert.True(address.Uri.Parameters.Contains("lr"));
        Assert.Equal("1", address.Parameters.Get("x"));
    }

    [Fact]
    public void QuotedDisplayName_UnescapesQuotedPairs()
    {
        Assert.True(NameAddress.TryParse("\"J Rosenberg \\\\\\\"\" <sip:jdrosen@example.com>", out var address, out _));

        Assert.Equal("J Rosenberg \\\"", address.DisplayName);
    }

    [Theory]
    [InlineData("\"Watson, Thomas\" < sip:t.watson@example.org >")]
    [InlineData("<sip:t.watson@example.org >")]
    [InlineData("Bell, Alexander <sip:a.g.bell@example.com>")]
    [InlineData("\"Mr. J. User <sip:j.user@example.com>")]
    [InlineData("Bob <sip:bob@biloxi.com")]
    [InlineData("sip:user@example.com?Route=%3Csip:sip.example.com%3E")]
    [InlineData("")]
    public void MalformedAddress_IsRejectedWithAReason(string text)
    {
        // RFC 4475 §3.1.2.14 badaspec, §3.1.2.15 baddn, §3.1.2.6 quotbal, §3.1.2.13 regbadct.
        Assert.False(NameAddress.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void ToString_QuotesTheDisplayName_AndKeepsTheTag()
    {
        var address = new NameAddress(SipUri.Create("alice", "atlanta.com"), "Alice \"A\" L") { Tag = "1928301774" };

        Assert.Equal("\"Alice \\\"A\\\" L\" <sip:alice@atlanta.com>;tag=1928301774", address.ToString());
        Assert.True(NameAddress.TryParse(address.ToString(), out var again, out _));
        Assert.Equal("Alice \"A\" L", again.DisplayName);
    }
}
