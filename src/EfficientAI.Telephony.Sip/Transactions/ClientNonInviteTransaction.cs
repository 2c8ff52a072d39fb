using System.Net;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Transport;

namespace EfficientAI.Telephony.Sip.Transactions;

/// <summary>The non-INVITE client transaction of RFC 3261 §17.1.2 (BYE, CANCEL, OPTIONS, REGISTER…).</summary>
public sealed class ClientNonInviteTransaction : IDisposable
{
    private readonly object _gate = new();
    private readonly ISipTransport _transport;
    private readonly IPEndPoint _destination;
    private readonly SipTimerSettings _timers;
    private readonly IClientTransactionUser _user;
    private readonly byte[] _requestBytes;
    private readonly TransactionTimer _timerE;
    private readonly TransactionTimer _timerF;
    private readonly TransactionTimer _timerK;

    public ClientNonInviteTransaction(SipRequest request, IPEndPoint destination, ISipTransport transport, SipTimerSettings timers, TimeProvider time, IClientTransactionUser user)
    {
        Request = request;
        _destination = destination;
        _transport = transport;
        _timers = timers;
        _user = user;
        _requestBytes = request.ToBytes();
        Key = TransactionKey.ForClient(request) ?? throw new ArgumentException("request without a branch", nameof(request));
        _timerE = new TransactionTimer(time, OnTimerE);
        _timerF = new TransactionTimer(time, OnTimerF);
        _timerK = new TransactionTimer(time, Terminate);
    }

    public SipRequest Request { get; }

    public string Key { get; }

    public TransactionState State { get; private set; } = TransactionState.Trying;

    public int Retransmissions { get; private set; }

    public event Action<ClientNonInviteTransaction>? Terminated;

    public void Start()
    {
        lock (_gate)
        {
            if (!_transport.IsReliable)
            {
                _timerE.Start(_timers.T1);
            }

            _timerF.Start(_timers.TransactionTimeout);
        }

        Send();
    }

    public void OnResponse(SipResponse response)
    {
        var deliver = false;
        lock (_gate)
        {
            if (State is TransactionState.Trying or TransactionState.Proceeding)
            {
                deliver = true;
                if (response.IsProvisional)
                {
                    State = TransactionState.Proceeding;
                }
                else
                {
                    // §17.1.2.2: Timer K (T4 on unreliable transports) absorbs retransmitted final responses.
                    State = TransactionState.Completed;
                    _timerE.Stop();
                    _timerF.Stop();
                    _timerK.Start(_transport.IsReliable ? TimeSpan.Zero : _timers.T4);
                }
            }
        }

        if (deliver)
        {
            _user.OnResponse(response);
        }
    }

    private void OnTimerE()
    {
        lock (_gate)
        {
            if (State is not (TransactionState.Trying or TransactionState.Proceeding))
            {
                return;
            }

            // §17.1.2.2: in Trying the interval doubles up to T2; in Proceeding it is T2.
            var next = State == TransactionState.Proceeding ? _timers.T2 : Min(_timerE.Interval * 2, _timers.T2);
            _timerE.Start(next);
            Retransmissions++;
        }

        Send();
    }

    private void OnTimerF()
    {
        lock (_gate)
        {
            if (State is not (TransactionState.Trying or TransactionState.Proceeding))
            {
                return;
            }
        }

        Terminate();
        _user.OnFailure(TransactionFailure.Timeout);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private void Send() => _ = _transport.SendAsync(_requestBytes, _destination, CancellationToken.None).AsTask();

    private void Terminate()
    {
        lock (_gate)
        {
            if (State == TransactionState.Terminated)
            {
                return;
            }

            State = TransactionState.Terminated;
            _timerE.Stop();
            _timerF.Stop();
            _timerK.Stop();
        }

        Terminated?.Invoke(this);
    }

    public void Dispose()
    {
        _timerE.Dispose();
        _timerF.Dispose();
        _timerK.Dispose();
    }
}
