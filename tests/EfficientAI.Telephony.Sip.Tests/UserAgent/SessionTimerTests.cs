using System.Globalization;
using System.Net;
using EfficientAI.Telephony.Sip.Dialogs;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.UserAgent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EfficientAI.Telephony.Sip.Tests.UserAgent;

/// <summary>RFC 4028 session timers on a fake clock, over real UDP on 127.0.0.1.</summary>
public sealed class SessionTimerTests
{
    private const string Sdp = "v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));

    [Fact]
    public async Task Refresher_SendsUpdateAtHalfTheInterval_AndThePeerCountsIt()
    {
        await using var alice = SipUserAgent.Start(new SipUserAgentOptions { UserName = "alice", SessionExpires = TimeSpan.FromSeconds(90) }, _time, NullLogger.Instance);
        await using var bob = SipUserAgent.Start(new SipUserAgentOptions { UserName = "bob" }, _time, NullLogger.Instance);
        var bobDialog = new TaskCompletionSource<SipDialog>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.IncomingCall = incoming =>
        {
            bobDialog.TrySetResult(incoming.Accept(Sdp));
            return Task.CompletedTask;
        };
        var result = await alice.InviteAsync(new InviteRequest(SipUri.Create("bob", "127.0.0.1", bob.LocalEndPoint.Port), Sdp)).WaitAsync(Bound);
        Assert.True(result.Succeeded, $"{result.Failure} {result.StatusCode} {result.Cause}");
        var callee = await bobDialog.Task.WaitAsync(Bound);
        // The ACK must have arrived before the clock jumps, or Bob's 2xx retransmission would time out first.
        await callee.Confirmed.WaitAsync(Bound);
        var refreshes = new List<string>();
        callee.RequestReceived += e => refreshes.Add(e.Method);

        _time.Advance(TimeSpan.FromSeconds(44));
        Assert.Equal(0, callee.SessionRefreshes);
        _time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => callee.SessionRefreshes == 1);
        // Alice has the 200 of her UPDATE too (her count: the 2xx of the INVITE, then this one) before time moves on,
        // or the jump below would fire her UPDATE's Timer F first.
        await WaitUntilAsync(() => result.Dialog!.SessionRefreshes == 2);

        Assert.Equal(SipMethods.Update, Assert.Single(refreshes));
        Assert.False(result.Dialog!.IsEnded);
        Assert.False(callee.IsEnded);
        // Both restarted their interval: nothing ends the call 60 s after the refresh.
        _time.Advance(TimeSpan.FromSeconds(44));
        Assert.False(callee.IsEnded);
    }

    [Fact]
    public async Task PeerThatNeverRefreshes_GetsBye_WhenTheSessionRunsOut()
    {
        await using var bob = SipUserAgent.Start(new SipUserAgentOptions { UserName = "bob" }, _time, NullLogger.Instance);
        var bobDialog = new TaskCompletionSource<SipDialog>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.IncomingCall = incoming =>
        {
            bobDialog.TrySetResult(incoming.Accept(Sdp));
            return Task.CompletedTask;
        };
        using var peer = new RawSipPeer();
        var bobAt = new IPEndPoint(IPAddress.Loopback, bob.LocalEndPoint.Port);
        var uri = $"sip:bob@127.0.0.1:{bob.LocalEndPoint.Port}";
        await peer.SendAsync(
            $"INVITE {uri} SIP/2.0\r\nVia: {peer.Via("z9hG4bKst1")}\r\nMax-Forwards: 70\r\nFrom: <sip:raw@127.0.0.1>;tag=r1\r\nTo: <{uri}>\r\n" +
            $"Call-ID: st-1@127.0.0.1\r\nCSeq: 1 INVITE\r\nContact: <sip:raw@127.0.0.1:{peer.LocalEndPoint.Port}>\r\n" +
            "Supported: timer\r\nSession-Expires: 90;refresher=uac\r\nContent-Length: 0\r\n\r\n", bobAt);
        SipResponse ok;
        do
        {
            ok = await peer.ReceiveResponseAsync(Bound);
        }
        while (ok.StatusCode < 200);

        Assert.Equal(200, ok.StatusCode);
        Assert.Equal("90;refresher=uac", ok.Headers[SessionExpires.HeaderName]);
        Assert.Equal("timer", ok.Headers[HeaderNames.Require]);
        await peer.SendAsync(
            $"ACK {uri} SIP/2.0\r\nVia: {peer.Via("z9hG4bKst2")}\r\nMax-Forwards: 70\r\nFrom: <sip:raw@127.0.0.1>;tag=r1\r\nTo: {ok.Headers[HeaderNames.To]}\r\n" +
            "Call-ID: st-1@127.0.0.1\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n", bobAt);
        var dialog = await bobDialog.Task.WaitAsync(Bound);
        await dialog.Confirmed.WaitAsync(Bound);

        // RFC 4028 §10: without a refresh, BYE goes min(32, 90/3) = 30 s before the 90 s run out.
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(dialog.IsEnded);
        _time.Advance(TimeSpan.FromSeconds(1));
        var bye = await peer.ReceiveAsync(Bound);

        var request = Assert.IsType<SipRequest>(bye.Message);
        Assert.Equal(SipMethods.Bye, request.Method);
        Assert.Equal(DialogEndReason.SessionExpired, (await dialog.Ended.WaitAsync(Bound)).Reason);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }
}
