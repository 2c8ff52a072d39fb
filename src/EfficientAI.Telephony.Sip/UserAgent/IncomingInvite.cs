using System.Net;
using System.Text;
using EfficientAI.Telephony.Sip.Dialogs;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Transactions;

namespace EfficientAI.Telephony.Sip.UserAgent;

/// <summary>A new INVITE offered to the application (the UAS side of RFC 3261 §13.3): ring, accept or reject it.</summary>
public sealed class IncomingInvite
{
    private readonly SipUserAgent _owner;
    private readonly ServerInviteTransaction _transaction;
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _answered;

    internal IncomingInvite(SipUserAgent owner, ServerInviteTransaction transaction, IPEndPoint remote, long receivedTimestamp)
    {
        _owner = owner;
        _transaction = transaction;
        Remote = remote;
        ReceivedTimestamp = receivedTimestamp;
        ToTag = SipIdentifiers.NewTag();
    }

    public SipRequest Request => _transaction.Request;

    public IPEndPoint Remote { get; }

    public long ReceivedTimestamp { get; }

    public string ToTag { get; }

    public string CallId => Request.CallId!;

    /// <summary>The SDP offer, when the INVITE carried one.</summary>
    public string? RemoteSdp => Request.Body.IsEmpty ? null : Request.BodyText;

    /// <summary>Completes when the caller cancels (CANCEL, §9.2) before we answered.</summary>
    public Task Cancelled => _cancelled.Task;

    public bool IsAnswered => Volatile.Read(ref _answered) != 0;

    public void SendProvisional(int statusCode = 180)
    {
        if (IsAnswered)
        {
            return;
        }

        _transaction.SendResponse(_owner.CreateResponse(Request, statusCode, null, ToTag));
    }

    /// <summary>Answers with 200 OK and the SDP answer; the dialog exists from now on (§12.1.1).</summary>
    public SipDialog Accept(string sdpAnswer)
    {
        if (Interlocked.Exchange(ref _answered, 1) != 0)
        {
            throw new InvalidOperationException("the INVITE was already answered");
        }

        var response = _owner.CreateResponse(Request, 200, null, ToTag);
        foreach (var rr in Request.Headers.GetLines(HeaderNames.RecordRoute))
        {
            response.Headers.Add(HeaderNames.RecordRoute, rr);
        }

        response.Headers.Add(HeaderNames.Contact, $"<{_owner.ContactFor(_owner.TransportFor(Request, _transaction.ResponseDestination))}>");
        response.Headers.Add(HeaderNames.Allow, SipMethods.Allowed);
        response.Headers.Add(HeaderNames.ContentType, "application/sdp");
        response.Body = Encoding.UTF8.GetBytes(sdpAnswer);
        var dialog = _owner.CreateUasDialog(this, response, sdpAnswer);
        _transaction.SendResponse(response);
        _owner.StartSuccessRetransmission(dialog, response, _transaction.ResponseDestination);
        return dialog;
    }

    public void Reject(int statusCode, string? reason = null)
    {
        if (statusCode < 300)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "a rejection is a 3xx-6xx response");
        }

        if (Interlocked.Exchange(ref _answered, 1) != 0)
        {
            return;
        }

        _transaction.SendResponse(_owner.CreateResponse(Request, statusCode, reason, ToTag));
    }

    internal void OnCancel()
    {
        if (Interlocked.Exchange(ref _answered, 1) == 0)
        {
            _transaction.SendResponse(_owner.CreateResponse(Request, 487, null, ToTag));
            _cancelled.TrySetResult();
        }
    }
}
