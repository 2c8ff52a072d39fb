using System.Collections.Concurrent;
using EfficientAI.Telephony.Sip.Authentication;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Registration;
using EfficientAI.Telephony.Sip.UserAgent;
using EfficientAI.Telephony.TestKit.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.IntegrationTests.Trunks;

/// <summary>
/// Kamailio on loopback as the carrier: a registrar and record-routing proxy that wants digest credentials
/// (401 on REGISTER, 407 on INVITE), in front of a UAS standing in for the agent behind the carrier.
/// </summary>
public sealed class KamailioTrunkTests
{
    private const string Sdp = "v=0\r\no=efficientai 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40020 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("MD5")]
    [InlineData("SHA-256")]
    public async Task Register_WithDigest_IsAccepted(string algorithm)
    {
        await using var kamailio = await KamailioProxy.StartAsync(new KamailioOptions { Algorithm = algorithm, DefaultExpires = 120 });
        await using var ua = StartUserAgent("alice");
        await using var registration = Registration(ua, kamailio, kamailio.Options.Password);

        var result = await registration.RegisterAsync().WaitAsync(Bound);

        Assert.True(result.State == RegistrationState.Registered, $"{result.StatusCode} {result.Cause}\n{kamailio.Output}");
        Assert.True(result.Granted > TimeSpan.Zero && result.Granted <= TimeSpan.FromSeconds(3600), $"granted {result.Granted}");
    }

    [Fact]
    public async Task Register_WrongPassword_FailsWithTheCause()
    {
        await using var kamailio = await KamailioProxy.StartAsync(new KamailioOptions());
        await using var ua = StartUserAgent("alice");
        await using var registration = Registration(ua, kamailio, "not-the-password");

        var result = await registration.RegisterAsync().WaitAsync(Bound);

        Assert.Equal(RegistrationState.Failed, result.State);
        Assert.Equal($"authentication failed: 401 after credentials for realm \"{kamailio.Options.Realm}\"", result.Cause);
    }

    [Fact]
    public async Task InboundCall_ToTheRegisteredAddress_ReachesOurUserAgent()
    {
        await using var kamailio = await KamailioProxy.StartAsync(new KamailioOptions());
        await using var tester = StartUserAgent("alice");
        var answered = new TaskCompletionSource<IncomingInvite>(TaskCreationOptions.RunContinuationsAsynchronously);
        tester.IncomingCall = incoming =>
        {
            incoming.Accept(Sdp);
            answered.TrySetResult(incoming);
            return Task.CompletedTask;
        };
        await using var registration = Registration(tester, kamailio, kamailio.Options.Password);
        Assert.Equal(RegistrationState.Registered, (await registration.RegisterAsync().WaitAsync(Bound)).State);
        await using var agent = StartUserAgent("agent");

        // The agent calls the tester back at its address-of-record; kamailio finds the contact we registered.
        var call = await agent.InviteAsync(new InviteRequest(SipUri.Parse($"sip:alice@127.0.0.1:{kamailio.Port}"), Sdp)).WaitAsync(Bound);

        Assert.True(call.Succeeded, $"{call.Failure} {call.StatusCode} {call.ReasonPhrase}\n{kamailio.Output}");
        var incoming = await answered.Task.WaitAsync(Bound);
        Assert.Equal(tester.ContactUri.ToString(), incoming.Request.RequestUri.ToString());
        await call.Dialog!.ByeAsync().WaitAsync(Bound);
    }

    [Fact]
    public async Task CarrierCall_AuthenticatedOnInvite_ThroughTheProxy_AndTheByeFollowsRecordRoute()
    {
        // The agent behind the carrier is a UA of ours: sipp's built-in UAS leaves Record-Route out of its 200,
        // which would take the proxy out of the dialog (RFC 3261 §12.1.1 wants it copied).
        await using var agent = StartUserAgent("agent");
        var agentBye = new TaskCompletionSource<Sip.Dialogs.DialogEnd>(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.IncomingCall = incoming =>
        {
            var dialog = incoming.Accept(Sdp);
            _ = dialog.Ended.ContinueWith(t => agentBye.TrySetResult(t.Result), TaskScheduler.Default);
            return Task.CompletedTask;
        };
        await using var kamailio = await KamailioProxy.StartAsync(new KamailioOptions { Algorithm = "SHA-256", CarrierTarget = agent.LocalEndPoint });
        await using var ua = StartUserAgent("caller");
        var sent = new ConcurrentQueue<SipTraceEntry>();
        ua.Traced += e =>
        {
            if (e.Outgoing)
            {
                sent.Enqueue(e);
            }
        };
        var account = new SipAccount
        {
            User = "+15550001111",
            Domain = "127.0.0.1",
            Credentials = new SipCredentials(kamailio.Options.Username, kamailio.Options.Password),
            OutboundProxy = SipUri.Parse(kamailio.Uri),
        };

        var result = await ua.InviteAsync(new InviteRequest(SipUri.Parse($"sip:+15551234567@127.0.0.1:{kamailio.Port};user=phone"), Sdp) { Account = account })
            .WaitAsync(Bound);

        Assert.True(result.Succeeded, $"{result.Failure} {result.StatusCode} {result.Cause}\n{kamailio.Output}");
        // Two INVITE transactions (the challenged one and the authenticated one); a loaded box may retransmit either.
        var invites = sent.Where(e => e.StartLine.StartsWith("INVITE", StringComparison.Ordinal))
            .GroupBy(e => System.Text.Encoding.UTF8.GetString(e.Bytes).Split("\r\n").First(l => l.StartsWith("CSeq:", StringComparison.OrdinalIgnoreCase)))
            .Select(g => g.First()).ToList();
        Assert.Equal(2, invites.Count);
        Assert.Contains("Proxy-Authorization: Digest", System.Text.Encoding.UTF8.GetString(invites[1].Bytes), StringComparison.Ordinal);
        Assert.Equal(kamailio.Port, result.Dialog!.RouteSet.Select(r => r.Uri.Port).Single());

        var end = await result.Dialog.ByeAsync().WaitAsync(Bound);

        Assert.Equal(200, end.ByeStatus);
        Assert.Equal(Sip.Dialogs.DialogEndReason.RemoteBye, (await agentBye.Task.WaitAsync(Bound)).Reason);
        var bye = Assert.Single(sent, e => e.StartLine.StartsWith("BYE", StringComparison.Ordinal));
        Assert.Equal(kamailio.EndPoint, bye.Remote);
        // The Route is kamailio's own Record-Route value (it may add parameters such as ftag after lr).
        Assert.Contains($"\r\nRoute: <sip:127.0.0.1:{kamailio.Port};lr", System.Text.Encoding.UTF8.GetString(bye.Bytes), StringComparison.Ordinal);
        Assert.All(sent, e => Assert.DoesNotContain(kamailio.Options.Password, System.Text.Encoding.UTF8.GetString(e.Bytes), StringComparison.Ordinal));
    }

    [Fact]
    public async Task CarrierCall_WrongPassword_EndsWithTheCause_AfterOneRetry()
    {
        await using var kamailio = await KamailioProxy.StartAsync(new KamailioOptions());
        await using var ua = StartUserAgent("caller");
        var account = new SipAccount { Credentials = new SipCredentials(kamailio.Options.Username, "wrong"), OutboundProxy = SipUri.Parse(kamailio.Uri) };

        var result = await ua.InviteAsync(new InviteRequest(SipUri.Parse($"sip:+15551234567@127.0.0.1:{kamailio.Port};user=phone"), Sdp) { Account = account })
            .WaitAsync(Bound);

        Assert.Equal(InviteFailure.AuthenticationFailed, result.Failure);
        Assert.Equal(407, result.StatusCode);
        Assert.Equal($"authentication failed: 407 after credentials for realm \"{kamailio.Options.Realm}\"", result.Cause);
    }

    private static SipUserAgent StartUserAgent(string user) =>
        SipUserAgent.Start(new SipUserAgentOptions { UserName = user }, TimeProvider.System, NullLogger.Instance);

    private static SipRegistration Registration(SipUserAgent ua, KamailioProxy kamailio, string password) => new(ua, new RegistrationOptions
    {
        Registrar = SipUri.Parse(kamailio.Uri),
        AddressOfRecord = SipUri.Parse($"sip:{kamailio.Options.Username}@127.0.0.1"),
        Account = new SipAccount { Credentials = new SipCredentials(kamailio.Options.Username, password) },
    });
}
