using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Tests.Messages;

/// <summary>SIP and SIPS URIs (RFC 3261 §19.1, grammar of §25.1).</summary>
public class SipUriTests
{
    [Fact]
    public void AllParts_AreRead()
    {
        var uri = SipUri.Parse("sips:alice:secretword@atlanta.com:5061;transport=tcp;lr?subject=project%20x&priority=urgent");

        Assert.Equal("sips", uri.Scheme);
        Assert.Equal("alice", uri.User);
        Assert.Equal("secretword", uri.Password);
        Assert.Equal("atlanta.com", uri.Host);
        Assert.Equal(5061, uri.Port);
        Assert.Equal("tcp", uri.Parameters.Get("transport"));
        Assert.True(uri.Parameters.Contains("lr"));
        Assert.Null(uri.Parameters.Get("lr"));
        Assert.Equal("subject=project%20x&priority=urgent", uri.Headers);
    }

    [Fact]
    public void UserPart_MayContainQuestionMarkAndSemicolon()
    {
        // user-unreserved includes '?' and ';' (§25.1); the first '@' ends userinfo (RFC 4475 §3.1.1.2 intmeth).
        var uri = SipUri.Parse("sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com");

        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", uri.User);
        Assert.Equal("example.com", uri.Host);
        Assert.Null(uri.Headers);
    }

    [Fact]
    public void QuestionMarkAfterTheHost_StartsHeaders()
    {
        var uri = SipUri.Parse("sip:user@example.com?Route=%3Csip:example.com%3E");

        Assert.Equal("user", uri.User);
        Assert.Equal("example.com", uri.Host);
        Assert.Equal("Route=%3Csip:example.com%3E", uri.Headers);
    }

    [Fact]
    public void EscapedUser_IsUnescaped_AndEscapedAgainWhenWritten()
    {
        var uri = SipUri.Parse("sip:I%20have%20spaces@example.net");

        Assert.Equal("I have spaces", uri.User);
        Assert.Equal("sip:I%20have%20spaces@example.net", uri.ToString());
    }

    [Fact]
    public void EscapedAtInUser_IsNotTheUserinfoEnd()
    {
        // RFC 4475 §3.1.1.9 (semiuri): "user;par=u%40example.net" is the user part.
        var uri = SipUri.Parse("sip:user;par=u%40example.net@example.com");

        Assert.Equal("user;par=u@example.net", uri.User);
        Assert.Equal("example.com", uri.Host);
        Assert.Equal(0, uri.Parameters.Count);
    }

    [Theory]
    [InlineData("sip:")]
    [InlineData("sip:@example.com")]
    [InlineData("sip:user@")]
    [InlineData("sip:user@example.com:")]
    [InlineData("sip:user@example.com:70000")]
    [InlineData("sip:user@exa mple.com")]
    [InlineData("sip:user@example_host.com")]
    [InlineData("sip:bad%zzescape@example.com")]
    [InlineData("example.com")]
    [InlineData("<sip:user@example.com>")]
    public void MalformedUri_IsRejected(string text)
    {
        Assert.False(SipUri.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("SIP:bob@biloxi.com", "sip")]
    [InlineData("Sips:bob@biloxi.com", "sips")]
    public void Scheme_IsCaseInsensitive_AndStoredLowerCase(string text, string scheme)
    {
        Assert.Equal(scheme, SipUri.Parse(text).Scheme);
    }
}
