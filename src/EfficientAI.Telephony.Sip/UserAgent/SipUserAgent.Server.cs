using System.Collections.Concurrent;
using System.Net;
using EfficientAI.Telephony.Sip.Dialogs;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Transactions;

namespace EfficientAI.Telephony.Sip.UserAgent;

/// <summary>The UAS half of the core: requests in (RFC 3261 §8.2, §12.2.2, §13.3, §15.1.2).</summary>
public sealed partial class SipUserAgent
{
    // §8.2.2.2: Call-ID, From tag and CSeq of each out-of-dialog request with a live server transaction → that
    // transaction's key, to tell a copy of a request that reached us by another path from a retransmission.
    private readonly ConcurrentDictionary<string, string> _mergeKeys = new();

    private void HandleRequest(SipRequest request, IPEndPoint remote)
    {
        // §18.2.1: note where the request really came from, so responses go back there (and RFC 3581 rport).
        var topVia = SipMessageFactory.StampReceived(request.TopVia!, remote);
        request.Headers.ReplaceFirstValue(HeaderNames.Via, topVia.ToString());
        var destination = SipMessageFactory.ResponseDestination(topVia, remote);
        var key = TransactionKey.ForServer(request)!;

        if (request.Method == SipMethods.Ack)
        {
            HandleAck(request, key);
            return;
        }

        if (request.Method == SipMethods.Invite && _serverInvites.TryGetValue(key, out var inviteTx))
        {
            inviteTx.OnRequest(request);
            return;
        }

        if (request.Method != SipMethods.Invite && _serverNonInvites.TryGetValue(key, out var nonInviteTx))
        {
            nonInviteTx.OnRetransmission();
            return;
        }

        // §8.2.2.1: a Request-URI scheme we do not understand is answered 416 (RFC 4475 §3.3.2, §3.3.3).
        if (!request.RequestUri.IsSip)
        {
            Respond(request, destination, 416, null);
            return;
        }

        if (request.Method == SipMethods.Cancel)
        {
            HandleCancel(request, destination);
            return;
        }

        // §8.2.2.2: the same request (Call-ID, From tag, CSeq) in another transaction arrived by another path (a fork
        // that merged again); answering it would make a second dialog, so it is refused with 482.
        if (request.To?.Tag is null && MergeKey(request) is { } mergeKey
            && _mergeKeys.TryGetValue(mergeKey, out var ongoing) && ongoing != key)
        {
            Respond(request, destination, 482, null);
            return;
        }

        // §8.2.2.3: an option tag in Require that we do not support is answered 420 listing it in Unsupported
        // (RFC 4475 §3.3.5). We support 100rel and timer; Proxy-Require is for proxies and ignored here.
        if (request.HasHeader(HeaderNames.Require) && request.Headers.GetValues(HeaderNames.Require).Where(t => !OptionTagsWeSupport.Contains(t, StringComparer.OrdinalIgnoreCase)).ToList() is { Count: > 0 } required)
        {
            var unsupported = CreateResponse(request, 420, null, request.To?.Tag is null ? SipIdentifiers.NewTag() : null);
            unsupported.Headers.Add(HeaderNames.Unsupported, string.Join(", ", required));
            Respond(request, destination, unsupported);
            return;
        }

        if (request.To?.Tag is { } toTag)
        {
            HandleInDialog(request, destination, toTag);
            return;
        }

        switch (request.Method)
        {
            case SipMethods.Invite:
                HandleNewInvite(request, remote, destination);
                break;
            case SipMethods.Options:
                var ok = CreateResponse(request, 200, null, SipIdentifiers.NewTag());
                ok.Headers.Add(HeaderNames.Allow, SipMethods.Allowed);
                ok.Headers.Add("Accept", "application/sdp");
                ok.Headers.Add(HeaderNames.Supported, SupportedOptionTags);
                RespondNonInvite(request, destination, ok);
                break;
            case SipMethods.Bye or SipMethods.Info or SipMethods.Update or SipMethods.Prack or SipMethods.Notify:
                // These live only inside a dialog (RFC 3311 §5.1, RFC 3262 §4, RFC 6086 §4.2.1, RFC 6665 §4.1.3).
                Respond(request, destination, 481, null);
                break;
            case SipMethods.Register or SipMethods.Refer or SipMethods.Subscribe or SipMethods.Message:
                // §8.2.1: a method we know but do not allow here is 405 with Allow.
                var notAllowed = CreateResponse(request, 405, null, SipIdentifiers.NewTag());
                notAllowed.Headers.Add(HeaderNames.Allow, SipMethods.Allowed);
                RespondNonInvite(request, destination, notAllowed);
                break;
            default:
                var notImplemented = CreateResponse(request, 501, null, SipIdentifiers.NewTag());
                notImplemented.Headers.Add(HeaderNames.Allow, SipMethods.Allowed);
                RespondNonInvite(request, destination, notImplemented);
                break;
        }
    }

    private void HandleNewInvite(SipRequest request, IPEndPoint remote, IPEndPoint destination)
    {
        // §21.4.7: our answer is SDP; an Accept without application/sdp leaves no body we may send (RFC 4475 §3.3.15).
        if (request.Headers.GetValues(HeaderNames.Accept) is { Count: > 0 } accepted && !accepted.Any(AcceptsSdp))
        {
            var notAcceptable = CreateResponse(request, 406, null, SipIdentifiers.NewTag());
            notAcceptable.Headers.Add(HeaderNames.Warning, $"399 {LocalEndPoint.Address} \"our session description is application/sdp, which the Accept header excludes\"");
            NewServerInvite(request, destination).SendResponse(notAcceptable);
            return;
        }

        if (!request.Body.IsEmpty && request.ContentType is { } type
            && !type.Split(';')[0].Trim().Equals("application/sdp", StringComparison.OrdinalIgnoreCase))
        {
            var unsupported = CreateResponse(request, 415, null, SipIdentifiers.NewTag());
            unsupported.Headers.Add("Accept", "application/sdp");
            var tx415 = NewServerInvite(request, destination);
            tx415.SendResponse(unsupported);
            return;
        }

        // RFC 4028 §8.1: an interval below our Min-SE (the 90 s floor of §4) is refused with 422 naming the minimum.
        if (SessionExpires.TryParse(request.Headers[SessionExpires.HeaderName], out var asked) && asked.Value.Seconds < SessionExpires.MinimumSeconds)
        {
            var tooSmall = CreateResponse(request, 422, null, SipIdentifiers.NewTag());
            tooSmall.Headers.Add(SessionExpires.MinSeHeaderName, SessionExpires.MinimumSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            NewServerInvite(request, destination).SendResponse(tooSmall);
            return;
        }

        var tx = NewServerInvite(request, destination);
        // §17.2.1: 100 Trying at once, so the client stops retransmitting while the application decides.
        tx.SendResponse(CreateResponse(request, 100, null, null));
        var handler = IncomingCall;
        var incoming = new IncomingInvite(this, tx, remote, _time.GetTimestamp());
        if (handler is null)
        {
            incoming.Reject(480, "No handler for incoming calls");
            return;
        }

        _pendingInvites[tx.Key] = incoming;
        _ = Task.Run(async () =>
        {
            try
            {
                await handler(incoming).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                SipLog.ReceiverFailed(_logger, remote, ex);
                incoming.Reject(500, "Server Internal Error");
            }
        });
    }

    private static bool AcceptsSdp(string mediaRange)
    {
        var type = mediaRange.Split(';')[0].Trim();
        return type is "*/*" || type.Equals("application/*", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/sdp", StringComparison.OrdinalIgnoreCase);
    }

    private ServerInviteTransaction NewServerInvite(SipRequest request, IPEndPoint destination)
    {
        var tx = new ServerInviteTransaction(request, destination, TransportFor(request, destination), _options.Timers, _time);
        var mergeKey = TrackForMerging(request, tx.Key);
        tx.Terminated += t =>
        {
            _serverInvites.TryRemove(t.Key, out _);
            _pendingInvites.TryRemove(t.Key, out _);
            ForgetForMerging(mergeKey, t.Key);
            t.Dispose();
        };
        _serverInvites[tx.Key] = tx;
        return tx;
    }

    private void HandleAck(SipRequest ack, string key)
    {
        // ACK of a non-2xx response belongs to the INVITE server transaction (§17.2.1) ...
        if (_serverInvites.TryGetValue(key, out var tx) && tx.FinalStatus is >= 300)
        {
            tx.OnRequest(ack);
            return;
        }

        // ... the ACK of a 2xx is its own transaction and belongs to the dialog (§13.3.1.4).
        if (ack.To?.Tag is { } localTag && ack.From?.Tag is { } remoteTag
            && _dialogs.TryGetValue(SipDialog.DialogKey(ack.CallId!, localTag, remoteTag), out var dialog))
        {
            if (!ack.Body.IsEmpty && dialog.RemoteSdp is null)
            {
                dialog.RemoteSdp = ack.BodyText;
            }

            dialog.MarkAcked(ack.CSeq!.Value.Number);
        }
    }

    private void HandleCancel(SipRequest cancel, IPEndPoint destination)
    {
        // §9.2: CANCEL matches the INVITE transaction with the same branch; it is answered on its own.
        var inviteKey = TransactionKey.ForServer(new SipRequest(SipMethods.Invite, cancel.RequestUri) { Headers = cancel.Headers })!;
        if (_pendingInvites.TryGetValue(inviteKey, out var incoming))
        {
            RespondNonInvite(cancel, destination, CreateResponse(cancel, 200, null, incoming.ToTag));
            incoming.OnCancel();
            return;
        }

        Respond(cancel, destination, 481, null);
    }

    private static string? MergeKey(SipRequest request) =>
        request.From?.Tag is { } tag && request.CSeq is { } cseq && request.CallId is { } callId
            ? $"{callId}|{tag}|{cseq.Number}|{cseq.Method}"
            : null;

    /// <summary>Notes an out-of-dialog request's transaction for §8.2.2.2; the first transaction keeps the entry.</summary>
    private string? TrackForMerging(SipRequest request, string transactionKey)
    {
        if (request.To?.Tag is not null || MergeKey(request) is not { } mergeKey)
        {
            return null;
        }

        return _mergeKeys.TryAdd(mergeKey, transactionKey) ? mergeKey : null;
    }

    private void ForgetForMerging(string? mergeKey, string transactionKey)
    {
        if (mergeKey is not null)
        {
            _mergeKeys.TryRemove(KeyValuePair.Create(mergeKey, transactionKey));
        }
    }

    private void Respond(SipRequest request, IPEndPoint destination, int status, string? reason) =>
        Respond(request, destination, CreateResponse(request, status, reason, request.To?.Tag is null ? SipIdentifiers.NewTag() : null));

    /// <summary>Sends a final response to a new request in the server transaction its method calls for.</summary>
    private void Respond(SipRequest request, IPEndPoint destination, SipResponse response)
    {
        if (request.Method == SipMethods.Invite)
        {
            NewServerInvite(request, destination).SendResponse(response);
        }
        else
        {
            RespondNonInvite(request, destination, response);
        }
    }

    private void RespondNonInvite(SipRequest request, IPEndPoint destination, SipResponse response)
    {
        var tx = new ServerNonInviteTransaction(request, destination, TransportFor(request, destination), _options.Timers, _time);
        var mergeKey = TrackForMerging(request, tx.Key);
        tx.Terminated += t =>
        {
            _serverNonInvites.TryRemove(t.Key, out _);
            ForgetForMerging(mergeKey, t.Key);
            t.Dispose();
        };
        _serverNonInvites[tx.Key] = tx;
        tx.SendResponse(response);
    }

    internal SipDialog CreateUasDialog(IncomingInvite incoming, SipResponse response, string localSdp)
    {
        var request = incoming.Request;
        // §12.1.1: remote target from the INVITE's Contact, route set from its Record-Route in order.
        var remoteTarget = request.Contact?.Uri ?? request.From!.Uri;
        var routes = request.RecordRoutes;
        var hopUri = routes.Count > 0 ? routes[0].Uri : remoteTarget;
        var hop = IPAddress.TryParse(hopUri.Host, out var ip) ? new IPEndPoint(ip, hopUri.Port ?? 5060) : incoming.Remote;
        var dialog = new SipDialog(this, isUac: false, request.CallId!, response.To!, request.From!, remoteTarget, routes, 0, request.CSeq!.Value.Number, hop)
        {
            LocalSdp = localSdp,
            RemoteSdp = incoming.RemoteSdp,
            PeerAllows = AllowedMethods(request),
        };
        dialog.Transport = DialogTransport(hopUri, request);
        _dialogs[dialog.Key] = dialog;
        return dialog;
    }

    /// <summary>
    /// §13.3.1.4: the UAS core retransmits its 2xx at T1, doubling up to T2, until the ACK arrives; without an ACK
    /// in 64*T1 the dialog is ended with BYE.
    /// </summary>
    internal void StartSuccessRetransmission(SipDialog dialog, SipResponse response, IPEndPoint destination)
    {
        var bytes = response.ToBytes();
        var inviteSeq = response.CSeq!.Value.Number;
        var transport = TransportFor(response, destination);
        Retransmit(
            () => dialog.IsAcked(inviteSeq) || dialog.IsEnded,
            () => Send(bytes, destination, transport),
            () =>
            {
                SipLog.AckTimeout(_logger, dialog.CallId);
                _ = SendByeAsync(dialog, DialogEndReason.AckTimeout, CancellationToken.None);
            },
            _options.Timers.T2);
    }

    /// <summary>
    /// The retransmission the core does itself (§13.3.1.4 for a 2xx, RFC 3262 §3 for a reliable 1xx): again at T1,
    /// the interval doubling up to <paramref name="cap"/>, until <paramref name="done"/>; after 64*T1
    /// <paramref name="timedOut"/> runs instead. Disposing the returned timer stops it.
    /// </summary>
    internal ITimer Retransmit(Func<bool> done, Action send, Action timedOut, TimeSpan cap)
    {
        var started = _time.GetTimestamp();
        var interval = _options.Timers.T1;
        ITimer? timer = null;
        timer = _time.CreateTimer(_ =>
        {
            if (done())
            {
                timer?.Dispose();
                return;
            }

            if (_time.GetElapsedTime(started) >= _options.Timers.TransactionTimeout)
            {
                timer?.Dispose();
                timedOut();
                return;
            }

            send();
            interval = interval * 2 < cap ? interval * 2 : cap;
            timer?.Change(interval, Timeout.InfiniteTimeSpan);
        }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timer.Change(interval, Timeout.InfiniteTimeSpan);
        return timer;
    }

    internal void RemoveDialog(SipDialog dialog)
    {
        _dialogs.TryRemove(dialog.Key, out _);
        _ackForDialog.TryRemove(dialog.Key, out _);
    }
}
