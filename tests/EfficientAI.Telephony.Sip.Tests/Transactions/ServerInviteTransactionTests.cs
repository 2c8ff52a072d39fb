using EfficientAI.Telephony.Sip.Transactions;
using Microsoft.Extensions.Time.Testing;

namespace EfficientAI.Telephony.Sip.Tests.Transactions;

/// <summary>The INVITE server transaction (RFC 3261 §17.2.1, Figure 7, with RFC 6026's Accepted state).</summary>
public sealed class ServerInviteTransactionTests : IDisposable
{
    private static readonly SipTimerSettings Timers = SipTimerSettings.Default;
    private static readonly TimeSpan T1 = Timers.T1;
    private static readonly TimeSpan T2 = Timers.T2;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private readonly FakeTimeProvider _time = new();
    private readonly RecordingTransport _transport = new();
    private readonly List<ServerInviteTransaction> _created = [];
    private int _terminated;
    private int _ackTimeouts;

    [Fact]
    public void NewTransaction_IsProceeding_AndKeyedByBranchSentByAndMethod()
    {
        var tx = Create();

        Assert.Equal(TransactionState.Proceeding, tx.State);
        Assert.Equal("s|z9hG4bKnashds8|pc33.atlanta.com|INVITE", tx.Key);
        Assert.Null(tx.FinalStatus);
    }

    [Fact]
    public void Provisional_IsSent_AndKeepsProceeding()
    {
        var tx = Create();

        tx.SendResponse(TransactionMessages.InviteResponse(180, "Ringing"));

        Assert.Equal(1, _transport.Count);
        Assert.Equal(TransactionMessages.Peer, _transport.Remote(0));
        Assert.Equal(TransactionState.Proceeding, tx.State);
    }

    [Fact]
    public void RetransmittedInvite_BeforeAnyResponse_GetsNothing()
    {
        var tx = Create();

        tx.OnRequest(TransactionMessages.Invite());

        Assert.Equal(0, _transport.Count);
    }

    [Fact]
    public void RetransmittedInvite_InProceeding_GetsTheLastProvisionalAgain()
    {
        var tx = Create();
        tx.SendResponse(TransactionMessages.InviteResponse(100, "Trying", toTag: null));
        tx.SendResponse(TransactionMessages.InviteResponse(180, "Ringing"));

        tx.OnRequest(TransactionMessages.Invite());

        Assert.Equal(3, _transport.Count);
        Assert.Equal(_transport.Bytes(1), _transport.Bytes(2));
    }

    [Fact]
    public void FailureResponse_IsRetransmittedWithTimerG_DoublingCappedAtT2_UntilAck()
    {
        // §17.2.1: Timer G = T1, then MIN(2*G, T2): 0.5 s, 1 s, 2 s, 4 s, 4 s with the default timers.
        var tx = Create();
        tx.SendResponse(TransactionMessages.InviteResponse(486, "Busy Here"));
        Assert.Equal(TransactionState.Completed, tx.State);
        Assert.Equal(486, tx.FinalStatus);

        var sends = 1;
        foreach (var interval in new[] { T1, 2 * T1, 4 * T1, T2, T2 })
        {
            _time.Advance(interval - Tick);
            Assert.Equal(sends, _transport.Count);
            _time.Advance(Tick);
            sends++;
            Assert.Equal(sends, _transport.Count);
            Assert.Equal(_transport.Bytes(0), _transport.Bytes(sends - 1));
        }
    }

    [Fact]
    public void Ack_MovesToConfirmed_AndStopsRetransmissions()
    {
        var tx = Create();
        tx.SendResponse(TransactionMessages.InviteResponse(486, "Busy Here"));
        _time.AdvanceInSteps(T1);

        tx.OnRequest(TransactionMessages.AckForFailure());
        _time.AdvanceInSteps(Timers.T4 - Tick);

        Assert.Equal(TransactionState.Confirmed, tx.State);
        Assert.Equal(2, _transport.Count);
        Assert.Equal(0, _ackTimeouts);
    }

    [Fact]
    public void Confirmed_TerminatesWithTimerI_AtT4()
    {
        var tx = Create();
        tx.SendResponse(TransactionMessages.InviteResponse(486, "Busy Here"));
        tx.OnRequest(TransactionMessages.AckForFailure());

        _time.AdvanceInSteps(Timers.T4 - Tick);
        Assert.Equal(TransactionState.Confirmed, tx.State);

        _time.Advance(Tick);
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(1, _terminated);
    }

    [Fact]
    public void Confirmed_AbsorbsRetransmittedAcksAndInvites()
    {
        var tx = Create();
        tx.SendResponse(TransactionMessages.InviteResponse(486, "Busy Here"));
        tx.OnRequest(TransactionMessages.AckForFailure());

        tx.OnRequest(TransactionMessages.AckForFailure());
        tx.OnRequest(TransactionMessages.Invite());

        Assert.Equal(1, _transport.Count);
        Assert.Equal(TransactionState.Confirmed, tx.State);
    }

    [Fact]
    public void NoAck_TimerHRaisesAckTimedOut_At64T1()
    {
        var tx = Create();
        tx.SendResponse(TransactionMessages.InviteResponse(486, "Busy Here"));

        _time.AdvanceInSteps((64 * T1) - Tick);
        Assert.Equal(0, _ackTimeouts);
        Assert.Equal(TransactionState.Completed, tx.State);

        _time.Advance(Tick);
        Assert.Equal(1, _ackTimeouts);
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(1, _terminated);

        var sent = _transport.Count;
        _time.AdvanceInSteps(T2 * 2);
        Assert.Equal(sent, _transport.Count);
    }

    [Fact]
    public void RetransmittedInvite_InCompleted_GetsTheFailureResponseAgain()
    {
        var tx = Create();
        tx.SendResponse(TransactionMessages.InviteResponse(486, "Busy Here"));

        tx.OnRequest(TransactionMessages.Invite());

        Assert.Equal(2, _transport.Count);
        Assert.Equal(_transport.Bytes(0), _transport.Bytes(1));
    }

    [Fact]
    public void ResponsesAfterTheFinalOne_AreNotSent()
    {
        var tx = Create();
        tx.SendResponse(TransactionMessages.InviteResponse(486, "Busy Here"));

        tx.SendResponse(TransactionMessages.InviteResponse(180, "Ringing"));
        tx.SendResponse(TransactionMessages.InviteResponse(200, "OK"));

        Assert.Equal(1, _transport.Count);
        Assert.Equal(486, tx.FinalStatus);
    }

    [Fact]
    public void SuccessResponse_EntersAccepted_WithoutTimerG()
    {
        // RFC 6026 §7.1: the 2xx is retransmitted by the TU core (§13.3.1.4), not by the transaction.
        var tx = Create();

        tx.SendResponse(TransactionMessages.InviteResponse(200, "OK"));
        _time.AdvanceInSteps(T2 * 4);

        Assert.Equal(TransactionState.Accepted, tx.State);
        Assert.Equal(200, tx.FinalStatus);
        Assert.Equal(1, _transport.Count);
    }

    [Fact]
    public void Accepted_PassesTheCoresRetransmitted2xxThrough()
    {
        var tx = Create();
        tx.SendResponse(TransactionMessages.InviteResponse(200, "OK"));

        tx.SendResponse(TransactionMessages.InviteResponse(200, "OK"));

        Assert.Equal(2, _transport.Count);
    }

    [Fact]
    public void Accepted_AbsorbsRetransmittedInvites()
    {
        var tx = Create();
        tx.SendResponse(TransactionMessages.InviteResponse(200, "OK"));

        tx.OnRequest(TransactionMessages.Invite());

        Assert.Equal(1, _transport.Count);
    }

    [Fact]
    public void Accepted_TerminatesWithTimerL_At64T1()
    {
        var tx = Create();
        tx.SendResponse(TransactionMessages.InviteResponse(200, "OK"));

        _time.AdvanceInSteps((64 * T1) - Tick);
        Assert.Equal(TransactionState.Accepted, tx.State);

        _time.Advance(Tick);
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(0, _ackTimeouts);
    }

    [Fact]
    public void ReliableTransport_NoTimerG_AndTimerIIsZero()
    {
        var transport = new RecordingTransport(reliable: true);
        var tx = Track(new ServerInviteTransaction(TransactionMessages.Invite(), TransactionMessages.Peer, transport, Timers, _time));
        tx.SendResponse(TransactionMessages.InviteResponse(486, "Busy Here"));

        _time.AdvanceInSteps(T2);
        Assert.Equal(1, transport.Count);

        tx.OnRequest(TransactionMessages.AckForFailure());
        _time.Advance(TimeSpan.Zero);
        Assert.Equal(TransactionState.Terminated, tx.State);
    }

    private ServerInviteTransaction Create() =>
        Track(new ServerInviteTransaction(TransactionMessages.Invite(), TransactionMessages.Peer, _transport, Timers, _time));

    private ServerInviteTransaction Track(ServerInviteTransaction tx)
    {
        tx.Terminated += _ => _terminated++;
        tx.AckTimedOut += _ => _ackTimeouts++;
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
