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
    private readonly object _gate = new();
    private int _answered;

    // RFC 3262 §3: the first RSeq is chosen at random between 1 and 2**31 - 1, then each reliable provisional + 1.
    private uint _nextRseq = (uint)Random.Shared.Next(1, int.MaxValue);
    private uint _pendingRseq;
    private TaskCompletionSource<bool>? _prack;
    private ITimer? _reliableRetransmit;

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

    /// <summary>The caller can take reliable provisionals (Supported or Require: 100rel, RFC 3262 §3).</summary>
    public bool CallerSupportsReliable =>
        SipUserAgent.HasOptionTag(Request, HeaderNames.Supported, SipUserAgent.ReliableOptionTag) || CallerRequiresReliable;

    public bool CallerRequiresReliable => SipUserAgent.HasOptionTag(Request, HeaderNames.Require, SipUserAgent.ReliableOptionTag);

    /// <summary>Sends 180 (or another 1xx); reliably when the caller requires it (RFC 3262 §3).</summary>
    public void SendProvisional(int statusCode = 180)
    {
        if (IsAnswered)
        {
            return;
        }

        if (CallerRequiresReliable && statusCode > 100)
        {
            _ = SendReliableProvisionalAsync(statusCode);
            return;
        }

        _transaction.SendResponse(_owner.CreateResponse(Request, statusCode, null, ToTag));
    }

    /// <summary>
    /// Sends a provisional response reliably (RFC 3262 §3: Require: 100rel and RSeq, retransmitted from T1 doubling
    /// until the PRACK), with <paramref name="sdp"/> as early media when given. Completes true when PRACKed, false when
    /// the caller does not support 100rel (it was sent once, unreliably), the call was answered first, or no PRACK
    /// came within 64*T1, in which case the INVITE is rejected with 500 as §3 advises.
    /// </summary>
    public async Task<bool> SendReliableProvisionalAsync(int statusCode = 183, string? sdp = null)
    {
        if (statusCode is <= 100 or >= 200)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "a reliable provisional response is 101-199");
        }

        if (!CallerSupportsReliable)
        {
            if (!IsAnswered)
            {
                _transaction.SendResponse(WithBody(_owner.CreateResponse(Request, statusCode, null, ToTag), sdp));
            }

            return false;
        }

        // §3: no second reliable provisional until the first is acknowledged.
        Task<bool>? previous;
        lock (_gate)
        {
            previous = _prack?.Task;
        }

        if (previous is not null && !await previous.ConfigureAwait(false))
        {
            return false;
        }

        TaskCompletionSource<bool> prack = new(TaskCreationOptions.RunContinuationsAsynchronously);
        SipResponse response;
        lock (_gate)
        {
            if (IsAnswered)
            {
                return false;
            }

            _pendingRseq = _nextRseq++;
            response = _owner.CreateResponse(Request, statusCode, null, ToTag);
            response.Headers.Add(HeaderNames.Require, SipUserAgent.ReliableOptionTag);
            response.Headers.Add(SipUserAgent.RSeqHeader, _pendingRseq.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var rr in Request.Headers.GetLines(HeaderNames.RecordRoute))
            {
                response.Headers.Add(HeaderNames.RecordRoute, rr);
            }

            response.Headers.Add(HeaderNames.Contact, $"<{_owner.ContactFor(_owner.TransportFor(Request, _transaction.ResponseDestination))}>");
            WithBody(response, sdp);
            _prack = prack;
        }

        _owner.TrackReliable(this);
        _transaction.SendResponse(response);
        StartReliableRetransmission(response, prack);
        return await prack.Task.ConfigureAwait(false);
    }

    private void StartReliableRetransmission(SipResponse response, TaskCompletionSource<bool> prack)
    {
        // RFC 3262 §3 doubles the interval without the T2 cap of §17.
        var timer = _owner.Retransmit(
            () => prack.Task.IsCompleted,
            () => _transaction.SendResponse(response),
            () =>
            {
                SipLog.PrackTimeout(_owner.Logger, CallId);
                prack.TrySetResult(false);
                Reject(500, "No PRACK for a reliable provisional response");
            },
            TimeSpan.MaxValue);
        lock (_gate)
        {
            _reliableRetransmit?.Dispose();
            _reliableRetransmit = timer;
        }
    }

    /// <summary>A PRACK arrived for <paramref name="rseq"/>; true when it acknowledges the outstanding response.</summary>
    internal bool OnPrack(uint rseq)
    {
        TaskCompletionSource<bool>? prack;
        lock (_gate)
        {
            if (_prack is not { Task.IsCompleted: false } || rseq != _pendingRseq)
            {
                return false;
            }

            prack = _prack;
            _reliableRetransmit?.Dispose();
            _reliableRetransmit = null;
        }

        _owner.ForgetReliable(this);
        prack.TrySetResult(true);
        return true;
    }

    /// <summary>Stops waiting for a PRACK: the INVITE got its final response.</summary>
    private void EndReliable()
    {
        TaskCompletionSource<bool>? prack;
        lock (_gate)
        {
            prack = _prack;
            _reliableRetransmit?.Dispose();
            _reliableRetransmit = null;
        }

        if (prack is not null)
        {
            _owner.ForgetReliable(this);
            prack.TrySetResult(false);
        }
    }

    private static SipResponse WithBody(SipResponse response, string? sdp)
    {
        if (sdp is not null)
        {
            response.Headers.Add(HeaderNames.ContentType, "application/sdp");
            response.Body = Encoding.UTF8.GetBytes(sdp);
        }

        return response;
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
        response.Headers.Add(HeaderNames.Supported, SipUserAgent.SupportedOptionTags);
        EndReliable();
        var dialog = _owner.CreateUasDialog(this, response, sdpAnswer);
        _owner.AnswerSessionTimer(dialog, Request, response, countRefresh: false);
        response.Headers.Add(HeaderNames.ContentType, "application/sdp");
        response.Body = Encoding.UTF8.GetBytes(sdpAnswer);
        _transaction.SendResponse(response);
        _owner.StartSuccessRetransmission(dialog, response, _transaction.ResponseDestination);
        return dialog;
    }

    /// <param name="statusCode">A 3xx-6xx status.</param>
    /// <param name="reason">The reason phrase; the standard one when null.</param>
    /// <param name="retryAfter">A Retry-After (§20.33), as a 503 or 486 may carry.</param>
    public void Reject(int statusCode, string? reason = null, TimeSpan? retryAfter = null) =>
        Reject(statusCode, reason, retryAfter, contact: null);

    /// <summary>Redirects the caller to <paramref name="target"/> (302 Moved Temporarily, RFC 3261 §8.3, §21.3.3).</summary>
    public void Redirect(SipUri target, int statusCode = 302) =>
        Reject(statusCode is >= 300 and < 400 ? statusCode : throw new ArgumentOutOfRangeException(nameof(statusCode)), null, null, $"<{target}>");

    private void Reject(int statusCode, string? reason, TimeSpan? retryAfter, string? contact)
    {
        if (statusCode < 300)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "a rejection is a 3xx-6xx response");
        }

        if (Interlocked.Exchange(ref _answered, 1) != 0)
        {
            return;
        }

        EndReliable();
        var response = _owner.CreateResponse(Request, statusCode, reason, ToTag);
        if (retryAfter is { } after)
        {
            response.Headers.Add(HeaderNames.RetryAfter, ((int)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (contact is not null)
        {
            response.Headers.Add(HeaderNames.Contact, contact);
        }

        _transaction.SendResponse(response);
    }

    internal void OnCancel()
    {
        if (Interlocked.Exchange(ref _answered, 1) == 0)
        {
            EndReliable();
            _transaction.SendResponse(_owner.CreateResponse(Request, 487, null, ToTag));
            _cancelled.TrySetResult();
        }
    }
}
