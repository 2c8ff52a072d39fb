using System.Collections.Concurrent;
using EfficientAI.Telephony.Sip.Dialogs;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.UserAgent;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Sip.Tests.UserAgent;

/// <summary>Two user agents calling each other over real UDP on 127.0.0.1, on the real clock.</summary>
public sealed class SipUserAgentCallTests : IAsyncLifetime
{
    private const string AliceSdp = "v=0\r\no=alice 2890844526 2890844526 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    private const string BobSdp = "v=0\r\no=bob 2808844564 2808844564 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 49174 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    /// <summary>Every wait is bounded: a broken exchange fails the test instead of hanging it.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private SipUserAgent _alice = null!;
    private SipUserAgent _bob = null!;

    public Task InitializeAsync()
    {
        _alice = SipUserAgent.Start(new SipUserAgentOptions { UserName = "alice" }, TimeProvider.System, NullLogger.Instance);
        _bob = SipUserAgent.Start(new SipUserAgentOptions { UserName = "bob" }, TimeProvider.System, NullLogger.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _alice.DisposeAsync();
        await _bob.DisposeAsync();
    }

    [Fact]
    public async Task Call_Answered_GivesBothSidesTheSameDialog()
    {
        var bobDialog = AnswerWith(BobSdp);
        var provisionals = new ConcurrentQueue<int>();

        var result = await _alice.InviteAsync(CallBob() with { OnProvisional = r => provisionals.Enqueue(r.StatusCode) }).WaitAsync(Bound);
        var bob = await bobDialog.WaitAsync(Bound);

        Assert.True(result.Succeeded, $"{result.Failure} {result.StatusCode} {result.ReasonPhrase}");
        Assert.Equal(200, result.StatusCode);
        Assert.Contains(180, provisionals);
        var alice = result.Dialog!;
        Assert.True(alice.IsUac);
        Assert.False(bob.IsUac);
        Assert.Equal(alice.CallId, bob.CallId);
        Assert.Equal(result.CallId, alice.CallId);
        Assert.Equal(bob.LocalTag, alice.RemoteTag);
        Assert.Equal(alice.LocalTag, bob.RemoteTag);
        Assert.False(string.IsNullOrEmpty(alice.LocalTag));
        Assert.False(string.IsNullOrEmpty(bob.LocalTag));
    }

    [Fact]
    public async Task Call_Answered_ExchangesTheOfferAndTheAnswer()
    {
        var bobDialog = AnswerWith(BobSdp);

        var result = await _alice.InviteAsync(CallBob()).WaitAsync(Bound);
        var bob = await bobDialog.WaitAsync(Bound);

        Assert.Equal(BobSdp, result.RemoteSdp);
        Assert.Equal(BobSdp, result.Dialog!.RemoteSdp);
        Assert.Equal(AliceSdp, result.Dialog.LocalSdp);
        Assert.Equal(AliceSdp, bob.RemoteSdp);
        Assert.Equal(BobSdp, bob.LocalSdp);
    }

    [Fact]
    public async Task Call_Answered_RemoteTargetsAreEachOthersContact()
    {
        var bobDialog = AnswerWith(BobSdp);

        var result = await _alice.InviteAsync(CallBob()).WaitAsync(Bound);
        var bob = await bobDialog.WaitAsync(Bound);

        Assert.Equal(_bob.ContactUri.ToString(), result.Dialog!.RemoteTarget.ToString());
        Assert.Equal(_alice.ContactUri.ToString(), bob.RemoteTarget.ToString());
    }

    [Fact]
    public async Task Call_Answered_CalleeDialogIsConfirmedByTheAck()
    {
        var bobDialog = AnswerWith(BobSdp);

        await _alice.InviteAsync(CallBob()).WaitAsync(Bound);
        var bob = await bobDialog.WaitAsync(Bound);

        await bob.Confirmed.WaitAsync(Bound);
        Assert.False(bob.IsEnded);
        Assert.Equal(1, _bob.ActiveDialogs);
        Assert.Equal(1, _alice.ActiveDialogs);
    }

    [Fact]
    public async Task ByeFromCaller_EndsBothDialogs_CalleeSeesRemoteBye()
    {
        var bobDialog = AnswerWith(BobSdp);
        var result = await _alice.InviteAsync(CallBob()).WaitAsync(Bound);
        var bob = await bobDialog.WaitAsync(Bound);
        await bob.Confirmed.WaitAsync(Bound);

        var aliceEnd = await result.Dialog!.ByeAsync().WaitAsync(Bound);
        var bobEnd = await bob.Ended.WaitAsync(Bound);

        Assert.Equal(DialogEndReason.LocalBye, aliceEnd.Reason);
        Assert.Equal(200, aliceEnd.ByeStatus);
        Assert.Equal(DialogEndReason.RemoteBye, bobEnd.Reason);
        Assert.True(result.Dialog.IsEnded);
        Assert.Equal(0, _alice.ActiveDialogs);
        Assert.Equal(0, _bob.ActiveDialogs);
    }

    [Fact]
    public async Task CalleeBusy_CallerGetsRejected486()
    {
        var offered = new TaskCompletionSource<IncomingInvite>(TaskCreationOptions.RunContinuationsAsynchronously);
        _bob.IncomingCall = incoming =>
        {
            offered.TrySetResult(incoming);
            incoming.Reject(486);
            return Task.CompletedTask;
        };

        var result = await _alice.InviteAsync(CallBob()).WaitAsync(Bound);

        Assert.Equal(InviteFailure.Rejected, result.Failure);
        Assert.Equal(486, result.StatusCode);
        Assert.Equal("Busy Here", result.ReasonPhrase);
        Assert.Null(result.Dialog);
        Assert.False(result.Succeeded);
        Assert.Equal(AliceSdp, (await offered.Task.WaitAsync(Bound)).RemoteSdp);
        Assert.Equal(0, _alice.ActiveDialogs);
        Assert.Equal(0, _bob.ActiveDialogs);
    }

    [Fact]
    public async Task CallerCancelsWhileRinging_CalleeSeesCancelled_CallerGets487()
    {
        var ringing = new TaskCompletionSource<IncomingInvite>(TaskCreationOptions.RunContinuationsAsynchronously);
        _bob.IncomingCall = async incoming =>
        {
            incoming.SendProvisional(180);
            ringing.TrySetResult(incoming);
            await incoming.Cancelled.WaitAsync(Bound);
        };
        using var hangUp = new CancellationTokenSource();

        var call = _alice.InviteAsync(CallBob(), hangUp.Token);
        var incoming = await ringing.Task.WaitAsync(Bound);
        await hangUp.CancelAsync();
        var result = await call.WaitAsync(Bound);

        await incoming.Cancelled.WaitAsync(Bound);
        Assert.True(incoming.IsAnswered);
        Assert.Equal(InviteFailure.Cancelled, result.Failure);
        Assert.Equal(487, result.StatusCode);
        Assert.Null(result.Dialog);
    }

    [Fact]
    public async Task NoIncomingCallHandler_CallerGets480()
    {
        var result = await _alice.InviteAsync(CallBob()).WaitAsync(Bound);

        Assert.Equal(InviteFailure.Rejected, result.Failure);
        Assert.Equal(480, result.StatusCode);
    }

    [Fact]
    public async Task ManyCallsAtOnce_AreEachAnsweredInTheirOwnDialog()
    {
        var bobDialogs = new ConcurrentBag<SipDialog>();
        _bob.IncomingCall = incoming =>
        {
            bobDialogs.Add(incoming.Accept(BobSdp));
            return Task.CompletedTask;
        };

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _alice.InviteAsync(CallBob()))).WaitAsync(Bound);

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(8, results.Select(r => r.CallId).Distinct().Count());
        Assert.Equal(8, bobDialogs.Count);
        Assert.Equal(8, _alice.ActiveDialogs);
    }

    private InviteRequest CallBob() => new(SipUri.Create("bob", "127.0.0.1", _bob.LocalEndPoint.Port), AliceSdp);

    /// <summary>Bob rings, then answers with <paramref name="sdp"/>; the task completes with his dialog.</summary>
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
