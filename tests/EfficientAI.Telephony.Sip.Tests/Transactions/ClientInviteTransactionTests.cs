using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Transactions;
using Microsoft.Extensions.Time.Testing;

namespace EfficientAI.Telephony.Sip.Tests.Transactions;

/// <summary>The INVITE client transaction (RFC 3261 §17.1.1, Figure 5, with RFC 6026's Accepted state).</summary>
public sealed class ClientInviteTransactionTests : IDisposable
{
    private static readonly SipTimerSettings Timers = SipTimerSettings.Default;
    private static readonly TimeSpan T1 = Timers.T1;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private readonly FakeTimeProvider _time = new();
    private readonly RecordingTransport _transport = new();
    private readonly RecordingTransactionUser _user = new();
    private readonly List<ClientInviteTransaction> _created = [];
    private readonly ClientInviteTransaction _tx;
    private int _terminated;

    public ClientInviteTransactionTests()
    {
        _tx = Create(TransactionMessages.Invite(), _transport);
    }

    [Fact]
    public void Start_SendsTheInviteToTheDestination_InCalling()
    {
        _tx.Start();

        Assert.Equal(1, _transport.Count);
        Assert.Equal(_tx.Request.ToBytes(), _transport.Bytes(0));
        Assert.Equal(TransactionMessages.Peer, _transport.Remote(0));
        Assert.Equal(TransactionState.Calling, _tx.State);
        Assert.Equal("c|z9hG4bKnashds8|INVITE", _tx.Key);
    }

    [Fact]
    public void Calling_RetransmitsWithTimerA_AtT1Then2T1Then4T1AndSoOn()
    {
        // §17.1.1.2: Timer A starts at T1 and doubles on every firing; INVITE retransmissions are not capped at T2.
        _tx.Start();

        var sends = 1;
        foreach (var interval in new[] { T1, 2 * T1, 4 * T1, 8 * T1, 16 * T1, 32 * T1 })
        {
            _time.Advance(interval - Tick);
            Assert.Equal(sends, _transport.Count);
            _time.Advance(Tick);
            sends++;
            Assert.Equal(sends, _transport.Count);
            Assert.Equal(_transport.Bytes(0), _transport.Bytes(sends - 1));
        }

        Assert.Equal(6, _tx.Retransmissions);
    }

    [Fact]
    public void Calling_TimesOutWithTimerB_At64T1_ReportingTimeout()
    {
        _tx.Start();

        _time.AdvanceInSteps((64 * T1) - Tick);
        Assert.Empty(_user.Failures);
        Assert.Equal(TransactionState.Calling, _tx.State);
        Assert.Equal(7, _transport.Count); // at 0, T1, 3T1, 7T1, 15T1, 31T1, 63T1

        _time.Advance(Tick);
        Assert.Equal([TransactionFailure.Timeout], _user.Failures);
        Assert.Equal(TransactionState.Terminated, _tx.State);
        Assert.Equal(1, _terminated);

        _time.AdvanceInSteps(64 * T1);
        Assert.Equal(7, _transport.Count);
        Assert.Equal([TransactionFailure.Timeout], _user.Failures);
    }

    [Fact]
    public void Provisional_StopsRetransmissions_AndTimerB()
    {
        _tx.Start();
        _time.AdvanceInSteps(T1);
        Assert.Equal(2, _transport.Count);

        var trying = TransactionMessages.InviteResponse(100, "Trying", toTag: null);
        _tx.OnResponse(trying);

        Assert.Equal(TransactionState.Proceeding, _tx.State);
        Assert.Same(trying, Assert.Single(_user.Responses));
        _time.AdvanceInSteps(128 * T1);
        Assert.Equal(2, _transport.Count);
        Assert.Empty(_user.Failures);
        Assert.Equal(TransactionState.Proceeding, _tx.State);
    }

    [Fact]
    public void EveryProvisional_IsDeliveredToTheUser()
    {
        _tx.Start();

        _tx.OnResponse(TransactionMessages.InviteResponse(100, "Trying", toTag: null));
        _tx.OnResponse(TransactionMessages.InviteResponse(180, "Ringing"));
        _tx.OnResponse(TransactionMessages.InviteResponse(183, "Session Progress"));

        Assert.Equal([100, 180, 183], _user.Responses.Select(r => r.StatusCode));
    }

    [Fact]
    public void FailureResponse_IsAcknowledgedPerSection17113()
    {
        var invite = TransactionMessages.Invite();
        invite.Headers.Add(HeaderNames.Route, "<sip:bigbox3.site3.atlanta.com;lr>");
        var tx = Create(invite, _transport);
        tx.Start();
        tx.OnResponse(TransactionMessages.InviteResponse(180, "Ringing"));

        tx.OnResponse(TransactionMessages.InviteResponse(486, "Busy Here"));

        Assert.Equal(TransactionState.Completed, tx.State);
        Assert.Equal(2, _transport.Count);
        Assert.Equal(TransactionMessages.Peer, _transport.Remote(1));
        var ack = Assert.IsType<SipRequest>(_transport.Message(1));
        // §17.1.1.3: same Request-URI, Call-ID and From as the INVITE; To of the response; one Via, the INVITE's top
        // Via (so the same branch); CSeq number of the INVITE with method ACK; the INVITE's Route headers.
        Assert.Equal(SipMethods.Ack, ack.Method);
        Assert.Equal(invite.RequestUri.ToString(), ack.RequestUri.ToString());
        Assert.Equal(invite.CallId, ack.CallId);
        Assert.Equal(invite.Headers[HeaderNames.From], ack.Headers[HeaderNames.From]);
        Assert.Equal("Bob <sip:bob@biloxi.com>;tag=a6c85cf", ack.Headers[HeaderNames.To]);
        Assert.Equal([invite.Headers.GetValues(HeaderNames.Via)[0]], ack.Headers.GetValues(HeaderNames.Via));
        Assert.Equal("z9hG4bKnashds8", ack.TopVia!.Branch);
        Assert.Equal(new CSeqHeader(314159, SipMethods.Ack), ack.CSeq);
        Assert.Equal(["<sip:bigbox3.site3.atlanta.com;lr>"], ack.Headers.GetValues(HeaderNames.Route));
        Assert.True(ack.Body.IsEmpty);
    }

    [Fact]
    public void FailureResponse_IsDeliveredOnce_AndItsRetransmissionsAreAnsweredWithTheSameAck()
    {
        _tx.Start();
        var busy = TransactionMessages.InviteResponse(486, "Busy Here");

        _tx.OnResponse(busy);
        _tx.OnResponse(TransactionMessages.InviteResponse(486, "Busy Here"));
        _tx.OnResponse(TransactionMessages.InviteResponse(486, "Busy Here"));

        Assert.Same(busy, Assert.Single(_user.Responses));
        Assert.Equal(4, _transport.Count);
        Assert.Equal(_transport.Bytes(1), _transport.Bytes(2));
        Assert.Equal(_transport.Bytes(1), _transport.Bytes(3));
    }

    [Fact]
    public void FailureResponse_StopsTimerA()
    {
        _tx.Start();
        _tx.OnResponse(TransactionMessages.InviteResponse(503, "Service Unavailable"));

        _time.AdvanceInSteps(16 * T1);

        Assert.Equal(2, _transport.Count); // the INVITE and its ACK, nothing more
        Assert.Empty(_user.Failures);
    }

    [Fact]
    public void Completed_TerminatesWithTimerD_After32Seconds()
    {
        // §17.1.1.2: Timer D is at least 32 s on an unreliable transport.
        _tx.Start();
        _tx.OnResponse(TransactionMessages.InviteResponse(486, "Busy Here"));

        _time.AdvanceInSteps(TimeSpan.FromSeconds(32) - Tick);
        Assert.Equal(TransactionState.Completed, _tx.State);
        Assert.Equal(0, _terminated);

        _time.Advance(Tick);
        Assert.Equal(TransactionState.Terminated, _tx.State);
        Assert.Equal(1, _terminated);
        Assert.Empty(_user.Failures);
    }

    [Fact]
    public void Completed_OnAReliableTransport_TerminatesAtOnce()
    {
        var transport = new RecordingTransport(reliable: true);
        var tx = Create(TransactionMessages.Invite(), transport);
        tx.Start();

        tx.OnResponse(TransactionMessages.InviteResponse(486, "Busy Here"));
        _time.Advance(TimeSpan.Zero);

        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(2, transport.Count); // the ACK is still sent
    }

    [Fact]
    public void ReliableTransport_HasNoTimerA_ButTimerBStillFires()
    {
        var transport = new RecordingTransport(reliable: true);
        var tx = Create(TransactionMessages.Invite(), transport);
        tx.Start();

        _time.AdvanceInSteps((64 * T1) - Tick);
        Assert.Equal(1, transport.Count);
        Assert.Empty(_user.Failures);

        _time.Advance(Tick);
        Assert.Equal([TransactionFailure.Timeout], _user.Failures);
    }

    [Fact]
    public void SuccessResponse_EntersAccepted_WithoutAckingIt()
    {
        // RFC 6026 §7.2: the ACK of a 2xx is the TU's business (§13.2.2.4), not the transaction's.
        _tx.Start();
        _tx.OnResponse(TransactionMessages.InviteResponse(180, "Ringing"));

        _tx.OnResponse(TransactionMessages.InviteResponse(200, "OK"));

        Assert.Equal(TransactionState.Accepted, _tx.State);
        Assert.Equal([180, 200], _user.Responses.Select(r => r.StatusCode));
        Assert.Equal(1, _transport.Count);
    }

    [Fact]
    public void Accepted_DeliversRetransmitted2xxToTheUser()
    {
        _tx.Start();
        _tx.OnResponse(TransactionMessages.InviteResponse(200, "OK"));

        _tx.OnResponse(TransactionMessages.InviteResponse(200, "OK"));
        _tx.OnResponse(TransactionMessages.InviteResponse(200, "OK"));

        Assert.Equal([200, 200, 200], _user.Responses.Select(r => r.StatusCode));
        Assert.Equal(1, _transport.Count);
    }

    [Fact]
    public void Accepted_DeliversA2xxFromAnotherFork()
    {
        // RFC 6026 §7.2: each 2xx (even with another To tag) goes to the TU, which must ACK and BYE it.
        _tx.Start();
        _tx.OnResponse(TransactionMessages.InviteResponse(200, "OK", toTag: "first"));

        _tx.OnResponse(TransactionMessages.InviteResponse(200, "OK", toTag: "second"));

        Assert.Equal(["first", "second"], _user.Responses.Select(r => r.To!.Tag));
    }

    [Fact]
    public void Accepted_StopsTimerAAndTimerB()
    {
        _tx.Start();
        _tx.OnResponse(TransactionMessages.InviteResponse(200, "OK"));

        _time.AdvanceInSteps((64 * T1) - Tick);

        Assert.Equal(1, _transport.Count);
        Assert.Empty(_user.Failures);
    }

    [Fact]
    public void Accepted_TerminatesWithTimerM_At64T1()
    {
        _tx.Start();
        _tx.OnResponse(TransactionMessages.InviteResponse(200, "OK"));

        _time.AdvanceInSteps((64 * T1) - Tick);
        Assert.Equal(TransactionState.Accepted, _tx.State);

        _time.Advance(Tick);
        Assert.Equal(TransactionState.Terminated, _tx.State);
        Assert.Equal(1, _terminated);
        Assert.Empty(_user.Failures);
    }

    [Fact]
    public void Accepted_IgnoresALateFailureResponse()
    {
        _tx.Start();
        _tx.OnResponse(TransactionMessages.InviteResponse(200, "OK"));

        _tx.OnResponse(TransactionMessages.InviteResponse(486, "Busy Here"));

        Assert.Equal([200], _user.Responses.Select(r => r.StatusCode));
        Assert.Equal(1, _transport.Count);
    }

    [Fact]
    public void Terminated_IgnoresLateResponses()
    {
        _tx.Start();
        _time.AdvanceInSteps(64 * T1);

        _tx.OnResponse(TransactionMessages.InviteResponse(200, "OK"));

        Assert.Empty(_user.Responses);
    }

    private ClientInviteTransaction Create(SipRequest invite, RecordingTransport transport)
    {
        var tx = new ClientInviteTransaction(invite, TransactionMessages.Peer, transport, Timers, _time, _user);
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
