using System.Globalization;
using System.Net;
using System.Text;
using EfficientAI.Telephony.Sip.Dialogs;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Transactions;

namespace EfficientAI.Telephony.Sip.UserAgent;

/// <summary>
/// Requests inside a dialog, both ways: re-INVITE and UPDATE offers (RFC 3261 §14, RFC 3311), session timers
/// (RFC 4028), DTMF over INFO, and transfer by REFER with its NOTIFYs (RFC 3515).
/// </summary>
public sealed partial class SipUserAgent
{
    /// <summary>The option tags we implement (§8.2.2.3, §19.2): a Require naming only these is accepted.</summary>
    internal const string SupportedOptionTags = "100rel, timer";

    private static readonly string[] OptionTagsWeSupport = ["100rel", "timer"];

    private const string ReferEvent = "refer";
    private const string SipFragContentType = "message/sipfrag;version=2.0";

    /// <summary>A new top Via for a request in <paramref name="dialog"/>, on the dialog's transport.</summary>
    private string NewVia(SipDialog dialog) => ViaFor(TransportFor(dialog), SipIdentifiers.NewBranch());

    private void HandleInDialog(SipRequest request, IPEndPoint destination, string localTag)
    {
        var remoteTag = request.From?.Tag ?? "";
        var key = SipDialog.DialogKey(request.CallId!, localTag, remoteTag);
        if (request.Method == SipMethods.Prack && _reliableProvisionals.TryGetValue(key, out var early))
        {
            HandlePrack(request, destination, early);
            return;
        }

        if (!_dialogs.TryGetValue(key, out var dialog))
        {
            Respond(request, destination, 481, null);
            return;
        }

        var cseq = request.CSeq!.Value.Number;
        // §12.2.2: a request with a lower CSeq than the last one is out of order: 500.
        if (dialog.RemoteSeq is { } last && cseq < last)
        {
            Respond(request, destination, 500, "CSeq out of order");
            return;
        }

        dialog.RemoteSeq = cseq;
        switch (request.Method)
        {
            case SipMethods.Bye:
                RespondNonInvite(request, destination, CreateResponse(request, 200, null, null));
                if (dialog.MarkEnded(new DialogEnd(DialogEndReason.RemoteBye, _time.GetTimestamp())))
                {
                    RemoveDialog(dialog);
                }

                break;
            case SipMethods.Invite:
                HandleReInvite(dialog, request, destination);
                break;
            case SipMethods.Update:
                HandleUpdate(dialog, request, destination);
                break;
            case SipMethods.Info:
                HandleInfo(dialog, request, destination);
                break;
            case SipMethods.Refer:
                HandleRefer(dialog, request, destination);
                break;
            case SipMethods.Notify:
                HandleNotify(dialog, request, destination);
                break;
            case SipMethods.Options:
                var ok = CreateResponse(request, 200, null, null);
                ok.Headers.Add(HeaderNames.Allow, SipMethods.Allowed);
                ok.Headers.Add(HeaderNames.Supported, SupportedOptionTags);
                RespondNonInvite(request, destination, ok);
                dialog.RaiseRequest(new DialogRequestEvent(request.Method, _time.GetTimestamp(), null));
                break;
            case SipMethods.Prack:
                // A PRACK for a provisional we no longer track (the call is answered): nothing to acknowledge.
                Respond(request, destination, 481, "No reliable provisional response pending");
                break;
            default:
                var notAllowed = CreateResponse(request, 405, null, null);
                notAllowed.Headers.Add(HeaderNames.Allow, SipMethods.Allowed);
                RespondNonInvite(request, destination, notAllowed);
                break;
        }
    }

    /// <summary>
    /// A re-INVITE (§14.2): glare with our own pending offer is 491; an offer goes to the application; an INVITE
    /// without SDP gets our current session as the offer. It also refreshes the session timer (RFC 4028 §9).
    /// </summary>
    private void HandleReInvite(SipDialog dialog, SipRequest request, IPEndPoint destination)
    {
        var tx = NewServerInvite(request, destination);
        if (Volatile.Read(ref dialog.OfferInProgress) != 0)
        {
            tx.SendResponse(CreateResponse(request, 491, null, null));
            return;
        }

        var offer = request.Body.IsEmpty ? null : request.BodyText;
        var response = AnswerSessionChange(dialog, request, destination, offer, dialog.LocalSdp);
        if (!response.IsSuccess)
        {
            // §14.2: a rejected re-INVITE leaves the session as it was; the dialog goes on.
            tx.SendResponse(response);
            return;
        }

        // Raised before the 2xx leaves, so that whoever sees the answer may rely on the event having happened.
        dialog.RaiseRequest(new DialogRequestEvent(SipMethods.Invite, _time.GetTimestamp(), offer is null ? "re-INVITE without offer" : "re-INVITE with offer"));
        tx.SendResponse(response);
        StartSuccessRetransmission(dialog, response, destination);
    }

    /// <summary>UPDATE (RFC 3311 §5.2): an offer answered in its 2xx, or, without a body, a session refresh.</summary>
    private void HandleUpdate(SipDialog dialog, SipRequest request, IPEndPoint destination)
    {
        var offer = request.Body.IsEmpty ? null : request.BodyText;
        if (offer is not null && Volatile.Read(ref dialog.OfferInProgress) != 0)
        {
            // RFC 3311 §5.2: an UPDATE offer while ours is outstanding is glare: 491.
            RespondNonInvite(request, destination, CreateResponse(request, 491, null, null));
            return;
        }

        var response = AnswerSessionChange(dialog, request, destination, offer, null);
        if (!response.IsSuccess)
        {
            RespondNonInvite(request, destination, response);
            return;
        }

        dialog.RaiseRequest(new DialogRequestEvent(SipMethods.Update, _time.GetTimestamp(), offer is null ? "session refresh" : "UPDATE with offer"));
        RespondNonInvite(request, destination, response);
    }

    /// <summary>
    /// The final response to a re-INVITE or UPDATE: the application's answer to the offer (RFC 3264 §8) in a 2xx with our
    /// Contact and the session timer settled (RFC 4028 §9), or its rejection. Without an offer the 2xx carries
    /// <paramref name="sdpWithoutOffer"/> (a re-INVITE's offer of our current session), if any.
    /// </summary>
    private SipResponse AnswerSessionChange(SipDialog dialog, SipRequest request, IPEndPoint destination, string? offer, string? sdpWithoutOffer)
    {
        var answer = offer is null ? OfferAnswer.Accept(sdpWithoutOffer ?? "") : AnswerOffer(dialog, offer);
        if (!answer.Accepted)
        {
            return CreateResponse(request, answer.RejectStatus, answer.RejectReason, null);
        }

        var ok = CreateResponse(request, 200, null, null);
        ok.Headers.Add(HeaderNames.Contact, $"<{ContactFor(TransportFor(request, destination))}>");
        ok.Headers.Add(HeaderNames.Allow, SipMethods.Allowed);
        ok.Headers.Add(HeaderNames.Supported, SupportedOptionTags);
        AnswerSessionTimer(dialog, request, ok, countRefresh: true);
        if (answer.AnswerSdp is { Length: > 0 } sdp)
        {
            ok.Headers.Add(HeaderNames.ContentType, "application/sdp");
            ok.Body = Encoding.UTF8.GetBytes(sdp);
            if (offer is not null)
            {
                dialog.RemoteSdp = offer;
                dialog.LocalSdp = sdp;
            }
        }

        return ok;
    }

    private static OfferAnswer AnswerOffer(SipDialog dialog, string offer)
    {
        if (dialog.OfferReceived is not { } handler)
        {
            return OfferAnswer.Accept(dialog.LocalSdp ?? "");
        }

        try
        {
            return handler(offer);
        }
        catch (FormatException ex)
        {
            return OfferAnswer.Reject(488, $"Not Acceptable Here - {ex.Message}");
        }
    }

    private void HandleInfo(SipDialog dialog, SipRequest request, IPEndPoint destination)
    {
        var now = _time.GetTimestamp();
        if (request.Body.IsEmpty)
        {
            // An empty INFO is a keep-alive some PBXs send (RFC 6086 §4.2.2 lets a UA answer it 200).
            RespondNonInvite(request, destination, CreateResponse(request, 200, null, null));
            return;
        }

        if (InfoDtmfBody.TryParse(request.ContentType, request.BodyText, out var digit, out var duration))
        {
            RespondNonInvite(request, destination, CreateResponse(request, 200, null, null));
            dialog.RaiseInfoDtmf(new InfoDtmf(digit, duration, now));
            dialog.RaiseRequest(new DialogRequestEvent(SipMethods.Info, now, $"DTMF {digit}"));
            return;
        }

        var unsupported = CreateResponse(request, 415, null, null);
        unsupported.Headers.Add(HeaderNames.Accept, $"{InfoDtmfBody.RelayContentType}, {InfoDtmfBody.PlainContentType}");
        RespondNonInvite(request, destination, unsupported);
    }

    /// <summary>
    /// REFER (RFC 3515 §2.4.2): 202 at once, then a NOTIFY with "100 Trying", the transfer by the application, and a
    /// final NOTIFY with its status that ends the implicit subscription.
    /// </summary>
    private void HandleRefer(SipDialog dialog, SipRequest request, IPEndPoint destination)
    {
        var referTo = request.Headers["Refer-To"];
        var now = _time.GetTimestamp();
        if (referTo is null)
        {
            // §2.4.1: exactly one Refer-To, a URI we can read.
            RespondNonInvite(request, destination, CreateResponse(request, 400, "Bad Request - Refer-To missing", null));
            return;
        }

        if (!NameAddress.TryParse(referTo, out var target, out var error))
        {
            RespondNonInvite(request, destination, CreateResponse(request, 400, $"Bad Request - Refer-To: {Sanitize(error)}", null));
            return;
        }

        dialog.RaiseRequest(new DialogRequestEvent(SipMethods.Refer, now, target.Uri.ToString()));
        if (dialog.TransferRequested is not { } handler)
        {
            RespondNonInvite(request, destination, CreateResponse(request, 603, "Decline - transfer not followed", null));
            return;
        }

        RespondNonInvite(request, destination, CreateResponse(request, 202, null, null));
        var transfer = new TransferRequest(target.Uri, referTo, request.Headers["Referred-By"], now);
        _ = Task.Run(async () =>
        {
            await SendReferNotifyAsync(dialog, 100, "Trying", terminated: false).ConfigureAwait(false);
            int status;
            try
            {
                status = await handler(transfer).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                SipLog.ReceiverFailed(_logger, destination, ex);
                status = 503;
            }

            await SendReferNotifyAsync(dialog, status is >= 100 and < 700 ? status : 503, null, terminated: true).ConfigureAwait(false);
        });
    }

    private async Task SendReferNotifyAsync(SipDialog dialog, int status, string? reason, bool terminated)
    {
        if (dialog.IsEnded)
        {
            return;
        }

        var fragment = $"SIP/2.0 {status.ToString(CultureInfo.InvariantCulture)} {reason ?? ReasonPhrases.For(status)}\r\n";
        try
        {
            await SendInDialogAsync(dialog, SipMethods.Notify, r =>
            {
                r.Headers.Add("Event", ReferEvent);
                // §2.4.5: the subscription ends with the final status of the transfer.
                r.Headers.Add("Subscription-State", terminated ? "terminated;reason=noresource" : "active;expires=60");
                r.Headers.Add(HeaderNames.ContentType, SipFragContentType);
                r.Body = Encoding.UTF8.GetBytes(fragment);
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the dialog ended while the NOTIFY was under way
        }
    }

    /// <summary>A NOTIFY of the refer event package: the progress of a transfer we asked for (RFC 3515 §2.4.5).</summary>
    private void HandleNotify(SipDialog dialog, SipRequest request, IPEndPoint destination)
    {
        var eventName = request.Headers["Event"]?.Split(';')[0].Trim();
        if (!string.Equals(eventName, ReferEvent, StringComparison.OrdinalIgnoreCase) || dialog.PendingRefer is not { } pending)
        {
            // RFC 6665 §4.1.3: a NOTIFY for a subscription we do not have is 481.
            RespondNonInvite(request, destination, CreateResponse(request, 481, "Subscription does not exist", null));
            return;
        }

        RespondNonInvite(request, destination, CreateResponse(request, 200, null, null));
        var status = SipFragStatus(request.BodyText);
        dialog.RaiseRequest(new DialogRequestEvent(SipMethods.Notify, _time.GetTimestamp(), status is { } s ? $"transfer status {s}" : null));
        var terminated = request.Headers["Subscription-State"]?.TrimStart().StartsWith("terminated", StringComparison.OrdinalIgnoreCase) == true;
        if (status is >= 200 || terminated)
        {
            pending.TrySetResult(status ?? 0);
        }
    }

    /// <summary>The status code of a message/sipfrag body's status line ("SIP/2.0 200 OK"), when it has one.</summary>
    internal static int? SipFragStatus(string body)
    {
        var line = body.AsSpan().TrimStart();
        var end = line.IndexOfAny('\r', '\n');
        if (end >= 0)
        {
            line = line[..end];
        }

        if (!line.StartsWith("SIP/2.0 ", StringComparison.OrdinalIgnoreCase) || line.Length < 11)
        {
            return null;
        }

        return int.TryParse(line.Slice(8, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
    }

    /// <summary>
    /// RFC 4028 §9: a refresh request or the session's INVITE gets our Session-Expires in its 2xx, with the
    /// refresher settled: the one the request asked for, else the requester when it supports the timer, else us.
    /// </summary>
    internal void AnswerSessionTimer(SipDialog dialog, SipRequest request, SipResponse ok, bool countRefresh)
    {
        if (!SessionExpires.TryParse(request.Headers[SessionExpires.HeaderName], out var asked) && dialog.SessionTimer is null)
        {
            return;
        }

        var seconds = asked?.Seconds ?? (int)dialog.SessionTimer!.Interval.TotalSeconds;
        var requesterSupports = HasOptionTag(request, HeaderNames.Supported, SessionExpires.OptionTag);
        var refresher = asked?.Refresher ?? (requesterSupports ? "uac" : "uas");
        var value = new SessionExpires(seconds, refresher);
        ok.Headers.Add(SessionExpires.HeaderName, value.ToString());
        if (refresher == "uac")
        {
            // §9: a UAS that makes the UAC the refresher requires it to understand the timer.
            ok.Headers.Add(HeaderNames.Require, SessionExpires.OptionTag);
        }

        StartOrRestartSessionTimer(dialog, TimeSpan.FromSeconds(seconds), weRefresh: refresher == "uas");
        if (countRefresh)
        {
            dialog.CountRefresh();
        }
    }

    /// <summary>Runs the dialog's RFC 4028 timer; the refresh is an UPDATE when the peer allows it, else a re-INVITE.</summary>
    internal void StartOrRestartSessionTimer(SipDialog dialog, TimeSpan interval, bool weRefresh)
    {
        if (dialog.SessionTimer is null)
        {
            var timer = new SessionTimer(
                _time,
                () => RefreshSessionAsync(dialog),
                () =>
                {
                    SipLog.SessionExpired(_logger, dialog.CallId);
                    _ = SendByeAsync(dialog, DialogEndReason.SessionExpired, CancellationToken.None);
                });
            dialog.SessionTimer = timer;
            _ = dialog.Ended.ContinueWith(_ => timer.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        dialog.SessionTimer.Restart(interval, weRefresh);
    }

    private async Task RefreshSessionAsync(SipDialog dialog)
    {
        if (dialog.IsEnded)
        {
            return;
        }

        // RFC 4028 §7.4: UPDATE is preferred for a refresh as it needs no new offer; re-INVITE otherwise.
        var result = dialog.PeerAllows.Contains(SipMethods.Update)
            ? await SendUpdateAsync(dialog, null, refresh: true, CancellationToken.None).ConfigureAwait(false)
            : await SendReInviteAsync(dialog, dialog.LocalSdp, refresh: true, CancellationToken.None).ConfigureAwait(false);
        if (!result.Succeeded && !dialog.IsEnded && result.Status != 491)
        {
            // §10: a refresh that fails ends the session rather than leave media running unrefreshed.
            SipLog.SessionExpired(_logger, dialog.CallId);
            await SendByeAsync(dialog, DialogEndReason.SessionExpired, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>After a 2xx to our INVITE, re-INVITE or UPDATE: the session timer the peer agreed to, if any.</summary>
    private void ApplySessionExpires(SipDialog dialog, SipResponse ok)
    {
        if (!ok.HasHeader(SessionExpires.HeaderName) || !SessionExpires.TryParse(ok.Headers[SessionExpires.HeaderName], out var value))
        {
            return;
        }

        // §7.2: the 2xx names the refresher; one that names none leaves the refreshing to us (we asked).
        StartOrRestartSessionTimer(dialog, TimeSpan.FromSeconds(Math.Max(value.Value.Seconds, SessionExpires.MinimumSeconds)), value.Value.Refresher != "uas");
        dialog.CountRefresh();
    }

    internal static bool HasOptionTag(SipMessage message, string header, string tag) =>
        message.HasHeader(header) && message.Headers.GetValues(header).Any(v => v.Equals(tag, StringComparison.OrdinalIgnoreCase));

    internal static IReadOnlySet<string> AllowedMethods(SipMessage message) =>
        message.Headers.GetValues(HeaderNames.Allow).Select(m => m.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Sends a non-INVITE request in the dialog and returns its final response. §12.2.1.2: a 481 or 408, or no
    /// answer at all, means the peer has lost the dialog, which we then end with BYE.
    /// </summary>
    internal async Task<SipResponse?> SendInDialogAsync(SipDialog dialog, string method, Action<SipRequest>? fill, CancellationToken cancellationToken)
    {
        var request = dialog.CreateRequest(method, dialog.NextLocalSeq());
        request.Headers.AddFirst(HeaderNames.Via, NewVia(dialog));
        request.Headers.Add(HeaderNames.UserAgent, _options.Product);
        fill?.Invoke(request);
        _dialogAuthenticators.TryGetValue(dialog.Key, out var authenticator);
        var exchange = await SendAuthenticatedAsync(request, dialog.NextHop, authenticator, dialog.NextLocalSeq, cancellationToken).ConfigureAwait(false);
        var response = exchange.Response;
        if (response is null or { StatusCode: 408 or 481 } && !dialog.IsEnded)
        {
            _ = SendByeAsync(dialog, DialogEndReason.PeerLost, CancellationToken.None);
        }

        return response;
    }

    internal async Task<SessionChangeResult> SendUpdateAsync(SipDialog dialog, string? offerSdp, bool refresh, CancellationToken cancellationToken)
    {
        if (offerSdp is not null && Interlocked.CompareExchange(ref dialog.OfferInProgress, 1, 0) != 0)
        {
            return new SessionChangeResult(0, null, "an offer of ours is already outstanding in this dialog");
        }

        try
        {
            var response = await SendInDialogAsync(dialog, SipMethods.Update, r =>
            {
                r.Headers.Add(HeaderNames.Contact, $"<{ContactFor(TransportFor(dialog))}>");
                r.Headers.Add(HeaderNames.Supported, SupportedOptionTags);
                AddRefreshRequest(dialog, r, refresh);
                if (offerSdp is not null)
                {
                    r.Headers.Add(HeaderNames.ContentType, "application/sdp");
                    r.Body = Encoding.UTF8.GetBytes(offerSdp);
                }
            }, cancellationToken).ConfigureAwait(false);
            return Conclude(dialog, response, offerSdp, SipMethods.Update);
        }
        finally
        {
            if (offerSdp is not null)
            {
                Volatile.Write(ref dialog.OfferInProgress, 0);
            }
        }
    }

    /// <summary>
    /// A re-INVITE of ours (§14.1): one at a time per dialog; 491 (glare) is retried once after the random wait
    /// §14.1 prescribes; the 2xx is ACKed by the core (§13.2.2.4), with our answer when it carried the offer.
    /// </summary>
    internal async Task<SessionChangeResult> SendReInviteAsync(SipDialog dialog, string? offerSdp, bool refresh, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref dialog.OfferInProgress, 1, 0) != 0)
        {
            return new SessionChangeResult(0, null, "a re-INVITE of ours is already in progress in this dialog");
        }

        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var result = await ReInviteOnceAsync(dialog, offerSdp, refresh, cancellationToken).ConfigureAwait(false);
                if (result.Status != 491 || attempt > 0 || dialog.IsEnded)
                {
                    return result;
                }

                // §14.1: the owner of the Call-ID (the UAC of the dialog) waits 2.1-4 s, the other side 0-2 s.
                var waitMs = dialog.IsUac ? Random.Shared.Next(2100, 4001) : Random.Shared.Next(0, 2001);
                await Task.Delay(TimeSpan.FromMilliseconds(waitMs), _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Volatile.Write(ref dialog.OfferInProgress, 0);
        }
    }

    private async Task<SessionChangeResult> ReInviteOnceAsync(SipDialog dialog, string? offerSdp, bool refresh, CancellationToken cancellationToken)
    {
        var invite = dialog.CreateRequest(SipMethods.Invite, dialog.NextLocalSeq());
        invite.Headers.AddFirst(HeaderNames.Via, NewVia(dialog));
        invite.Headers.Add(HeaderNames.Contact, $"<{ContactFor(TransportFor(dialog))}>");
        invite.Headers.Add(HeaderNames.Allow, SipMethods.Allowed);
        invite.Headers.Add(HeaderNames.Supported, SupportedOptionTags);
        invite.Headers.Add(HeaderNames.UserAgent, _options.Product);
        AddRefreshRequest(dialog, invite, refresh);
        if (offerSdp is not null)
        {
            invite.Headers.Add(HeaderNames.ContentType, "application/sdp");
            invite.Body = Encoding.UTF8.GetBytes(offerSdp);
        }

        _dialogAuthenticators.TryGetValue(dialog.Key, out var authenticator);
        for (var answered = 0; ; answered++)
        {
            var attempt = await RunInviteAsync(invite, dialog.NextHop, null, cancellationToken, cancellationToken).ConfigureAwait(false);
            if (attempt.Final is not { } final)
            {
                // Timer B: §12.2.1.2 treats it as 408, and the dialog is over.
                _ = SendByeAsync(dialog, DialogEndReason.PeerLost, CancellationToken.None);
                return new SessionChangeResult(0, null, "no response to the re-INVITE (Timer B)");
            }

            if (final.StatusCode is 401 or 407 && authenticator is not null)
            {
                var answer = authenticator.Answer(invite, final, answered);
                if (answer.Succeeded)
                {
                    invite = RetryOf(invite, dialog.NextLocalSeq(), answer.Headers);
                    continue;
                }
            }

            if (!final.IsSuccess)
            {
                return Conclude(dialog, final, offerSdp, SipMethods.Invite);
            }

            // §13.2.2.4: ACK with the INVITE's CSeq number; an offer in the 2xx (we sent none) is answered in the ACK.
            var seq = invite.CSeq!.Value.Number;
            var ack = dialog.CreateRequest(SipMethods.Ack, seq);
            ack.Headers.AddFirst(HeaderNames.Via, NewVia(dialog));
            string? answerInAck = null;
            if (offerSdp is null && !final.Body.IsEmpty)
            {
                var reply = AnswerOffer(dialog, final.BodyText);
                answerInAck = reply.AnswerSdp ?? dialog.LocalSdp;
                if (answerInAck is not null)
                {
                    ack.Headers.Add(HeaderNames.ContentType, "application/sdp");
                    ack.Body = Encoding.UTF8.GetBytes(answerInAck);
                }
            }

            var ackBytes = ack.ToBytes();
            _ackForDialog[dialog.Key] = new SentAck(seq, ackBytes);
            Send(ackBytes, dialog.NextHop, TransportFor(dialog));
            if (answerInAck is not null)
            {
                dialog.RemoteSdp = final.BodyText;
                dialog.LocalSdp = answerInAck;
            }

            return Conclude(dialog, final, offerSdp, SipMethods.Invite);
        }
    }

    /// <summary>RFC 4028 §7.4: a refresh request restates the interval, naming us (its UAC) as the refresher.</summary>
    private static void AddRefreshRequest(SipDialog dialog, SipRequest request, bool refresh)
    {
        if (dialog.SessionTimer is { } timer)
        {
            var refresher = refresh || timer.WeRefresh ? "uac" : "uas";
            request.Headers.Add(SessionExpires.HeaderName, new SessionExpires((int)timer.Interval.TotalSeconds, refresher).ToString());
        }
    }

    private SessionChangeResult Conclude(SipDialog dialog, SipResponse? response, string? offerSdp, string method)
    {
        if (response is null)
        {
            return new SessionChangeResult(0, null, $"no response to {method}");
        }

        if (!response.IsSuccess)
        {
            // §14.1: a non-2xx leaves the session as it was before the request.
            return new SessionChangeResult(response.StatusCode, null, $"{response.StatusCode} {response.ReasonPhrase}");
        }

        ApplySessionExpires(dialog, response);
        string? answer = null;
        if (offerSdp is not null && !response.Body.IsEmpty)
        {
            answer = response.BodyText;
            dialog.LocalSdp = offerSdp;
            dialog.RemoteSdp = answer;
        }

        return new SessionChangeResult(response.StatusCode, answer, null);
    }

    internal async Task<int> SendInfoDtmfAsync(SipDialog dialog, char digit, int durationMs, CancellationToken cancellationToken)
    {
        digit = char.ToUpperInvariant(digit);
        if (!InfoDtmfBody.IsDigit(digit))
        {
            throw new ArgumentOutOfRangeException(nameof(digit), digit, "DTMF digits are 0-9, *, # and A-D");
        }

        var response = await SendInDialogAsync(dialog, SipMethods.Info, r =>
        {
            r.Headers.Add(HeaderNames.ContentType, InfoDtmfBody.RelayContentType);
            r.Body = Encoding.UTF8.GetBytes(InfoDtmfBody.Format(digit, durationMs));
        }, cancellationToken).ConfigureAwait(false);
        return response?.StatusCode ?? 0;
    }

    internal async Task<ReferResult> SendReferAsync(SipDialog dialog, SipUri target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pending = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        dialog.PendingRefer = pending;
        var response = await SendInDialogAsync(dialog, SipMethods.Refer, r =>
        {
            r.Headers.Add(HeaderNames.Contact, $"<{ContactFor(TransportFor(dialog))}>");
            r.Headers.Add("Refer-To", $"<{target}>");
            r.Headers.Add("Referred-By", $"<{dialog.Local.Uri}>");
        }, cancellationToken).ConfigureAwait(false);
        if (response is not { StatusCode: >= 200 and < 300 })
        {
            dialog.PendingRefer = null;
            return new ReferResult(response?.StatusCode ?? 0, 0, response is null ? "no response to REFER" : $"REFER refused: {response.StatusCode} {response.ReasonPhrase}");
        }

        try
        {
            var status = await pending.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
            return new ReferResult(response.StatusCode, status, status is >= 200 and < 300 ? null : $"transfer failed: {status}");
        }
        catch (TimeoutException)
        {
            return new ReferResult(response.StatusCode, 0, $"no final NOTIFY within {timeout.TotalSeconds:0} s");
        }
        finally
        {
            dialog.PendingRefer = null;
        }
    }
}
