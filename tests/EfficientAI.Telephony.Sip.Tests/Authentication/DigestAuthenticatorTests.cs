using EfficientAI.Telephony.Sip.Authentication;
using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Tests.Authentication;

public sealed class DigestAuthenticatorTests
{
    private const string Password = "s3cr3t-pa55";
    private readonly DigestAuthenticator _alice = new(new SipCredentials("alice", Password));

    [Fact]
    public void Answer_ComputesTheResponseTheServerExpects()
    {
        var invite = Invite();

        var answer = _alice.Answer(invite, Challenge(401, "Digest realm=\"atlanta.example.com\", nonce=\"n1\", qop=\"auth\", opaque=\"op\", algorithm=SHA-256"), 0);

        Assert.True(answer.Succeeded, answer.Failure);
        var header = Assert.Single(answer.Headers);
        Assert.Equal("Authorization", header.Name);
        Assert.True(DigestCredentials.TryParse(header.Value, out var sent, out _));
        Assert.Equal("alice", sent.Username);
        Assert.Equal("sip:bob@biloxi.example.com", sent.Uri);
        Assert.Equal("op", sent.Opaque);
        Assert.Equal("SHA-256", sent.Algorithm);
        Assert.Equal(1u, sent.NonceCount);
        var expected = DigestResponse.Compute(DigestAlgorithm.Sha256, "alice", "atlanta.example.com", Password, "INVITE", sent.Uri, "n1", "auth", sent.Cnonce, 1);
        Assert.Equal(expected, sent.Response);
    }

    [Fact]
    public void Answer_NeverContainsThePassword()
    {
        var answer = _alice.Answer(Invite(), Challenge(401, "Digest realm=\"r\", nonce=\"n\""), 0);

        Assert.DoesNotContain(Password, answer.Headers[0].Value, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, new SipCredentials("alice", Password).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NonceCount_IncreasesPerNonce_AndStartsAgainForANewNonce()
    {
        var first = Sent(_alice.Answer(Invite(), Challenge(401, "Digest realm=\"r\", nonce=\"A\", qop=\"auth\""), 0));
        var second = Sent(_alice.Answer(Invite(), Challenge(401, "Digest realm=\"r\", nonce=\"A\", qop=\"auth\""), 0));
        var other = Sent(_alice.Answer(Invite(), Challenge(401, "Digest realm=\"r\", nonce=\"B\", qop=\"auth\""), 0));

        Assert.Equal([1u, 2u, 1u], [first.NonceCount, second.NonceCount, other.NonceCount]);
        Assert.NotEqual(first.Cnonce, second.Cnonce);
    }

    [Fact]
    public void ProxyChallenge_IsAnsweredWithProxyAuthorization()
    {
        var answer = _alice.Answer(Invite(), Challenge(407, "Digest realm=\"proxy\", nonce=\"n\"", "Proxy-Authenticate"), 0);

        Assert.Equal("Proxy-Authorization", Assert.Single(answer.Headers).Name);
    }

    [Fact]
    public void SeveralChallengesForOneRealm_TheTopmostSupportedIsAnswered()
    {
        var response = Challenge(401, "Digest realm=\"r\", nonce=\"aka\", algorithm=AKAv1-MD5");
        response.Headers.Add("WWW-Authenticate", "Digest realm=\"r\", nonce=\"sha\", algorithm=SHA-512-256");
        response.Headers.Add("WWW-Authenticate", "Digest realm=\"r\", nonce=\"md5\", algorithm=MD5");

        var sent = Sent(_alice.Answer(Invite(), response, 0));

        Assert.Equal("SHA-512-256", sent.Algorithm);
        Assert.Equal("sha", sent.Nonce);
    }

    [Theory]
    [InlineData("auth-int", "auth-int")]
    [InlineData("auth,auth-int", "auth")]
    [InlineData("auth-int,auth", "auth")]
    public void Qop_AuthIsPreferred_AuthIntOnlyWhenOfferedAlone(string offered, string chosen)
    {
        var sent = Sent(_alice.Answer(Invite(), Challenge(401, $"Digest realm=\"r\", nonce=\"n\", qop=\"{offered}\""), 0));

        Assert.Equal(chosen, sent.Qop);
    }

    [Fact]
    public void NoQop_AnswersInRfc2069Form_WithoutCnonceOrCount()
    {
        var value = _alice.Answer(Invite(), Challenge(401, "Digest realm=\"r\", nonce=\"n\""), 0).Headers[0].Value;

        Assert.DoesNotContain("cnonce", value, StringComparison.Ordinal);
        Assert.DoesNotContain("nc=", value, StringComparison.Ordinal);
    }

    [Fact]
    public void ChallengedAgainAfterAnswering_WithoutStale_FailsAsWrongCredentials()
    {
        var retry = Invite();
        DigestAuthenticator.Apply(retry, _alice.Answer(retry, Challenge(401, "Digest realm=\"atlanta\", nonce=\"n1\""), 0).Headers);

        var again = _alice.Answer(retry, Challenge(401, "Digest realm=\"atlanta\", nonce=\"n2\""), 1);

        Assert.False(again.Succeeded);
        Assert.Equal("authentication failed: 401 after credentials for realm \"atlanta\"", again.Failure);
    }

    [Fact]
    public void ChallengedAgainWithStale_IsAnsweredWithTheNewNonce()
    {
        var retry = Invite();
        DigestAuthenticator.Apply(retry, _alice.Answer(retry, Challenge(401, "Digest realm=\"atlanta\", nonce=\"old\""), 0).Headers);

        var again = _alice.Answer(retry, Challenge(401, "Digest realm=\"atlanta\", nonce=\"new\", stale=true"), 1);

        Assert.True(again.Succeeded, again.Failure);
        DigestAuthenticator.Apply(retry, again.Headers);
        var only = Assert.Single(retry.Headers.GetLines("Authorization"));
        Assert.Contains("nonce=\"new\"", only, StringComparison.Ordinal);
    }

    [Fact]
    public void StaleChallengesWithoutEnd_StopAfterTheLimit()
    {
        var authenticator = new DigestAuthenticator(new SipCredentials("alice", Password)) { MaxChallengesPerRequest = 2 };

        var answered = Enumerable.Range(0, 3)
            .Select(i => authenticator.Answer(Invite(), Challenge(401, $"Digest realm=\"loop\", nonce=\"n{i}\", stale=true"), i))
            .ToList();

        Assert.Equal([true, true, false], answered.Select(a => a.Succeeded));
        Assert.Equal("authentication failed: 401 after 2 answered challenges for realm \"loop\"", answered[2].Failure);
    }

    [Fact]
    public void RealmWithoutCredentials_FailsNamingTheRealm()
    {
        var authenticator = new DigestAuthenticator(new SipCredentials("alice", Password, realm: "atlanta"));

        var answer = authenticator.Answer(Invite(), Challenge(407, "Digest realm=\"elsewhere\", nonce=\"n\"", "Proxy-Authenticate"), 0);

        Assert.Equal("authentication failed: 407 for realm \"elsewhere\" and no credentials for it", answer.Failure);
    }

    [Fact]
    public void ChallengeWithUnsupportedAlgorithmOnly_Fails()
    {
        var answer = _alice.Answer(Invite(), Challenge(401, "Digest realm=\"r\", nonce=\"n\", algorithm=AKAv1-MD5"), 0);

        Assert.Equal("authentication failed: 401 for realm \"r\" offers only unsupported algorithms (AKAv1-MD5)", answer.Failure);
    }

    private static SipRequest Invite()
    {
        var invite = new SipRequest(SipMethods.Invite, SipUri.Parse("sip:bob@biloxi.example.com"));
        invite.Headers.Add(HeaderNames.CSeq, "1 INVITE");
        invite.Body = "v=0\r\n"u8.ToArray();
        return invite;
    }

    private static SipResponse Challenge(int status, string value, string header = "WWW-Authenticate")
    {
        var response = new SipResponse(status, status == 401 ? "Unauthorized" : "Proxy Authentication Required");
        response.Headers.Add(header, value);
        return response;
    }

    private static DigestCredentials Sent(ChallengeAnswer answer)
    {
        Assert.True(answer.Succeeded, answer.Failure);
        Assert.True(DigestCredentials.TryParse(answer.Headers[0].Value, out var credentials, out var error), error);
        return credentials;
    }
}
