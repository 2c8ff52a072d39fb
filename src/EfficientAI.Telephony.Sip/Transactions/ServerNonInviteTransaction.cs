using System.Net;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Transport;

namespace EfficientAI.Telephony.Sip.Transactions;

/// <summary>The non-INVITE server transaction of RFC 3261 §17.2.2.</summary>
public sealed class ServerNonInviteTransaction : IDisposable
{
    private readonly object _gate = new();
    private readonly ISipTransport _transport;
    private readonly SipTimerSettings _timers;
    private readonly TransactionTimer _timerJ;
    private byte[]? _lastResponse;

    public ServerNonInviteTransaction(SipRequest request, IPEndPoint responseDestination, ISipTransport transport, SipTimerSettings timers, TimeProvider time)
    {
        Request = request;
        ResponseDestination = responseDestination;
        _transport = transport;
        _timers = timers;
        Key = TransactionKey.ForServer(request) ?? throw new ArgumentException("request without Via/CSeq", nameof(request));
        _timerJ = new TransactionTimer(time, Terminate);
    }

    public SipRequest Request { get; }

    public IPEndPoint ResponseDestination { get; }

    public string Key { get; }

    public TransactionState State { get; private set; } = TransactionState.Trying;

    public event Action<ServerNonInviteTransaction>? Terminated;

    public void SendResponse(SipResponse response)
    {
        var bytes = response.ToBytes();
        lock (_gate)
        {
            if (State is not (TransactionState.Trying or TransactionState.Proceeding))
            {
                return;
            }

            if (response.IsProvisional)
            {
                State = TransactionState.Proceeding;
            }
            else
            {
                // §17.2.2: Timer J (64*T1 unreliable, 0 reliable) keeps the final response for retransmitted requests.
                State = TransactionState.Completed;
                _timerJ.Start(_transport.IsReliable ? TimeSpan.Zero : _timers.TransactionTimeout);
            }

            _lastResponse = bytes;
        }

        Send(bytes);
    }

    /// <summary>A retransmission of the request: resend the last response, if any (§17.2.2).</summary>
    public void OnRetransmission()
    {
        byte[]? resend;
        lock (_gate)
        {
            resend = State is TransactionState.Proceeding or TransactionState.Completed ? _lastResponse : null;
        }

        if (resend is not null)
        {
            Send(resend);
        }
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
            _timerJ.Stop();
        }

        Terminated?.Invoke(this);
    }

    public void Dispose() => _timerJ.Dispose();
}
