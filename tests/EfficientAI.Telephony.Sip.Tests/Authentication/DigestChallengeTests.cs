using EfficientAI.Telephony.Sip.Authentication;
using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Tests.Authentication;

public sealed class DigestChallengeTests
{
    [Fact]
    public void Rfc3261Example_ReadsRealmNonceOpaqueAndQopOptions()
    {
        // RFC 3261 §22.4 / §20.44
        var challenge = DigestChallenge.Parse("""Digest realm="biloxi.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41" """);

        Assert.Equal("biloxi.com", challenge.Realm);
        Assert.Equal("dcd98b7102dd2f0e8b11d0f600bfb0c093", challenge.Nonce);
        Assert.Equal("5ccc069c403ebaf9f0171e9517f40e41", challenge.Opaque);
        Assert.Equal(["auth", "auth-int"], challenge.QopOptions);
        Assert.Same(DigestAlgorithm.Md5, challenge.Algorithm);
        Assert.Null(challenge.AlgorithmName);
        Assert.False(challenge.Stale);
    }

    [Fact]
    public void StaleAndAlgorithm_AreReadCaseInsensitively()
    {
        var challenge = DigestChallenge.Parse("digest REALM=\"sip.example\",NONCE=\"abc\",Algorithm=sha-256,STALE=TRUE");

        Assert.True(challenge.Stale);
        Assert.Same(DigestAlgorithm.Sha256, challenge.Algorithm);
        Assert.Equal("sha-256", challenge.AlgorithmName);
    }

    [Fact]
    public void QuotedPair_InRealm_IsUnescaped()
    {
        var challenge = DigestChallenge.Parse("""Digest realm="a \"quoted\" realm, with comma", nonce="n1" """);

        Assert.Equal("a \"quoted\" realm, with comma", challenge.Realm);
    }

    [Fact]
    public void UnknownAlgorithm_ParsesButCannotBeComputed()
    {
        var challenge = DigestChallenge.Parse("Digest realm=\"r\", nonce=\"n\", algorithm=AKAv1-MD5");

        Assert.Null(challenge.Algorithm);
        Assert.Equal("AKAv1-MD5", challenge.AlgorithmName);
    }

    [Theory]
    [InlineData("Digest realm=\"r\"", "challenge has no nonce")]
    [InlineData("Digest nonce=\"n\"", "challenge has no realm")]
    [InlineData("Basic realm=\"r\"", "scheme 'Basic' is not Digest")]
    [InlineData("Digest nonce=\"n\", realm=\"r", "parameter 'realm' has an unterminated quoted string")]
    [InlineData("Digest realm=\"r\" nonce=\"n\"", "expected ',' after parameter 'realm'")]
    [InlineData("Digest realm=\"r\", realm=\"s\", nonce=\"n\"", "parameter 'realm' appears twice")]
    public void InvalidChallenge_IsRejectedWithTheReason(string value, string reason)
    {
        Assert.False(DigestChallenge.TryParse(value, false, out _, out var error));
        Assert.StartsWith(reason, error);
    }

    [Fact]
    public void FromResponse_ReadsEveryHeaderFieldInOrder_AndMarksProxyChallenges()
    {
        var response = new SipResponse(407, "Proxy Authentication Required");
        response.Headers.Add("Proxy-Authenticate", "Digest realm=\"proxy\", nonce=\"p1\", algorithm=SHA-256");
        response.Headers.Add("Proxy-Authenticate", "Digest realm=\"proxy\", nonce=\"p2\", algorithm=MD5");
        response.Headers.Add("WWW-Authenticate", "Digest realm=\"uas\", nonce=\"u1\"");

        var challenges = DigestChallenge.FromResponse(response);

        Assert.Equal(["p1", "p2", "u1"], challenges.Select(c => c.Nonce));
        Assert.Equal([true, true, false], challenges.Select(c => c.IsProxy));
        Assert.Equal("Proxy-Authorization", challenges[0].AnswerHeaderName);
        Assert.Equal("Authorization", challenges[2].AnswerHeaderName);
    }

    [Fact]
    public void Credentials_RoundTripThroughTheirHeaderValue()
    {
        var credentials = new DigestCredentials
        {
            Username = "alice",
            Realm = "atlanta.example.com",
            Nonce = "n\"1",
            Uri = "sip:bob@biloxi.example.com",
            Response = "0123456789abcdef0123456789abcdef",
            Algorithm = "SHA-256",
            Opaque = "o",
            Qop = "auth",
            Cnonce = "c",
            NonceCount = 0x1f,
        };

        var text = credentials.ToString();

        Assert.Contains("nc=0000001f", text, StringComparison.Ordinal);
        Assert.Contains("qop=auth,", text, StringComparison.Ordinal);
        Assert.True(DigestCredentials.TryParse(text, out var parsed, out var error), error);
        Assert.Equal(credentials, parsed);
    }
}
