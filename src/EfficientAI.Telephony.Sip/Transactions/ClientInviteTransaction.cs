using System.Net;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Transport;

namespace EfficientAI.Telephony.Sip.Transactions;

/// <summary>The INVITE client transaction of RFC 3261 §17.1.1, with the Accepted state of RFC 6026 §7.2.</summary>
public sealed class ClientInviteTransaction : IDisposable
{
    private readonly object _gate = new();
    private readonly ISipTransport _transport;
    private readonly IPEndPoint _destination;
    private readonly SipTimerSettings _timers;
    private readonly IClientTransactionUser _user;
    private readonly byte[] _requestBytes;
    private readonly TransactionTimer _timerA;
    private readonly TransactionTimer _timerB;
    private readonly TransactionTimer _timerD;
    private readonly TransactionTimer _timerM;
    private byte[]? _ackBytes;

    public ClientInviteTransaction(SipRequest invite, IPEndPoint destination, ISipTransport transport, SipTimerSettings timers, TimeProvider time, IClientTransactionUser user)
    {
        Request = invite;
        _destination = destination;
        _transport = transport;
        _timers = timers;
        _user = user;
        _requestBytes = invite.ToBytes();
        Key = TransactionKey.ForClient(invite) ?? throw new ArgumentException("INVITE without a branch", nameof(invite));
        _timerA = new TransactionTimer(time, OnTimerA);
        _timerB = new TransactionTimer(time, OnTimerB);
        _timerD = new TransactionTimer(time, () => Terminate());
        _timerM = new TransactionTimer(time, () => Terminate());
    }

    public SipRequest Request { get; }

    public string Key { get; }

    public TransactionState State { get; private set; } = TransactionState.Calling;

    /// <summary>Raised once when the transaction reaches Terminated, so its owner can forget it.</summary>
    public event Action<ClientInviteTransaction>? Terminated;

    public int Retransmissions { get; private set; }

    public void Start()
    {
        lock (_gate)
        {
            // §17.1.1.2: Timer A starts at T1 on unreliable transports only; Timer B is 64*T1 in either case.
            if (!_transport.IsReliable)
            {
                _timerA.Start(_timers.T1);
            }

            _timerB.Start(_timers.TransactionTimeout);
        }

        Send(_requestBytes);
    }

    public void OnResponse(SipResponse response)
    {
        var deliver = false;
        byte[]? resendAck = null;
        lock (_gate)
        {
            switch (State)
            {
                case TransactionState.Calling or TransactionState.Proceeding when response.IsProvisional:
                    State = TransactionState.Proceeding;
                    _timerA.Stop();
                    _timerB.Stop();
                    deliver = true;
                    break;
                case TransactionState.Calling or TransactionState.Proceeding when response.IsSuccess:
                    // RFC 6026 §7.2: stay in Accepted for 64*T1 so that 2xx retransmissions reach the TU (which ACKs them).
                    State = TransactionState.Accepted;
                    _timerA.Stop();
                    _timerB.Stop();
                    _timerM.Start(_timers.TransactionTimeout);
                    deliver = true;
                    break;
                case TransactionState.Calling or TransactionState.Proceeding:
                    // §17.1.1.2: a 300-699 is acknowledged by the transaction itself; Timer D absorbs retransmissions.
                    State = TransactionState.Completed;
                    _timerA.Stop();
                    _timerB.Stop();
                    _ackBytes = BuildAck(response).ToBytes();
                    resendAck = _ackBytes;
                    _timerD.Start(_transport.IsReliable ? TimeSpan.Zero : _timers.TimerD);
                    deliver = true;
                    break;
                case TransactionState.Accepted when response.IsSuccess:
                    deliver = true;
                    break;
                case TransactionState.Completed when response.StatusCode >= 300:
                    resendAck = _ackBytes;
                    break;
            }
        }

        if (resendAck is not null)
        {
            Send(resendAck);
        }

        if (deliver)
        {
            _user.OnResponse(response);
        }
    }

    /// <summary>The ACK for a non-2xx final response (RFC 3261 §17.1.1.3).</summary>
    public SipRequest BuildAck(SipResponse response) =>
        InviteDerivedRequest.Create(Request, SipMethods.Ack, response.Headers[HeaderNames.To]!);

    private void OnTimerA()
    {
        lock (_gate)
        {
            if (State != TransactionState.Calling)
            {
                return;
            }

            // §17.1.1.2: Timer A doubles on every retransmission (no T2 cap for INVITE).
            _timerA.Start(_timerA.Interval * 2);
            Retransmissions++;
        }

        Send(_requestBytes);
    }

    private void OnTimerB()
    {
        lock (_gate)
        {
            if (State != TransactionState.Calling)
            {
                return;
            }
        }

        Terminate();
        _user.OnFailure(TransactionFailure.Timeout);
    }

    private void Send(byte[] bytes) => _ = _transport.SendAsync(bytes, _destination, CancellationToken.None).AsTask();

    private void Terminate()
    {
        lock (_gate)
        {
            if (State == TransactionState.Terminated)
            {
                return;
            }

            State = TransactionState.Terminated;
            _timerA.Stop();
            _timerB.Stop();
            _timerD.Stop();
            _timerM.Stop();
        }

        Terminated?.Invoke(this);
    }

    public void Dispose()
    {
        _timerA.Dispose();
        _timerB.Dispose();
        _timerD.Dispose();
        _timerM.Dispose();
    }
}
