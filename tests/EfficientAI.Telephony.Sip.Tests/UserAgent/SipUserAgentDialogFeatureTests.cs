using System.Collections.Concurrent;
using EfficientAI.Telephony.Sip.Dialogs;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.UserAgent;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Sip.Tests.UserAgent;

/// <summary>
/// What real trunks and PBXs do inside a call, between our user agents over UDP on 127.0.0.1: re-INVITE and UPDATE
/// offers (hold), PRACK, session timers, DTMF over INFO, transfer by REFER, redirects and Retry-After.
/// </summary>
public sealed class SipUserAgentDialogFeatureTests : IAsyncLifetime
{
    private const string AliceSdp = "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    private const string BobSdp = "v=0\r\no=bob 2 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 49174 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    private const string BobHoldSdp = "v=0\r\no=bob 2 3 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 49174 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendonly\r\n";
    private const string AliceHeldSdp = "v=0\r\no=alice 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=recvonly\r\n";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private SipUserAgent _alice = null!;
    private SipUserAgent _bob = null!;
    private SipUserAgent _carol = null!;

    public Task InitializeAsync()
    {
        _alice = SipUserAgent.Start(new SipUserAgentOptions { UserName = "alice" }, TimeProvider.System, NullLogger.Instance);
        _bob = SipUserAgent.Start(new SipUserAgentOptions { UserName = "bob" }, TimeProvider.System, NullLogger.Instance);
        _carol = SipUserAgent.Start(new SipUserAgentOptions { UserName = "carol" }, TimeProvider.System, NullLogger.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _alice.DisposeAsync();
        await _bob.DisposeAsync();
        await _carol.DisposeAsync();
    }

    [Fact]
    public async Task ReInviteWithHoldOffer_IsAnsweredByTheApplication_AndBothSidesKeepTheNewSession()
    {
        var (alice, bob) = await ConnectAsync();
        var offers = new ConcurrentQueue<string>();
        alice.OfferReceived = offer =>
        {
            offers.Enqueue(offer);
            return OfferAnswer.Accept(AliceHeldSdp);
        };
        var requests = new ConcurrentQueue<DialogRequestEvent>();
        alice.RequestReceived += requests.Enqueue;

        var result = await bob.ReInviteAsync(BobHoldSdp).WaitAsync(Bound);

        Assert.True(result.Succeeded, result.Cause);
        Assert.Equal(AliceHeldSdp, result.AnswerSdp);
        Assert.Equal([BobHoldSdp], offers);
        Assert.Equal(BobHoldSdp, bob.LocalSdp);
        Assert.Equal(AliceHeldSdp, bob.RemoteSdp);
        Assert.Equal(BobHoldSdp, alice.RemoteSdp);
        Assert.Equal(AliceHeldSdp, alice.LocalSdp);
        Assert.Contains(requests, e => e.Method == SipMethods.Invite);
        Assert.False(alice.IsEnded);
        Assert.False(bob.IsEnded);

        // The dialog goes on: its CSeq numbers moved past the re-INVITE and a BYE still works.
        var end = await bob.ByeAsync().WaitAsync(Bound);
        Assert.Equal(200, end.ByeStatus);
    }

    [Fact]
    public async Task ReInviteRejectedWith488_LeavesTheSessionAsItWas()
    {
        var (alice, bob) = await ConnectAsync();
        alice.OfferReceived = _ => OfferAnswer.Reject(488, "Not Acceptable Here");

        var result = await bob.ReInviteAsync(BobHoldSdp).WaitAsync(Bound);

        Assert.Equal(488, result.Status);
        Assert.False(result.Succeeded);
        Assert.Equal(BobSdp, bob.LocalSdp);
        Assert.Equal(AliceSdp, bob.RemoteSdp);
        Assert.Equal(BobSdp, alice.RemoteSdp);
        Assert.False(alice.IsEnded);
        Assert.False(bob.IsEnded);
    }

    [Fact]
    public async Task ReInviteWithoutOffer_GetsTheCurrentSessionAsOffer_AndAnswersInTheAck()
    {
        var (alice, bob) = await ConnectAsync();
        var offersSeenByAlice = new ConcurrentQueue<string>();
        alice.OfferReceived = offer =>
        {
            offersSeenByAlice.Enqueue(offer);
            return OfferAnswer.Accept(AliceSdp);
        };

        var result = await alice.ReInviteAsync(null).WaitAsync(Bound);

        Assert.True(result.Succeeded, result.Cause);
        // Bob's 2xx carried his session as the offer; Alice's handler answered it, in the ACK (RFC 3261 §14.1).
        Assert.Equal([BobSdp], offersSeenByAlice);
        Assert.Equal(BobSdp, alice.RemoteSdp);
    }

    [Fact]
    public async Task UpdateWithOffer_IsAnsweredIn200()
    {
        var (alice, bob) = await ConnectAsync();
        alice.OfferReceived = _ => OfferAnswer.Accept(AliceHeldSdp);

        var result = await bob.UpdateAsync(BobHoldSdp).WaitAsync(Bound);

        Assert.True(result.Succeeded, result.Cause);
        Assert.Equal(AliceHeldSdp, result.AnswerSdp);
        Assert.Equal(BobHoldSdp, alice.RemoteSdp);
    }

    [Fact]
    public async Task InfoDtmf_ReachesThePeerWithDigitAndDuration()
    {
        var (alice, bob) = await ConnectAsync();
        var digits = new ConcurrentQueue<InfoDtmf>();
        alice.InfoDtmfReceived += digits.Enqueue;

        Assert.Equal(200, await bob.SendInfoDtmfAsync('5', 250).WaitAsync(Bound));
        Assert.Equal(200, await bob.SendInfoDtmfAsync('#').WaitAsync(Bound));

        Assert.Equal(['5', '#'], digits.Select(d => d.Digit));
        Assert.Equal([250, 160], digits.Select(d => d.DurationMs));
    }

    [Fact]
    public async Task Refer_TransfereeCallsTheTarget_AndTheReferrerLearnsTheOutcomeByNotify()
    {
        var (alice, bob) = await ConnectAsync();
        var carolAnswered = new TaskCompletionSource<SipDialog>(TaskCreationOptions.RunContinuationsAsynchronously);
        _carol.IncomingCall = incoming =>
        {
            carolAnswered.TrySetResult(incoming.Accept(BobSdp));
            return Task.CompletedTask;
        };
        var transfers = new ConcurrentQueue<TransferRequest>();
        alice.TransferRequested = async transfer =>
        {
            transfers.Enqueue(transfer);
            var call = await _alice.InviteAsync(new InviteRequest(transfer.Target, AliceSdp));
            return call.StatusCode;
        };
        var carolUri = SipUri.Create("carol", "127.0.0.1", _carol.LocalEndPoint.Port);

        var refer = await bob.ReferAsync(carolUri, Bound).WaitAsync(Bound);

        Assert.Equal(202, refer.ReferStatus);
        Assert.Equal(200, refer.TransferStatus);
        Assert.True(refer.Succeeded, refer.Cause);
        var transfer = Assert.Single(transfers);
        Assert.Equal(carolUri.ToString(), transfer.Target.ToString());
        Assert.Contains("bob", transfer.ReferredBy, StringComparison.Ordinal);
        var carol = await carolAnswered.Task.WaitAsync(Bound);
        Assert.Equal(AliceSdp, carol.RemoteSdp);
    }

    [Fact]
    public async Task Refer_WithoutATransferHandler_IsDeclined603()
    {
        var (_, bob) = await ConnectAsync();

        var refer = await bob.ReferAsync(SipUri.Create("carol", "127.0.0.1", 5999), Bound).WaitAsync(Bound);

        Assert.Equal(603, refer.ReferStatus);
        Assert.False(refer.Succeeded);
        Assert.False(bob.IsEnded);
    }

    [Fact]
    public async Task ReliableProvisional_IsPracked_PassedOnOnce_AndTheDialogContinuesItsCSeq()
    {
        var pracked = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bobDialog = new TaskCompletionSource<SipDialog>(TaskCreationOptions.RunContinuationsAsynchronously);
        _bob.IncomingCall = async incoming =>
        {
            Assert.True(incoming.CallerSupportsReliable);
            var acknowledged = await incoming.SendReliableProvisionalAsync(183, BobSdp);
            pracked.TrySetResult(acknowledged);
            bobDialog.TrySetResult(incoming.Accept(BobSdp));
        };
        var provisionals = new ConcurrentQueue<SipResponse>();

        var result = await _alice.InviteAsync(CallBob() with { OnProvisional = provisionals.Enqueue }).WaitAsync(Bound);

        Assert.True(await pracked.Task.WaitAsync(Bound));
        Assert.True(result.Succeeded, $"{result.StatusCode} {result.ReasonPhrase}");
        var early = Assert.Single(provisionals, r => r.StatusCode == 183);
        Assert.Equal(BobSdp, early.BodyText);
        Assert.NotNull(early.Headers["RSeq"]);
        var bob = await bobDialog.Task.WaitAsync(Bound);
        await bob.Confirmed.WaitAsync(Bound);
        // The PRACK used CSeq 2 in the early dialog, so Alice's BYE must be 3 or more for Bob (RFC 3261 §12.2.1.1).
        var end = await result.Dialog!.ByeAsync().WaitAsync(Bound);
        Assert.Equal(200, end.ByeStatus);
        Assert.True(bob.RemoteSeq >= 3, $"remote CSeq {bob.RemoteSeq}");
    }

    [Fact]
    public async Task RequireTimer_IsAccepted_AndThe2xxSettlesTheSessionInterval()
    {
        var (alice, bob) = await ConnectAsync();

        // Alice asked for the default 1800 s and supports the timer: Bob makes her the refresher (RFC 4028 §9).
        Assert.Equal(TimeSpan.FromSeconds(1800), alice.SessionInterval);
        Assert.Equal(TimeSpan.FromSeconds(1800), bob.SessionInterval);
        Assert.True(alice.SessionTimer!.WeRefresh);
        Assert.False(bob.SessionTimer!.WeRefresh);
    }

    [Fact]
    public async Task SessionIntervalBelowMinSe_Gets422_AndTheCallerRetriesWithTheMinimum()
    {
        await using var impatient = SipUserAgent.Start(new SipUserAgentOptions { UserName = "alice", SessionExpires = TimeSpan.FromSeconds(30) }, TimeProvider.System, NullLogger.Instance);
        var bobDialog = AnswerWith(BobSdp);

        var result = await impatient.InviteAsync(CallBob()).WaitAsync(Bound);

        Assert.True(result.Succeeded, $"{result.StatusCode} {result.ReasonPhrase}");
        Assert.Equal(TimeSpan.FromSeconds(SessionExpires.MinimumSeconds), result.Dialog!.SessionInterval);
        Assert.Equal(TimeSpan.FromSeconds(SessionExpires.MinimumSeconds), (await bobDialog.WaitAsync(Bound)).SessionInterval);
    }

    [Fact]
    public async Task Redirect302_IsFollowedToTheContact_AndRecorded()
    {
        var carolUri = SipUri.Create("carol", "127.0.0.1", _carol.LocalEndPoint.Port);
        _bob.IncomingCall = incoming =>
        {
            incoming.Redirect(carolUri);
            return Task.CompletedTask;
        };
        _carol.IncomingCall = incoming =>
        {
            incoming.Accept(BobSdp);
            return Task.CompletedTask;
        };

        var result = await _alice.InviteAsync(CallBob()).WaitAsync(Bound);

        Assert.True(result.Succeeded, $"{result.StatusCode} {result.ReasonPhrase}");
        Assert.Equal([carolUri.ToString()], result.Redirects.Select(u => u.ToString()));
        Assert.Equal(_carol.ContactUri.ToString(), result.Dialog!.RemoteTarget.ToString());
    }

    [Fact]
    public async Task RedirectLoop_EndsWithThe3xx_NotForever()
    {
        var bobUri = SipUri.Create("bob", "127.0.0.1", _bob.LocalEndPoint.Port);
        var carolUri = SipUri.Create("carol", "127.0.0.1", _carol.LocalEndPoint.Port);
        _bob.IncomingCall = incoming =>
        {
            incoming.Redirect(carolUri);
            return Task.CompletedTask;
        };
        _carol.IncomingCall = incoming =>
        {
            incoming.Redirect(bobUri);
            return Task.CompletedTask;
        };

        var result = await _alice.InviteAsync(CallBob()).WaitAsync(Bound);

        Assert.Equal(InviteFailure.Rejected, result.Failure);
        Assert.Equal(302, result.StatusCode);
        Assert.Single(result.Redirects);
    }

    [Fact]
    public async Task ServiceUnavailable_CarriesRetryAfter()
    {
        _bob.IncomingCall = incoming =>
        {
            incoming.Reject(503, null, TimeSpan.FromSeconds(30));
            return Task.CompletedTask;
        };

        var result = await _alice.InviteAsync(CallBob()).WaitAsync(Bound);

        Assert.Equal(503, result.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), result.RetryAfter);
    }

    [Theory]
    [InlineData("0", '0')]
    [InlineData("*", '*')]
    [InlineData("10", '*')]
    [InlineData("11", '#')]
    [InlineData("d", 'D')]
    public void InfoDtmfRelayBody_IsReadLiberally(string signal, char digit)
    {
        Assert.True(InfoDtmfBody.TryParse("application/dtmf-relay", $"Signal= {signal}\r\nDuration= 100\r\n", out var read, out var duration));
        Assert.Equal(digit, read);
        Assert.Equal(100, duration);
    }

    [Theory]
    [InlineData("application/dtmf-relay", "Signal=x\r\n")]
    [InlineData("application/dtmf-relay", "Duration=100\r\n")]
    [InlineData("text/plain", "Signal=1\r\n")]
    [InlineData("application/dtmf", "12")]
    public void InfoDtmfBody_WithoutAUsableDigit_IsNotDtmf(string type, string body) =>
        Assert.False(InfoDtmfBody.TryParse(type, body, out _, out _));

    [Theory]
    [InlineData(1800, true, 900)]
    [InlineData(1800, false, 1768)]
    [InlineData(90, false, 60)]
    [InlineData(90, true, 45)]
    public void SessionTimer_RefresherAtHalf_OtherSideAtMin32OrAThirdBeforeExpiry(int intervalSeconds, bool weRefresh, int dueSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(dueSeconds), SessionTimer.DueIn(TimeSpan.FromSeconds(intervalSeconds), weRefresh));

    [Theory]
    [InlineData("SIP/2.0 200 OK\r\n", 200)]
    [InlineData("SIP/2.0 100 Trying", 100)]
    [InlineData("  SIP/2.0 486 Busy Here\r\nVia: x\r\n", 486)]
    [InlineData("garbage", null)]
    public void SipFragStatus_ReadsTheStatusLine(string body, int? status) =>
        Assert.Equal(status, SipUserAgent.SipFragStatus(body));

    private InviteRequest CallBob() => new(SipUri.Create("bob", "127.0.0.1", _bob.LocalEndPoint.Port), AliceSdp);

    private async Task<(SipDialog Alice, SipDialog Bob)> ConnectAsync()
    {
        var bobDialog = AnswerWith(BobSdp);
        var result = await _alice.InviteAsync(CallBob()).WaitAsync(Bound);
        Assert.True(result.Succeeded, $"{result.StatusCode} {result.ReasonPhrase}");
        var bob = await bobDialog.WaitAsync(Bound);
        await bob.Confirmed.WaitAsync(Bound);
        return (result.Dialog!, bob);
    }

    private Task<SipDialog> AnswerWith(string sdp)
    {
        var dialog = new TaskCompletionSource<SipDialog>(TaskCreationOptions.RunContinuationsAsynchronously);
        _bob.IncomingCall = incoming =>
        {
            incoming.SendProvisional(180);
            dialog.TrySetResult(incoming.Accept(sdp));
            return Task.CompletedTask;
        };
        return dialog.Task;
    }
}
