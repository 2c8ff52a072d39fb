using EfficientAI.Telephony.Sip.Transactions;
using Microsoft.Extensions.Time.Testing;

namespace EfficientAI.Telephony.Sip.Tests.Transactions;

/// <summary>The non-INVITE server transaction (RFC 3261 §17.2.2, Figure 8).</summary>
public sealed class ServerNonInviteTransactionTests : IDisposable
{
    private static readonly SipTimerSettings Timers = SipTimerSettings.Default;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private readonly FakeTimeProvider _time = new();
    private readonly RecordingTransport _transport = new();
    private readonly List<ServerNonInviteTransaction> _created = [];
    private int _terminated;

    [Fact]
    public void Trying_AbsorbsRetransmissions()
    {
        // §17.2.2: in Trying, a retransmitted request is discarded; there is no response to repeat yet.
        var tx = Create();

        tx.OnRetransmission();

        Assert.Equal(0, _transport.Count);
        Assert.Equal(TransactionState.Trying, tx.State);
    }

    [Fact]
    public void Proceeding_RetransmissionGetsTheLastProvisional()
    {
        var tx = Create();
        tx.SendResponse(TransactionMessages.ByeResponse(100, "Trying"));

        tx.OnRetransmission();

        Assert.Equal(TransactionState.Proceeding, tx.State);
        Assert.Equal(2, _transport.Count);
        Assert.Equal(_transport.Bytes(0), _transport.Bytes(1));
    }

    [Fact]
    public void Completed_RetransmissionGetsTheFinalResponse()
    {
        var tx = Create();
        tx.SendResponse(TransactionMessages.ByeResponse(100, "Trying"));
        tx.SendResponse(TransactionMessages.ByeResponse(200, "OK"));

        tx.OnRetransmission();
        tx.OnRetransmission();

        Assert.Equal(TransactionState.Completed, tx.State);
        Assert.Equal(4, _transport.Count);
        Assert.Equal(_transport.Bytes(1), _transport.Bytes(2));
        Assert.Equal(_transport.Bytes(1), _transport.Bytes(3));
        Assert.Equal(TransactionMessages.Peer, _transport.Remote(3));
    }

    [Fact]
    public void Completed_IgnoresFurtherResponsesFromTheUser()
    {
        var tx = Create();
        tx.SendResponse(TransactionMessages.ByeResponse(200, "OK"));

        tx.SendResponse(TransactionMessages.ByeResponse(500, "Server Internal Error"));
        tx.OnRetransmission();

        Assert.Equal(2, _transport.Count);
        Assert.Equal(_transport.Bytes(0), _transport.Bytes(1));
    }

    [Fact]
    public void Completed_TerminatesWithTimerJ_At64T1()
    {
        var tx = Create();
        tx.SendResponse(TransactionMessages.ByeResponse(200, "OK"));

        _time.AdvanceInSteps(Timers.TransactionTimeout - Tick);
        Assert.Equal(TransactionState.Completed, tx.State);

        _time.Advance(Tick);
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(1, _terminated);

        tx.OnRetransmission();
        Assert.Equal(1, _transport.Count);
    }

    [Fact]
    public void ReliableTransport_TimerJIsZero()
    {
        var transport = new RecordingTransport(reliable: true);
        var tx = Track(new ServerNonInviteTransaction(TransactionMessages.Bye(), TransactionMessages.Peer, transport, Timers, _time));

        tx.SendResponse(TransactionMessages.ByeResponse(200, "OK"));
        _time.Advance(TimeSpan.Zero);

        Assert.Equal(TransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Key_IsTheServerKeyOfTheRequest()
    {
        Assert.Equal("s|z9hG4bKnashds10|192.0.2.4|BYE", Create().Key);
    }

    private ServerNonInviteTransaction Create() =>
        Track(new ServerNonInviteTransaction(TransactionMessages.Bye(), TransactionMessages.Peer, _transport, Timers, _time));

    private ServerNonInviteTransaction Track(ServerNonInviteTransaction tx)
    {
        tx.Terminated += _ => _terminated++;
        _created.Add(tx);
        return tx;
    }

    public void Dispose()
    {
        foreach (var tx in _created)
        {
            tx.Dispose();
        }
    }
}
