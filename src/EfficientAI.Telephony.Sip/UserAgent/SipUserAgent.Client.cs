using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EfficientAI.Telephony.Sip.Authentication;
using EfficientAI.Telephony.Sip.Dialogs;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Registration;
using EfficientAI.Telephony.Sip.Transactions;
using EfficientAI.Telephony.Sip.Transport;

namespace EfficientAI.Telephony.Sip.UserAgent;

/// <summary>
/// The UAC half of the core: INVITE, ACK, CANCEL and BYE out (RFC 3261 §8.1, §9.1, §13.2, §15.1.1), and requests
/// re-sent with digest credentials after a 401/407 (§22.2, §22.3).
/// </summary>
public sealed partial class SipUserAgent
{
    private readonly ConcurrentDictionary<string, DigestAuthenticator> _dialogAuthenticators = new();

    /// <summary>
    /// The identity, credentials and outbound proxy used for calls that name no <see cref="InviteRequest.Account"/>
    /// (a trunk, a PBX account); null calls as ourselves, straight to the target.
    /// </summary>
    public SipAccount? Account { get; set; }

    /// <summary>
    /// Places a call: sends the INVITE, reports provisionals, ACKs a 2xx and returns the dialog, or returns why no
    /// dialog was established. A 401/407 is answered with digest credentials from the account (RFC 3261 §22.2) and
    /// the INVITE re-sent; a challenge the credentials cannot satisfy ends the attempt with
    /// <see cref="InviteFailure.AuthenticationFailed"/>. Cancelling <paramref name="cancellationToken"/> sends CANCEL (§9.1).
    /// </summary>
    public async Task<InviteResult> InviteAsync(InviteRequest call, CancellationToken cancellationToken = default)
    {
        var local = LocalEndPoint;
        var account = call.Account ?? Account;
        var callId = SipIdentifiers.NewCallId(local.Address.ToString());
        var firstHop = account?.OutboundProxy ?? call.Target;
        IPEndPoint destination;
        try
        {
            destination = await ResolveFirstHopAsync(firstHop, account, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            return new InviteResult(InviteFailure.Unreachable, 0, $"cannot resolve {firstHop.Host}: {ex.SocketErrorCode}", null, null, callId);
        }
        catch (SipTransportException ex)
        {
            return new InviteResult(InviteFailure.Unreachable, 0, ex.Message, null, null, callId) { Cause = ex.Message };
        }

        var fromUri = SipUri.Create(call.FromUser ?? account?.User ?? _options.UserName, account?.Domain ?? local.Address.ToString());
        var from = new NameAddress(fromUri, call.FromDisplayName ?? account?.DisplayName ?? _options.DisplayName);
        from.Tag = SipIdentifiers.NewTag();
        var invite = new SipRequest(SipMethods.Invite, call.Target);
        var transport = TransportFor(firstHop, account, destination);
        invite.Headers.Add(HeaderNames.Via, ViaFor(transport, SipIdentifiers.NewBranch()));
        AddPreloadedRoute(invite, account);
        invite.Headers.Add(HeaderNames.MaxForwards, "70");
        invite.Headers.Add(HeaderNames.From, from.ToString());
        invite.Headers.Add(HeaderNames.To, new NameAddress(call.Target.WithoutParameters()).ToString());
        invite.Headers.Add(HeaderNames.CallId, callId);
        invite.Headers.Add(HeaderNames.CSeq, new CSeqHeader(1, SipMethods.Invite).ToString());
        invite.Headers.Add(HeaderNames.Contact, $"<{ContactFor(transport)}>");
        invite.Headers.Add(HeaderNames.Allow, SipMethods.Allowed);
        // RFC 3262 and RFC 4028: we PRACK reliable provisionals and keep session timers, so we say so.
        invite.Headers.Add(HeaderNames.Supported, SupportedOptionTags);
        if (_options.SessionExpires is { } interval)
        {
            invite.Headers.Add(SessionExpires.HeaderName, ((int)interval.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        invite.Headers.Add(HeaderNames.UserAgent, _options.Product);
        invite.Headers.Add(HeaderNames.ContentType, "application/sdp");
        invite.Body = Encoding.UTF8.GetBytes(call.Sdp);

        var authenticator = account?.Credentials is { } credentials
            ? new DigestAuthenticator(credentials) { MaxChallengesPerRequest = call.MaxAuthenticationAttempts }
            : null;
        using var ringTimeout = new CancellationTokenSource(call.RingTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, ringTimeout.Token);
        var redirects = new List<SipUri>();
        var intervalRetried = false;
        for (var answered = 0; ; answered++)
        {
            var early = new EarlyState(invite.CSeq!.Value.Number);
            var attempt = await RunInviteAsync(invite, destination, call.OnProvisional, linked.Token, cancellationToken, early).ConfigureAwait(false);
            if (attempt.Ended is { } ended)
            {
                return ended with { CallId = callId, Redirects = redirects };
            }

            var final = attempt.Final!;
            if (final.StatusCode == 422 && !intervalRetried && !attempt.CancelSent
                && SessionExpires.ParseMinSe(final.Headers[SessionExpires.MinSeHeaderName]) is { } minSe)
            {
                // RFC 4028 §7.3 (422 Session Interval Too Small): retry once with the interval the server asked for.
                intervalRetried = true;
                invite = RetryOf(invite, invite.CSeq!.Value.Number + 1, []);
                invite.Headers.Set(SessionExpires.HeaderName, minSe.ToString(System.Globalization.CultureInfo.InvariantCulture));
                invite.Headers.Set(SessionExpires.MinSeHeaderName, minSe.ToString(System.Globalization.CultureInfo.InvariantCulture));
                continue;
            }

            if (final.StatusCode is >= 300 and < 400 && !attempt.CancelSent && redirects.Count < call.MaxRedirects
                && NextRedirectTarget(final, call.Target, redirects) is { } redirectTo)
            {
                // §8.1.3.4: a redirection is a new request to the Contact (best q first), same Call-ID, From and To,
                // CSeq + 1 and a new branch; the target is resolved again unless an outbound proxy carries everything.
                redirects.Add(redirectTo);
                SipLog.Redirected(_logger, callId, final.StatusCode, redirectTo.ToString());
                invite = RetryOf(invite, invite.CSeq!.Value.Number + 1, []);
                invite.RequestUri = redirectTo;
                if (account?.OutboundProxy is null)
                {
                    try
                    {
                        destination = await ResolveFirstHopAsync(redirectTo, account, cancellationToken).ConfigureAwait(false);
                        invite.Headers.ReplaceFirstValue(HeaderNames.Via, ViaFor(TransportFor(redirectTo, account, destination), SipIdentifiers.NewBranch()));
                    }
                    catch (SocketException ex)
                    {
                        return new InviteResult(InviteFailure.Unreachable, final.StatusCode, $"cannot resolve redirect target {redirectTo.Host}: {ex.SocketErrorCode}", final, null, callId) { Redirects = redirects };
                    }
                    catch (SipTransportException ex)
                    {
                        return new InviteResult(InviteFailure.Unreachable, final.StatusCode, ex.Message, final, null, callId) { Cause = ex.Message, Redirects = redirects };
                    }
                }

                continue;
            }
            if (final.StatusCode is 401 or 407 && !attempt.CancelSent)
            {
                // RFC 3261 §22.2: re-originate the request with credentials — same Call-ID, From tag and To, CSeq + 1,
                // a new branch (§8.1.3.5); the 4xx itself was ACKed by the transaction (§17.1.1.3).
                if (authenticator is null)
                {
                    var realm = DigestChallenge.FromResponse(final).FirstOrDefault()?.Realm ?? "(none)";
                    return new InviteResult(InviteFailure.AuthenticationFailed, final.StatusCode, final.ReasonPhrase, final, null, callId)
                    {
                        Cause = $"authentication required: {final.StatusCode} for realm \"{realm}\" and no credentials configured",
                        Redirects = redirects,
                    };
                }

                var answer = authenticator.Answer(invite, final, answered);
                if (!answer.Succeeded)
                {
                    AuthenticationLog.Failed(_logger, callId, answer.Failure!);
                    return new InviteResult(InviteFailure.AuthenticationFailed, final.StatusCode, final.ReasonPhrase, final, null, callId) { Cause = answer.Failure, Redirects = redirects };
                }

                invite = RetryOf(invite, invite.CSeq!.Value.Number + 1, answer.Headers);
                continue;
            }

            if (final.IsSuccess)
            {
                var dialog = CreateUacDialog(invite, final, destination, early.LocalSeq, call.OnDialog);
                dialog.LocalSdp = call.Sdp;
                dialog.RemoteSdp = final.Body.IsEmpty ? null : final.BodyText;
                if (authenticator is not null)
                {
                    // In-dialog requests (BYE) may be challenged too; they answer with the same credentials.
                    _dialogAuthenticators[dialog.Key] = authenticator;
                    _ = dialog.Ended.ContinueWith(_ => _dialogAuthenticators.TryRemove(dialog.Key, out DigestAuthenticator? _), CancellationToken.None,
                        TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }

                if (attempt.CancelSent)
                {
                    // §9.1: the 2xx crossed our CANCEL; the call is established and must be ended with BYE.
                    await SendByeAsync(dialog, DialogEndReason.LocalBye, CancellationToken.None).ConfigureAwait(false);
                    return new InviteResult(attempt.FailureIfCancelled, final.StatusCode, final.ReasonPhrase, final, null, callId) { Redirects = redirects };
                }

                return new InviteResult(InviteFailure.None, final.StatusCode, final.ReasonPhrase, final, dialog, callId) { Redirects = redirects };
            }

            var failure = attempt.CancelSent && final.StatusCode == 487 ? attempt.FailureIfCancelled : InviteFailure.Rejected;
            return new InviteResult(failure, final.StatusCode, final.ReasonPhrase, final, null, callId) { Redirects = redirects };
        }
    }

    /// <summary>
    /// One INVITE client transaction: waits for its final response, sending CANCEL when <paramref name="ringToken"/>
    /// fires. Returns the final response, or a result when none came.
    /// </summary>
    private async Task<InviteAttempt> RunInviteAsync(SipRequest invite, IPEndPoint destination, Action<SipResponse>? onProvisional, CancellationToken ringToken, CancellationToken callerToken, EarlyState? early = null)
    {
        var outgoing = new OutgoingInvite(onProvisional, early is null ? null : r => AcceptProvisional(invite, destination, early, r));
        var tx = new ClientInviteTransaction(invite, destination, SendingTransport(invite, destination), _options.Timers, _time, outgoing);
        tx.Terminated += t =>
        {
            _clientInvites.TryRemove(t.Key, out _);
            t.Dispose();
        };
        _clientInvites[tx.Key] = tx;
        tx.Start();

        var cancelSent = false;
        var failureIfCancelled = InviteFailure.Cancelled;
        while (true)
        {
            try
            {
                // §9.1: once CANCEL is sent, a final response (487) is awaited for 64*T1 at most.
                var final = cancelSent
                    ? await outgoing.Final.WaitAsync(_options.Timers.TransactionTimeout, _time, CancellationToken.None).ConfigureAwait(false)
                    : await outgoing.Final.WaitAsync(ringToken).ConfigureAwait(false);
                return new InviteAttempt(final, cancelSent, failureIfCancelled, null);
            }
            catch (OperationCanceledException) when (!cancelSent)
            {
                failureIfCancelled = callerToken.IsCancellationRequested ? InviteFailure.Cancelled : InviteFailure.NoAnswer;
                // §9.1: a CANCEL may only follow a provisional response; wait for one (or the final) first.
                await Task.WhenAny(outgoing.FirstProvisional, outgoing.Final).ConfigureAwait(false);
                if (!outgoing.Final.IsCompleted)
                {
                    SendCancel(invite, destination);
                }

                cancelSent = true;
            }
            catch (TimeoutException) when (cancelSent)
            {
                if (_clientInvites.TryRemove(tx.Key, out var abandoned))
                {
                    abandoned.Dispose();
                }

                return new InviteAttempt(null, true, failureIfCancelled,
                    new InviteResult(failureIfCancelled, 0, "no final response within 64*T1 of CANCEL", null, null, ""));
            }
            catch (TimeoutException)
            {
                return new InviteAttempt(null, false, failureIfCancelled,
                    new InviteResult(InviteFailure.Timeout, 408, "no response to INVITE (Timer B)", null, null, ""));
            }
        }
    }

    /// <summary>The outcome of one INVITE transaction: a final response, or the result that ends the call without one.</summary>
    private readonly record struct InviteAttempt(SipResponse? Final, bool CancelSent, InviteFailure FailureIfCancelled, InviteResult? Ended);

    /// <summary>
    /// Sends an out-of-dialog request (REGISTER, OPTIONS…) for an account: through its outbound proxy when it has one,
    /// with a fresh Via, answering 401/407 challenges with its credentials.
    /// </summary>
    internal async Task<AuthenticatedExchange> SendForAccountAsync(SipRequest request, SipAccount? account, DigestAuthenticator? authenticator, CancellationToken cancellationToken)
    {
        var firstHop = account?.OutboundProxy ?? request.RequestUri;
        var destination = await ResolveFirstHopAsync(firstHop, account, cancellationToken).ConfigureAwait(false);
        request.Headers.AddFirst(HeaderNames.Via, ViaFor(TransportFor(firstHop, account, destination), SipIdentifiers.NewBranch()));
        AddPreloadedRoute(request, account);
        return await SendAuthenticatedAsync(request, destination, authenticator, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a non-INVITE request and answers each 401/407 with credentials in a new request (CSeq from
    /// <paramref name="nextSeq"/>, else + 1; a new branch), until a response that is not a challenge, or the
    /// authenticator gives up.
    /// </summary>
    internal async Task<AuthenticatedExchange> SendAuthenticatedAsync(SipRequest request, IPEndPoint destination, DigestAuthenticator? authenticator, Func<uint>? nextSeq, CancellationToken cancellationToken)
    {
        for (var answered = 0; ; answered++)
        {
            var response = await SendNonInviteAsync(request, destination, cancellationToken).ConfigureAwait(false);
            if (response is not { StatusCode: 401 or 407 } || authenticator is null)
            {
                return new AuthenticatedExchange(request, response, null);
            }

            var answer = authenticator.Answer(request, response, answered);
            if (!answer.Succeeded)
            {
                AuthenticationLog.Failed(_logger, request.CallId ?? "", answer.Failure!);
                return new AuthenticatedExchange(request, response, answer.Failure);
            }

            request = RetryOf(request, nextSeq?.Invoke() ?? request.CSeq!.Value.Number + 1, answer.Headers);
        }
    }

    /// <summary>A copy of <paramref name="request"/> to re-send after a challenge: new top Via branch, new CSeq, credentials.</summary>
    private SipRequest RetryOf(SipRequest request, uint cseq, IReadOnlyList<SipHeader> credentials)
    {
        var retry = new SipRequest(request.Method, request.RequestUri) { Headers = request.Headers.Clone(), Body = request.Body };
        retry.Headers.ReplaceFirstValue(HeaderNames.Via, ViaFor(TransportFor(request), SipIdentifiers.NewBranch()));
        retry.Headers.Set(HeaderNames.CSeq, new CSeqHeader(cseq, request.Method).ToString());
        DigestAuthenticator.Apply(retry, credentials);
        return retry;
    }

    private static void AddPreloadedRoute(SipRequest request, SipAccount? account)
    {
        if (account?.OutboundProxy is not { } proxy)
        {
            return;
        }

        // §8.1.2: a UA configured with an outbound proxy puts it in a pre-existing route set, with lr (§19.1.1)
        // so the proxy routes on the Request-URI instead of rewriting it.
        var route = SipUri.Parse(proxy.ToString());
        route.Parameters.Set("lr", null);
        request.Headers.Add(HeaderNames.Route, $"<{route}>");
    }

    private void SendCancel(SipRequest invite, IPEndPoint destination)
    {
        // §9.1: same Request-URI, Call-ID, To, From, CSeq number and top Via as the INVITE.
        var cancel = InviteDerivedRequest.Create(invite, SipMethods.Cancel, invite.Headers[HeaderNames.To]!);
        _ = SendNonInviteAsync(cancel, destination, CancellationToken.None);
    }

    private SipDialog CreateUacDialog(SipRequest invite, SipResponse ok, IPEndPoint requestDestination, uint localSeq, Action<SipDialog>? onDialog)
    {
        // §12.1.2: route set = Record-Route of the 2xx in reverse; remote target = its Contact.
        var routes = ok.RecordRoutes;
        routes.Reverse();
        var remoteTarget = ok.Contact?.Uri ?? invite.RequestUri;
        var hopUri = routes.Count > 0 ? routes[0].Uri : remoteTarget;
        var hop = IPAddress.TryParse(hopUri.Host, out var ip) ? new IPEndPoint(ip, hopUri.Port ?? 5060) : requestDestination;
        var dialog = new SipDialog(this, isUac: true, invite.CallId!, invite.From!, ok.To!, remoteTarget, routes, localSeq, null, hop)
        {
            PeerAllows = AllowedMethods(ok),
        };
        dialog.Transport = DialogTransport(hopUri, invite);
        onDialog?.Invoke(dialog);
        _dialogs[dialog.Key] = dialog;

        // §13.2.2.4: the ACK of a 2xx is built by the core, with a new branch, the INVITE's CSeq number and no body.
        var ack = dialog.CreateRequest(SipMethods.Ack, invite.CSeq!.Value.Number);
        ack.Headers.AddFirst(HeaderNames.Via, ViaFor(TransportFor(dialog), SipIdentifiers.NewBranch()));
        var ackBytes = ack.ToBytes();
        _ackForDialog[dialog.Key] = new SentAck(invite.CSeq!.Value.Number, ackBytes);
        Send(ackBytes, hop, TransportFor(dialog));
        dialog.MarkConfirmed();
        ApplySessionExpires(dialog, ok);
        return dialog;
    }

    internal async Task<DialogEnd> SendByeAsync(SipDialog dialog, DialogEndReason reason, CancellationToken cancellationToken)
    {
        if (dialog.IsEnded)
        {
            return await dialog.Ended.ConfigureAwait(false);
        }

        var bye = dialog.CreateRequest(SipMethods.Bye, dialog.NextLocalSeq());
        bye.Headers.AddFirst(HeaderNames.Via, ViaFor(TransportFor(dialog), SipIdentifiers.NewBranch()));
        bye.Headers.Add(HeaderNames.UserAgent, _options.Product);
        var sentAt = _time.GetTimestamp();
        if (!dialog.MarkEnded(new DialogEnd(reason, sentAt)))
        {
            return await dialog.Ended.ConfigureAwait(false);
        }

        try
        {
            _dialogAuthenticators.TryGetValue(dialog.Key, out var authenticator);
            var exchange = await SendAuthenticatedAsync(bye, dialog.NextHop, authenticator, dialog.NextLocalSeq, cancellationToken).ConfigureAwait(false);
            return new DialogEnd(reason, sentAt, exchange.Response?.StatusCode);
        }
        finally
        {
            RemoveDialog(dialog);
        }
    }

    /// <summary>Sends a request in a non-INVITE client transaction; null when it timed out (Timer F).</summary>
    internal async Task<SipResponse?> SendNonInviteAsync(SipRequest request, IPEndPoint destination, CancellationToken cancellationToken)
    {
        var user = new FinalResponseWaiter();
        var tx = new ClientNonInviteTransaction(request, destination, SendingTransport(request, destination), _options.Timers, _time, user);
        tx.Terminated += t =>
        {
            _clientNonInvites.TryRemove(t.Key, out _);
            t.Dispose();
        };
        _clientNonInvites[tx.Key] = tx;
        tx.Start();
        try
        {
            return await user.Final.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// The redirect target of a 3xx (§8.1.3.4, §21.3): its Contact URIs by q, highest first, skipping targets already
    /// tried (a redirection loop) and schemes we cannot call.
    /// </summary>
    private static SipUri? NextRedirectTarget(SipResponse redirect, SipUri original, List<SipUri> tried)
    {
        var contacts = new List<(double Q, SipUri Uri)>();
        foreach (var value in redirect.Headers.GetValues(HeaderNames.Contact))
        {
            if (NameAddress.TryParse(value, out var address, out _) && address.Uri.IsSip)
            {
                var q = double.TryParse(address.Parameters.Get("q"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 1.0;
                contacts.Add((q, address.Uri));
            }
        }

        return contacts.OrderByDescending(c => c.Q).Select(c => c.Uri)
            .FirstOrDefault(u => u.ToString() != original.ToString() && tried.All(t => t.ToString() != u.ToString()));
    }

    /// <summary>Collects the responses of one outgoing INVITE for <see cref="InviteAsync"/>.</summary>
    private sealed class OutgoingInvite(Action<SipResponse>? onProvisional, Func<SipResponse, bool>? acceptProvisional) : IClientTransactionUser
    {
        private readonly TaskCompletionSource<SipResponse> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _provisional = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<SipResponse> Final => _final.Task;

        public Task FirstProvisional => _provisional.Task;

        public void OnResponse(SipResponse response)
        {
            if (response.IsProvisional)
            {
                if (acceptProvisional is not null && !acceptProvisional(response))
                {
                    return;
                }

                _provisional.TrySetResult();
                onProvisional?.Invoke(response);
                return;
            }

            // Retransmitted 2xx in the Accepted state reach here too; the dialog's ACK answers them (HandleResponse).
            _final.TrySetResult(response);
        }

        public void OnFailure(TransactionFailure failure) => _final.TrySetException(new TimeoutException($"INVITE transaction failed: {failure}"));
    }

    private sealed class FinalResponseWaiter : IClientTransactionUser
    {
        private readonly TaskCompletionSource<SipResponse> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<SipResponse> Final => _final.Task;

        public void OnResponse(SipResponse response)
        {
            if (!response.IsProvisional)
            {
                _final.TrySetResult(response);
            }
        }

        public void OnFailure(TransactionFailure failure) => _final.TrySetException(new TimeoutException($"transaction failed: {failure}"));
    }
}
