using System.Net;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Transport;

namespace EfficientAI.Telephony.Sip.Transactions;

/// <summary>The INVITE server transaction of RFC 3261 §17.2.1, with the Accepted state of RFC 6026 §7.1.</summary>
public sealed class ServerInviteTransaction : IDisposable
{
    private readonly object _gate = new();
    private readonly ISipTransport _transport;
    private readonly SipTimerSettings _timers;
    private readonly TransactionTimer _timerG;
    private readonly TransactionTimer _timerH;
    private readonly TransactionTimer _timerI;
    private readonly TransactionTimer _timerL;
    private byte[]? _lastResponse;

    public ServerInviteTransaction(SipRequest invite, IPEndPoint responseDestination, ISipTransport transport, SipTimerSettings timers, TimeProvider time)
    {
        Request = invite;
        ResponseDestination = responseDestination;
        _transport = transport;
        _timers = timers;
        Key = TransactionKey.ForServer(invite) ?? throw new ArgumentException("INVITE without Via/CSeq", nameof(invite));
        _timerG = new TransactionTimer(time, OnTimerG);
        _timerH = new TransactionTimer(time, OnTimerH);
        _timerI = new TransactionTimer(time, Terminate);
        _timerL = new TransactionTimer(time, Terminate);
    }

    public SipRequest Request { get; }

    public IPEndPoint ResponseDestination { get; }

    public string Key { get; }

    public TransactionState State { get; private set; } = TransactionState.Proceeding;

    public int? FinalStatus { get; private set; }

    public event Action<ServerInviteTransaction>? Terminated;

    /// <summary>Raised when Timer H fires: the final non-2xx response was never acknowledged.</summary>
    public event Action<ServerInviteTransaction>? AckTimedOut;

    /// <summary>Sends a response from the TU: provisional, 2xx (then Accepted) or 300-699 (then Completed).</summary>
    public void SendResponse(SipResponse response)
    {
        var bytes = response.ToBytes();
        lock (_gate)
        {
            switch (State)
            {
                case TransactionState.Proceeding when response.IsProvisional:
                    break;
                case TransactionState.Proceeding when response.IsSuccess:
                    // RFC 6026 §7.1: the 2xx is retransmitted by the TU core (§13.3.1.4), not by the transaction.
                    State = TransactionState.Accepted;
                    FinalStatus = response.StatusCode;
                    _timerL.Start(_timers.TransactionTimeout);
                    break;
                case TransactionState.Proceeding:
                    State = TransactionState.Completed;
                    FinalStatus = response.StatusCode;
                    if (!_transport.IsReliable)
                    {
                        _timerG.Start(_timers.T1);
                    }

                    _timerH.Start(_timers.TransactionTimeout);
                    break;
                case TransactionState.Accepted when response.IsSuccess:
                    // a 2xx retransmission by the core passes straight to the transport
                    break;
                default:
                    return;
            }

            _lastResponse = bytes;
        }

        Send(bytes);
    }

    /// <summary>A retransmitted INVITE or the ACK of a non-2xx response, matched to this transaction.</summary>
    public void OnRequest(SipRequest request)
    {
        byte[]? resend = null;
        lock (_gate)
        {
            if (request.Method == SipMethods.Ack)
            {
                if (State == TransactionState.Completed)
                {
                    // §17.2.1: ACK moves to Confirmed; Timer I absorbs ACK retransmissions.
                    State = TransactionState.Confirmed;
                    _timerG.Stop();
                    _timerH.Stop();
                    _timerI.Start(_transport.IsReliable ? TimeSpan.Zero : _timers.T4);
                }

                return;
            }

            if (State is TransactionState.Proceeding or TransactionState.Completed)
            {
                resend = _lastResponse;
            }
        }

        if (resend is not null)
        {
            Send(resend);
        }
    }

    private void OnTimerG()
    {
        byte[]? resend;
        lock (_gate)
        {
            if (State != TransactionState.Completed)
            {
                return;
            }

            var next = _timerG.Interval * 2;
            _timerG.Start(next < _timers.T2 ? next : _timers.T2);
            resend = _lastResponse;
        }

        if (resend is not null)
        {
            Send(resend);
        }
    }

    private void OnTimerH()
    {
        lock (_gate)
        {
            if (State != TransactionState.Completed)
            {
                return;
            }
        }

        Terminate();
        AckTimedOut?.Invoke(this);
    }

    private void Send(byte[] bytes) => _ = _transport.SendAsync(bytes, ResponseDestination, CancellationToken.None).AsTask();

    private void Terminate()
    {
        lock (_gate)
        {
            if (State == TransactionState.Terminated)
            {
                return;
            }

            State = TransactionState.Terminated;
            _timerG.Stop();
            _timerH.Stop();
            _timerI.Stop();
            _timerL.Stop();
        }

        Terminated?.Invoke(this);
    }

    public void Dispose()
    {
        _timerG.Dispose();
        _timerH.Dispose();
        _timerI.Dispose();
        _timerL.Dispose();
    }
}
