using System.Collections.Concurrent;
using EfficientAI.Telephony.Sip.Authentication;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Registration;
using EfficientAI.Telephony.Sip.UserAgent;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Sip.Tests.Authentication;

/// <summary>Our UAC against a scripted UAS on loopback UDP that challenges INVITE and BYE (RFC 3261 §22.2, §22.3).</summary>
public sealed class SipUserAgentAuthenticationTests : IAsyncLifetime
{
    private const string Realm = "sip.test";
    private const string Password = "correct horse";
    private const string Sdp = "v=0\r\no=uac 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40002 RTP/AVP 0\r\n";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly ConcurrentQueue<SipTraceEntry> _sent = new();
    private readonly List<ScriptedSipServer> _servers = [];
    private SipUserAgent _ua = null!;

    public Task InitializeAsync()
    {
        _ua = SipUserAgent.Start(new SipUserAgentOptions { UserName = "caller" }, TimeProvider.System, NullLogger.Instance);
        _ua.Traced += e =>
        {
            if (e.Outgoing)
            {
                _sent.Enqueue(e);
            }
        };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        // The user agent first: it ends the calls still up with BYE, which the servers answer.
        await _ua.DisposeAsync();
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Invite_ChallengedWith401_IsResentWithCredentials_InTheSameCallWithTheNextCSeq()
    {
        var uas = Server((s, r) => AnswerWhenAuthorized(s, r, 401, "WWW-Authenticate", "Authorization"));

        var result = await _ua.InviteAsync(Call(uas, "alice", Password)).WaitAsync(Bound);

        Assert.True(result.Succeeded, $"{result.Failure} {result.Cause}");
        var invites = uas.Received(SipMethods.Invite);
        Assert.Equal(2, invites.Count);
        var (first, second) = (invites[0], invites[1]);
        Assert.Equal(first.CallId, second.CallId);
        Assert.Equal(first.From!.Tag, second.From!.Tag);
        Assert.Null(second.To!.Tag);
        Assert.Equal(first.CSeq!.Value.Number + 1, second.CSeq!.Value.Number);
        Assert.NotEqual(first.TopVia!.Branch, second.TopVia!.Branch);
        Assert.False(first.Headers.Contains("Authorization"));
        Assert.True(ScriptedSipServer.HasValidCredentials(second, Realm, Password));
        // §17.1.1.3: the 401 is acknowledged within its own transaction (same branch as the first INVITE).
        var ack = await uas.NextAsync(SipMethods.Ack, Bound);
        Assert.Equal(first.TopVia!.Branch, ack.TopVia!.Branch);
    }

    [Fact]
    public async Task Invite_ChallengedWith407_AnswersWithProxyAuthorization()
    {
        var proxy = Server((s, r) => AnswerWhenAuthorized(s, r, 407, "Proxy-Authenticate", "Proxy-Authorization"));

        var result = await _ua.InviteAsync(Call(proxy, "alice", Password)).WaitAsync(Bound);

        Assert.True(result.Succeeded, $"{result.Failure} {result.Cause}");
        Assert.True(ScriptedSipServer.HasValidCredentials(proxy.Received(SipMethods.Invite)[1], Realm, Password, "Proxy-Authorization"));
    }

    [Fact]
    public async Task Invite_WrongPassword_EndsWithTheCause_AfterOneRetry()
    {
        var uas = Server((s, r) => AnswerWhenAuthorized(s, r, 401, "WWW-Authenticate", "Authorization"));

        var result = await _ua.InviteAsync(Call(uas, "alice", "wrong")).WaitAsync(Bound);

        Assert.Equal(InviteFailure.AuthenticationFailed, result.Failure);
        Assert.Equal(401, result.StatusCode);
        Assert.Equal($"authentication failed: 401 after credentials for realm \"{Realm}\"", result.Cause);
        Assert.Equal(2, uas.Received(SipMethods.Invite).Count);
    }

    [Fact]
    public async Task Invite_StaleNonce_IsRetriedWithTheNewNonce()
    {
        var nonces = 0;
        var uas = Server((self, r) =>
        {
            if (r.Method != SipMethods.Invite)
            {
                return [ScriptedSipServer.Reply(r, 200)];
            }

            var n = Interlocked.Increment(ref nonces);
            // The first answer is refused as stale: the password was right, the nonce had expired.
            return n switch
            {
                1 => [ScriptedSipServer.Challenge(r, 401, $"Digest realm=\"{Realm}\", nonce=\"first\", qop=\"auth\"")],
                2 => [ScriptedSipServer.Challenge(r, 401, $"Digest realm=\"{Realm}\", nonce=\"second\", qop=\"auth\", stale=true")],
                _ => [ScriptedSipServer.HasValidCredentials(r, Realm, Password) ? self.Answer(r) : ScriptedSipServer.Reply(r, 403)],
            };
        });

        var result = await _ua.InviteAsync(Call(uas, "alice", Password)).WaitAsync(Bound);

        Assert.True(result.Succeeded, $"{result.Failure} {result.Cause}");
        var invites = uas.Received(SipMethods.Invite);
        Assert.Equal(3, invites.Count);
        Assert.Contains("nonce=\"second\"", invites[2].Headers["Authorization"], StringComparison.Ordinal);
        Assert.Equal([1u, 2u, 3u], invites.Select(i => i.CSeq!.Value.Number));
    }

    [Fact]
    public async Task Invite_ChallengedForever_StopsAfterTheConfiguredAttempts()
    {
        var round = 0;
        var uas = Server((_, r) =>
            [ScriptedSipServer.Challenge(r, 401, $"Digest realm=\"{Realm}\", nonce=\"n{Interlocked.Increment(ref round)}\", stale=true")]);

        var result = await _ua.InviteAsync(Call(uas, "alice", Password) with { MaxAuthenticationAttempts = 3 }).WaitAsync(Bound);

        Assert.Equal(InviteFailure.AuthenticationFailed, result.Failure);
        Assert.Equal($"authentication failed: 401 after 3 answered challenges for realm \"{Realm}\"", result.Cause);
        Assert.Equal(4, uas.Received(SipMethods.Invite).Count);
    }

    [Fact]
    public async Task Invite_ChallengedWithoutCredentials_FailsNamingTheRealm()
    {
        var uas = Server((s, r) => AnswerWhenAuthorized(s, r, 401, "WWW-Authenticate", "Authorization"));

        var result = await _ua.InviteAsync(new InviteRequest(uas.Uri("bob"), Sdp)).WaitAsync(Bound);

        Assert.Equal(InviteFailure.AuthenticationFailed, result.Failure);
        Assert.Equal($"authentication required: 401 for realm \"{Realm}\" and no credentials configured", result.Cause);
    }

    [Fact]
    public async Task Bye_Challenged_IsAnsweredWithTheCallsCredentials()
    {
        var uas = Server((s, r) => AnswerWhenAuthorized(s, r, 401, "WWW-Authenticate", "Authorization"));
        var result = await _ua.InviteAsync(Call(uas, "alice", Password)).WaitAsync(Bound);
        Assert.True(result.Succeeded, $"{result.Failure} {result.Cause}");

        var end = await result.Dialog!.ByeAsync().WaitAsync(Bound);

        Assert.Equal(200, end.ByeStatus);
        // One BYE per CSeq: a retransmission of the first (Timer E, on a slow box) is the same request again.
        var byes = uas.Received(SipMethods.Bye).DistinctBy(b => b.CSeq!.Value.Number).ToList();
        Assert.Equal(2, byes.Count);
        Assert.True(ScriptedSipServer.HasValidCredentials(byes[1], Realm, Password));
        Assert.True(byes[1].CSeq!.Value.Number > byes[0].CSeq!.Value.Number);
    }

    [Fact]
    public async Task Password_NeverAppearsInAnyMessageSent()
    {
        var uas = Server((s, r) => AnswerWhenAuthorized(s, r, 401, "WWW-Authenticate", "Authorization"));

        var result = await _ua.InviteAsync(Call(uas, "alice", Password)).WaitAsync(Bound);
        await result.Dialog!.ByeAsync().WaitAsync(Bound);

        Assert.NotEmpty(_sent);
        Assert.All(_sent, e => Assert.DoesNotContain(Password, System.Text.Encoding.UTF8.GetString(e.Bytes), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Account_OutboundProxy_IsTheFirstHop_WithAPreloadedLooseRoute()
    {
        var proxy = Server((s, r) => AnswerWhenAuthorized(s, r, 407, "Proxy-Authenticate", "Proxy-Authorization"));
        var account = new SipAccount { User = "+15550001111", Domain = "carrier.example", Credentials = new SipCredentials("alice", Password), OutboundProxy = proxy.Uri(null!) };

        var result = await _ua.InviteAsync(new InviteRequest(SipUri.Parse("sip:+15551234567@carrier.example;user=phone"), Sdp) { Account = account }).WaitAsync(Bound);

        Assert.True(result.Succeeded, $"{result.Failure} {result.Cause}");
        var invite = proxy.Received(SipMethods.Invite)[0];
        Assert.Equal("sip:+15551234567@carrier.example;user=phone", invite.RequestUri.ToString());
        Assert.Equal($"<sip:127.0.0.1:{proxy.EndPoint.Port};lr>", invite.Headers[HeaderNames.Route]);
        Assert.Equal("sip:+15550001111@carrier.example", invite.From!.Uri.ToString());
    }

    private static InviteRequest Call(ScriptedSipServer server, string user, string password) =>
        new(server.Uri("bob"), Sdp) { Account = new SipAccount { Credentials = new SipCredentials(user, password) } };

    private ScriptedSipServer Server(Func<ScriptedSipServer, SipRequest, IEnumerable<SipResponse>> respond)
    {
        var server = new ScriptedSipServer(_ => []);
        server.Respond = r => respond(server, r);
        _servers.Add(server);
        return server;
    }

    /// <summary>A UAS (or proxy) that challenges every request without valid credentials and accepts the rest.</summary>
    private static IEnumerable<SipResponse> AnswerWhenAuthorized(ScriptedSipServer server, SipRequest request, int status, string challengeHeader, string answerHeader)
    {
        if (!ScriptedSipServer.HasValidCredentials(request, Realm, Password, answerHeader))
        {
            var nonce = Guid.NewGuid().ToString("N");
            var challenge = ScriptedSipServer.Reply(request, status);
            challenge.Headers.Add(challengeHeader, $"Digest realm=\"{Realm}\", nonce=\"{nonce}\", qop=\"auth\", algorithm=SHA-256, opaque=\"o-{nonce[..4]}\"");
            return [challenge];
        }

        if (request.Method != SipMethods.Invite)
        {
            return [ScriptedSipServer.Reply(request, 200)];
        }

        return [ScriptedSipServer.Reply(request, 180), server.Answer(request)];
    }
}
