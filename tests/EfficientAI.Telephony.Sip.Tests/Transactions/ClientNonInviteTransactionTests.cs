using EfficientAI.Telephony.Sip.Transactions;
using Microsoft.Extensions.Time.Testing;

namespace EfficientAI.Telephony.Sip.Tests.Transactions;

/// <summary>The non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6).</summary>
public sealed class ClientNonInviteTransactionTests : IDisposable
{
    private static readonly SipTimerSettings Timers = SipTimerSettings.Default;
    private static readonly TimeSpan T1 = Timers.T1;
    private static readonly TimeSpan T2 = Timers.T2;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private readonly FakeTimeProvider _time = new();
    private readonly RecordingTransport _transport = new();
    private readonly RecordingTransactionUser _user = new();
    private readonly List<ClientNonInviteTransaction> _created = [];
    private int _terminated;

    [Fact]
    public void Start_SendsTheRequest_InTrying()
    {
        var tx = Start();

        Assert.Equal(1, _transport.Count);
        Assert.Equal(tx.Request.ToBytes(), _transport.Bytes(0));
        Assert.Equal(TransactionState.Trying, tx.State);
        Assert.Equal("c|z9hG4bKnashds10|BYE", tx.Key);
    }

    [Fact]
    public void Trying_RetransmitsWithTimerE_DoublingFromT1_CappedAtT2()
    {
        // §17.1.2.2: Timer E = T1, then MIN(2*E, T2): 0.5 s, 1 s, 2 s, 4 s, 4 s, 4 s with the default timers.
        Start();

        AssertRetransmitsAt([T1, 2 * T1, 4 * T1, T2, T2, T2], firstSendCount: 1);
    }

    [Fact]
    public void Proceeding_RetransmitsEveryT2()
    {
        // §17.1.2.2: in Proceeding, Timer E is reset to T2 every time it fires.
        var tx = Start();
        tx.OnResponse(TransactionMessages.ByeResponse(100, "Trying"));
        Assert.Equal(TransactionState.Proceeding, tx.State);

        AssertRetransmitsAt([T1, T2, T2, T2], firstSendCount: 1);
    }

    [Fact]
    public void Provisional_IsDeliveredToTheUser()
    {
        var tx = Start();

        tx.OnResponse(TransactionMessages.ByeResponse(100, "Trying"));

        Assert.Equal([100], _user.Responses.Select(r => r.StatusCode));
    }

    [Fact]
    public void NoFinalResponse_TimesOutWithTimerF_At64T1()
    {
        var tx = Start();

        _time.AdvanceInSteps((64 * T1) - Tick);
        Assert.Empty(_user.Failures);
        Assert.Equal(11, _transport.Count); // at 0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5 and 31.5 s

        _time.Advance(Tick);
        Assert.Equal([TransactionFailure.Timeout], _user.Failures);
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(1, _terminated);

        _time.AdvanceInSteps(T2 * 4);
        Assert.Equal(11, _transport.Count);
    }

    [Fact]
    public void TimerF_AlsoFiresInProceeding()
    {
        var tx = Start();
        tx.OnResponse(TransactionMessages.ByeResponse(100, "Trying"));

        _time.AdvanceInSteps(64 * T1);

        Assert.Equal([TransactionFailure.Timeout], _user.Failures);
        Assert.Equal(TransactionState.Terminated, tx.State);
    }

    [Fact]
    public void FinalResponse_IsDeliveredOnce_AndStopsRetransmissions()
    {
        var tx = Start();
        _time.AdvanceInSteps(T1);

        tx.OnResponse(TransactionMessages.ByeResponse(200, "OK"));
        tx.OnResponse(TransactionMessages.ByeResponse(200, "OK"));
        _time.AdvanceInSteps(64 * T1);

        Assert.Equal([200], _user.Responses.Select(r => r.StatusCode));
        Assert.Equal(2, _transport.Count);
        Assert.Empty(_user.Failures);
    }

    [Fact]
    public void Completed_TerminatesWithTimerK_AtT4()
    {
        // §17.1.2.2: Timer K = T4 on an unreliable transport keeps absorbing retransmitted final responses.
        var tx = Start();
        tx.OnResponse(TransactionMessages.ByeResponse(481, "Call/Transaction Does Not Exist"));
        Assert.Equal(TransactionState.Completed, tx.State);

        _time.AdvanceInSteps(Timers.T4 - Tick);
        Assert.Equal(TransactionState.Completed, tx.State);

        _time.Advance(Tick);
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(1, _terminated);
    }

    [Fact]
    public void ReliableTransport_NoTimerE_AndTimerKIsZero()
    {
        var transport = new RecordingTransport(reliable: true);
        var tx = Track(new ClientNonInviteTransaction(TransactionMessages.Bye(), TransactionMessages.Peer, transport, Timers, _time, _user));
        tx.Start();

        _time.AdvanceInSteps(16 * T1);
        Assert.Equal(1, transport.Count);

        tx.OnResponse(TransactionMessages.ByeResponse(200, "OK"));
        _time.Advance(TimeSpan.Zero);
        Assert.Equal(TransactionState.Terminated, tx.State);
    }

    private void AssertRetransmitsAt(TimeSpan[] intervals, int firstSendCount)
    {
        var sends = firstSendCount;
        foreach (var interval in intervals)
        {
            _time.Advance(interval - Tick);
            Assert.Equal(sends, _transport.Count);
            _time.Advance(Tick);
            sends++;
            Assert.Equal(sends, _transport.Count);
            Assert.Equal(_transport.Bytes(0), _transport.Bytes(sends - 1));
        }
    }

    private ClientNonInviteTransaction Start()
    {
        var tx = Track(new ClientNonInviteTransaction(TransactionMessages.Bye(), TransactionMessages.Peer, _transport, Timers, _time, _user));
        tx.Start();
        return tx;
    }

    private ClientNonInviteTransaction Track(ClientNonInviteTransaction tx)
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
