using System.Net;
using System.Net.Sockets;
using System.Text;
using EfficientAI.Telephony.Sip.Dialogs;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Transactions;

namespace EfficientAI.Telephony.Sip.UserAgent;

/// <summary>The UAC half of the core: INVITE, ACK, CANCEL and BYE out (RFC 3261 §8.1, §9.1, §13.2, §15.1.1).</summary>
public sealed partial class SipUserAgent
{
    /// <summary>
    /// Places a call: sends the INVITE, reports provisionals, ACKs a 2xx and returns the dialog, or returns why no
    /// dialog was established. Cancelling <paramref name="cancellationToken"/> sends CANCEL (§9.1).
    /// </summary>
    public async Task<InviteResult> InviteAsync(InviteRequest call, CancellationToken cancellationToken = default)
    {
        var local = LocalEndPoint;
        var callId = SipIdentifiers.NewCallId(local.Address.ToString());
        IPEndPoint destination;
        try
        {
            destination = await ResolveAsync(call.Target, local.AddressFamily, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            return new InviteResult(InviteFailure.Unreachable, 0, $"cannot resolve {call.Target.Host}: {ex.SocketErrorCode}", null, null, callId);
        }

        var from = new NameAddress(SipUri.Create(call.FromUser ?? _options.UserName, local.Address.ToString()), call.FromDisplayName ?? _options.DisplayName);
        from.Tag = SipIdentifiers.NewTag();
        var invite = new SipRequest(SipMethods.Invite, call.Target);
        invite.Headers.Add(HeaderNames.Via, SipMessageFactory.ViaFor(_transport.Protocol, local, SipIdentifiers.NewBranch()));
        invite.Headers.Add(HeaderNames.MaxForwards, "70");
        invite.Headers.Add(HeaderNames.From, from.ToString());
        invite.Headers.Add(HeaderNames.To, new NameAddress(call.Target.WithoutParameters()).ToString());
        invite.Headers.Add(HeaderNames.CallId, callId);
        invite.Headers.Add(HeaderNames.CSeq, new CSeqHeader(1, SipMethods.Invite).ToString());
        invite.Headers.Add(HeaderNames.Contact, $"<{ContactUri}>");
        invite.Headers.Add(HeaderNames.Allow, SipMethods.Allowed);
        invite.Headers.Add(HeaderNames.UserAgent, _options.Product);
        invite.Headers.Add(HeaderNames.ContentType, "application/sdp");
        invite.Body = Encoding.UTF8.GetBytes(call.Sdp);

        var outgoing = new OutgoingInvite(call.OnProvisional);
        var tx = new ClientInviteTransaction(invite, destination, _transport, _options.Timers, _time, outgoing);
        tx.Terminated += t =>
        {
            _clientInvites.TryRemove(t.Key, out _);
            t.Dispose();
        };
        _clientInvites[tx.Key] = tx;
        tx.Start();

        var cancelSent = false;
        var failureIfCancelled = InviteFailure.Cancelled;
        using var ringTimeout = new CancellationTokenSource(call.RingTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, ringTimeout.Token);
        SipResponse? final = null;
        while (final is null)
        {
            try
            {
                // §9.1: once CANCEL is sent, a final response (487) is awaited for 64*T1 at most.
                final = cancelSent
                    ? await outgoing.Final.WaitAsync(_options.Timers.TransactionTimeout, _time, CancellationToken.None).ConfigureAwait(false)
                    : await outgoing.Final.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancelSent)
            {
                failureIfCancelled = cancellationToken.IsCancellationRequested ? InviteFailure.Cancelled : InviteFailure.NoAnswer;
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

                return new InviteResult(failureIfCancelled, 0, "no final response within 64*T1 of CANCEL", null, null, callId);
            }
            catch (TimeoutException)
            {
                return new InviteResult(InviteFailure.Timeout, 408, "no response to INVITE (Timer B)", null, null, callId);
            }
        }

        if (final.IsSuccess)
        {
            var dialog = CreateUacDialog(invite, final, destination);
            dialog.LocalSdp = call.Sdp;
            dialog.RemoteSdp = final.Body.IsEmpty ? null : final.BodyText;
            if (cancelSent)
            {
                // §9.1: the 2xx crossed our CANCEL; the call is established and must be ended with BYE.
                await SendByeAsync(dialog, DialogEndReason.LocalBye, CancellationToken.None).ConfigureAwait(false);
                return new InviteResult(failureIfCancelled, final.StatusCode, final.ReasonPhrase, final, null, callId);
            }

            return new InviteResult(InviteFailure.None, final.StatusCode, final.ReasonPhrase, final, dialog, callId);
        }

        var failure = cancelSent && final.StatusCode == 487 ? failureIfCancelled : InviteFailure.Rejected;
        return new InviteResult(failure, final.StatusCode, final.ReasonPhrase, final, null, callId);
    }

    private void SendCancel(SipRequest invite, IPEndPoint destination)
    {
        // §9.1: same Request-URI, Call-ID, To, From, CSeq number and top Via as the INVITE.
        var cancel = new SipRequest(SipMethods.Cancel, invite.RequestUri);
        cancel.Headers.Add(HeaderNames.Via, invite.Headers.GetValues(HeaderNames.Via)[0]);
        foreach (var route in invite.Headers.GetLines(HeaderNames.Route))
        {
            cancel.Headers.Add(HeaderNames.Route, route);
        }

        cancel.Headers.Add(HeaderNames.MaxForwards, "70");
        cancel.Headers.Add(HeaderNames.From, invite.Headers[HeaderNames.From]!);
        cancel.Headers.Add(HeaderNames.To, invite.Headers[HeaderNames.To]!);
        cancel.Headers.Add(HeaderNames.CallId, invite.CallId!);
        cancel.Headers.Add(HeaderNames.CSeq, new CSeqHeader(invite.CSeq!.Value.Number, SipMethods.Cancel).ToString());
        _ = SendNonInviteAsync(cancel, destination, CancellationToken.None);
    }

    private SipDialog CreateUacDialog(SipRequest invite, SipResponse ok, IPEndPoint requestDestination)
    {
        // §12.1.2: route set = Record-Route of the 2xx in reverse; remote target = its Contact.
        var routes = ok.RecordRoutes;
        routes.Reverse();
        var remoteTarget = ok.Contact?.Uri ?? invite.RequestUri;
        var hopUri = routes.Count > 0 ? routes[0].Uri : remoteTarget;
        var hop = IPAddress.TryParse(hopUri.Host, out var ip) ? new IPEndPoint(ip, hopUri.Port ?? 5060) : requestDestination;
        var dialog = new SipDialog(this, isUac: true, invite.CallId!, invite.From!, ok.To!, remoteTarget, routes, invite.CSeq!.Value.Number, null, hop);
        _dialogs[dialog.Key] = dialog;

        // §13.2.2.4: the ACK of a 2xx is built by the core, with a new branch, the INVITE's CSeq number and no body.
        var ack = dialog.CreateRequest(SipMethods.Ack, invite.CSeq!.Value.Number);
        ack.Headers.AddFirst(HeaderNames.Via, SipMessageFactory.ViaFor(_transport.Protocol, LocalEndPoint, SipIdentifiers.NewBranch()));
        var ackBytes = ack.ToBytes();
        _ackForDialog[dialog.Key] = ackBytes;
        Send(ackBytes, hop);
        dialog.MarkConfirmed();
        return dialog;
    }

    internal async Task<DialogEnd> SendByeAsync(SipDialog dialog, DialogEndReason reason, CancellationToken cancellationToken)
    {
        if (dialog.IsEnded)
        {
            return await dialog.Ended.ConfigureAwait(false);
        }

        var bye = dialog.CreateRequest(SipMethods.Bye, dialog.NextLocalSeq());
        bye.Headers.AddFirst(HeaderNames.Via, SipMessageFactory.ViaFor(_transport.Protocol, LocalEndPoint, SipIdentifiers.NewBranch()));
        bye.Headers.Add(HeaderNames.UserAgent, _options.Product);
        var sentAt = _time.GetTimestamp();
        if (!dialog.MarkEnded(new DialogEnd(reason, sentAt)))
        {
            return await dialog.Ended.ConfigureAwait(false);
        }

        try
        {
            var response = await SendNonInviteAsync(bye, dialog.NextHop, cancellationToken).ConfigureAwait(false);
            return new DialogEnd(reason, sentAt, response?.StatusCode);
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
        var tx = new ClientNonInviteTransaction(request, destination, _transport, _options.Timers, _time, user);
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

    /// <summary>Collects the responses of one outgoing INVITE for <see cref="InviteAsync"/>.</summary>
    private sealed class OutgoingInvite(Action<SipResponse>? onProvisional) : IClientTransactionUser
    {
        private readonly TaskCompletionSource<SipResponse> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _provisional = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<SipResponse> Final => _final.Task;

        public Task FirstProvisional => _provisional.Task;

        public void OnResponse(SipResponse response)
        {
            if (response.IsProvisional)
            {
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
