using System.Net;
using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Dialogs;

/// <summary>Why a dialog ended.</summary>
public enum DialogEndReason
{
    /// <summary>We sent BYE.</summary>
    LocalBye,

    /// <summary>The peer sent BYE.</summary>
    RemoteBye,

    /// <summary>Our 2xx was never acknowledged (RFC 3261 §13.3.1.4); we sent BYE.</summary>
    AckTimeout,

    /// <summary>The user agent shut down.</summary>
    Shutdown,

    /// <summary>No session refresh came in time (RFC 4028 §10), or our refresh failed; we sent BYE.</summary>
    SessionExpired,

    /// <summary>
    /// A request in the dialog was answered 481 or 408, or not at all (RFC 3261 §12.2.1.2): the peer has lost the
    /// dialog; we sent BYE.
    /// </summary>
    PeerLost,
}

public sealed record DialogEnd(DialogEndReason Reason, long Timestamp, int? ByeStatus = null);

/// <summary>
/// The state of one dialog (RFC 3261 §12): its identifiers, sequence numbers, remote target and route set.
/// In-dialog requests are sent through the owning <see cref="UserAgent.SipUserAgent"/>.
/// </summary>
public sealed class SipDialog
{
    private readonly object _gate = new();
    private readonly TaskCompletionSource<DialogEnd> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _confirmed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly UserAgent.SipUserAgent _owner;
    private uint _localSeq;

    internal SipDialog(UserAgent.SipUserAgent owner, bool isUac, string callId, NameAddress local, NameAddress remote, SipUri remoteTarget, IReadOnlyList<NameAddress> routeSet, uint localSeq, uint? remoteSeq, IPEndPoint nextHop)
    {
        _owner = owner;
        IsUac = isUac;
        CallId = callId;
        Local = local;
        Remote = remote;
        RemoteTarget = remoteTarget;
        RouteSet = routeSet;
        _localSeq = localSeq;
        RemoteSeq = remoteSeq;
        NextHop = nextHop;
    }

    public bool IsUac { get; }

    public string CallId { get; }

    /// <summary>Our address with our tag (From when we are the UAC, To when we are the UAS).</summary>
    public NameAddress Local { get; }

    public NameAddress Remote { get; }

    public string LocalTag => Local.Tag!;

    public string RemoteTag => Remote.Tag ?? "";

    public SipUri RemoteTarget { get; internal set; }

    public IReadOnlyList<NameAddress> RouteSet { get; }

    public uint? RemoteSeq { get; internal set; }

    /// <summary>Where in-dialog requests are sent: the first route, else the remote target.</summary>
    public IPEndPoint NextHop { get; }

    /// <summary>"UDP", "TCP" or "TLS": the transport of in-dialog requests to <see cref="NextHop"/>.</summary>
    public string Transport { get; internal set; } = "UDP";

    /// <summary>The SDP we last sent in this dialog, used to answer a session refresh re-INVITE unchanged.</summary>
    public string? LocalSdp { get; internal set; }

    public string? RemoteSdp { get; internal set; }

    /// <summary>Completes when the dialog has ended, with why and when (on the user agent's TimeProvider clock).</summary>
    public Task<DialogEnd> Ended => _ended.Task;

    /// <summary>For a UAS dialog: completes when the ACK of our 2xx arrives.</summary>
    public Task Confirmed => _confirmed.Task;

    public bool IsEnded => _ended.Task.IsCompleted;

    internal string Key => DialogKey(CallId, LocalTag, RemoteTag);

    internal static string DialogKey(string callId, string localTag, string remoteTag) => $"{callId}|{localTag}|{remoteTag}";

    internal uint NextLocalSeq()
    {
        lock (_gate)
        {
            return ++_localSeq;
        }
    }

    /// <summary>The CSeq number of the last INVITE (initial or re-INVITE) whose 2xx was acknowledged.</summary>
    internal uint? AckedInviteSeq { get; private set; }

    internal void MarkAcked(uint inviteSeq)
    {
        lock (_gate)
        {
            if (AckedInviteSeq is null || inviteSeq > AckedInviteSeq)
            {
                AckedInviteSeq = inviteSeq;
            }
        }

        _confirmed.TrySetResult();
    }

    internal bool IsAcked(uint inviteSeq)
    {
        lock (_gate)
        {
            return AckedInviteSeq >= inviteSeq;
        }
    }

    internal void MarkConfirmed() => _confirmed.TrySetResult();

    internal bool MarkEnded(DialogEnd end) => _ended.TrySetResult(end);

    /// <summary>Builds an in-dialog request (§12.2.1.1): remote target as Request-URI, the route set as Route.</summary>
    internal SipRequest CreateRequest(string method, uint cseq)
    {
        var request = new SipRequest(method, RemoteTarget);
        foreach (var route in RouteSet)
        {
            request.Headers.Add(HeaderNames.Route, route.ToString());
        }

        request.Headers.Add(HeaderNames.MaxForwards, "70");
        request.Headers.Add(HeaderNames.From, Local.ToString());
        request.Headers.Add(HeaderNames.To, Remote.ToString());
        request.Headers.Add(HeaderNames.CallId, CallId);
        request.Headers.Add(HeaderNames.CSeq, new CSeqHeader(cseq, method).ToString());
        return request;
    }

    /// <summary>Ends the dialog with BYE (§15.1.1) and waits for its final response or transaction timeout.</summary>
    public Task<DialogEnd> ByeAsync(CancellationToken cancellationToken = default) => _owner.SendByeAsync(this, DialogEndReason.LocalBye, cancellationToken);

    /// <summary>
    /// Answers an SDP offer the peer makes in this dialog (re-INVITE or UPDATE: hold, resume, a new codec or
    /// address). Without a handler the offer is answered with <see cref="LocalSdp"/> unchanged.
    /// </summary>
    public Func<string, OfferAnswer>? OfferReceived { get; set; }

    /// <summary>
    /// Follows a transfer (REFER, RFC 3515): called with the Refer-To target after our 202; returns the final status
    /// of the call placed to it, which the peer learns by NOTIFY. Without a handler REFER is declined with 603.
    /// </summary>
    public Func<TransferRequest, Task<int>>? TransferRequested { get; set; }

    /// <summary>DTMF the peer sent as SIP INFO.</summary>
    public event Action<InfoDtmf>? InfoDtmfReceived;

    /// <summary>Requests the peer sent in the dialog (re-INVITE, UPDATE, INFO, REFER, NOTIFY, OPTIONS), for the timeline.</summary>
    public event Action<DialogRequestEvent>? RequestReceived;

    /// <summary>The negotiated session interval (RFC 4028) and whether we refresh it; null without session timer.</summary>
    public TimeSpan? SessionInterval => SessionTimer?.Interval;

    /// <summary>How many session refreshes were sent or received.</summary>
    public int SessionRefreshes => Volatile.Read(ref _refreshes);

    /// <summary>The methods the peer said it allows (its Allow header), upper case; empty when it sent none.</summary>
    public IReadOnlySet<string> PeerAllows { get; internal set; } = new HashSet<string>();

    internal SessionTimer? SessionTimer { get; set; }

    /// <summary>A re-INVITE or UPDATE of ours is waiting for its answer (RFC 3261 §14.1: glare is answered 491).</summary>
    internal int OfferInProgress;

    private int _refreshes;

    internal void CountRefresh() => Interlocked.Increment(ref _refreshes);

    internal TaskCompletionSource<int>? PendingRefer { get; set; }

    internal void RaiseInfoDtmf(InfoDtmf dtmf) => InfoDtmfReceived?.Invoke(dtmf);

    internal void RaiseRequest(DialogRequestEvent e) => RequestReceived?.Invoke(e);

    /// <summary>Sends a re-INVITE (RFC 3261 §14.1): with <paramref name="offerSdp"/> a new offer, without one a refresh asking for an offer.</summary>
    public Task<SessionChangeResult> ReInviteAsync(string? offerSdp, CancellationToken cancellationToken = default) =>
        _owner.SendReInviteAsync(this, offerSdp, refresh: false, cancellationToken);

    /// <summary>Sends UPDATE (RFC 3311), with an offer or without one (a session refresh).</summary>
    public Task<SessionChangeResult> UpdateAsync(string? offerSdp, CancellationToken cancellationToken = default) =>
        _owner.SendUpdateAsync(this, offerSdp, refresh: false, cancellationToken);

    /// <summary>Sends a DTMF digit as SIP INFO (application/dtmf-relay); returns the final status (0: none came).</summary>
    public Task<int> SendInfoDtmfAsync(char digit, int durationMs = 160, CancellationToken cancellationToken = default) =>
        _owner.SendInfoDtmfAsync(this, digit, durationMs, cancellationToken);

    /// <summary>
    /// Transfers the peer to <paramref name="target"/> (REFER, RFC 3515) and waits for the outcome its NOTIFYs report:
    /// the final status of the call it placed, or 0 when the REFER was refused or nothing final came in time.
    /// </summary>
    public Task<ReferResult> ReferAsync(SipUri target, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _owner.SendReferAsync(this, target, timeout, cancellationToken);
}

/// <summary>A transfer the peer asked for: where to, who asked, when (RFC 3515 §2.4.1).</summary>
public sealed record TransferRequest(SipUri Target, string ReferToHeader, string? ReferredBy, long Timestamp);

/// <summary>What became of a REFER we sent: its own status and the final status of the transfer the NOTIFYs reported.</summary>
public sealed record ReferResult(int ReferStatus, int TransferStatus, string? Cause)
{
    public bool Succeeded => TransferStatus is >= 200 and < 300;
}
