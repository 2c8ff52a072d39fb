using System.Collections.Concurrent;
using EfficientAI.Telephony.Media.Sdp;
using EfficientAI.Telephony.Media.Sessions;
using EfficientAI.Telephony.Media.Srtp;
using EfficientAI.Telephony.Sip.Dialogs;
using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Calls;

/// <summary>
/// An established call: its SIP dialog and the RTP media session it negotiated. The session follows what the peer
/// does inside the dialog: a re-INVITE or UPDATE offer (hold, resume, a new address) is answered and applied to the
/// media, and a transfer (REFER) is followed when the caller side allows it — the call then goes on in the new
/// dialog, over the same RTP session, and <see cref="Dialog"/> is that new dialog.
/// </summary>
public sealed class CallSession : IAsyncDisposable
{
    private readonly ConcurrentQueue<CallSessionEvent> _events = new();
    private readonly IReadOnlyList<MediaFormat> _formats;
    private readonly ulong _sessionId;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<CallSession, TransferRequest, Task<TransferOutcome>>? _followTransfer;
    private readonly TaskCompletionSource<CallEnd> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<SipDialog> _dialogs = [];
    private readonly object _gate = new();
    private readonly string _callId;
    private SipDialog _dialog;
    private NegotiatedMedia _negotiated;
    private ulong _sdpVersion;
    // The transfer under way or done, and the dialog whose REFER asked for it.
    private (SipDialog From, Task<TransferOutcome> Outcome)? _transfer;
    private bool _onHold;
    private int _disposed;

    internal CallSession(SipDialog dialog, RtpMediaSession media, NegotiatedMedia negotiated, long answeredTimestamp, CallSessionContext context)
    {
        _dialog = dialog;
        _callId = dialog.CallId;
        Media = media;
        _negotiated = negotiated;
        AnsweredTimestamp = answeredTimestamp;
        _formats = context.Formats;
        _sessionId = context.SessionId;
        _sdpVersion = context.SdpVersion;
        _time = context.Time;
        _logger = context.Logger;
        _followTransfer = context.FollowTransfer;
        Attach(dialog);
    }

    /// <summary>The dialog the call is in now: the first one, or the one a followed transfer made.</summary>
    public SipDialog Dialog
    {
        get
        {
            lock (_gate)
            {
                return _dialog;
            }
        }
    }

    public RtpMediaSession Media { get; }

    public NegotiatedMedia Negotiated
    {
        get
        {
            lock (_gate)
            {
                return _negotiated;
            }
        }
    }

    /// <summary>The Call-ID of the first dialog: the call's identity in traces and reports, also after a transfer.</summary>
    public string CallId => _callId;

    /// <summary>When media started (the 2xx for a UAC, our 2xx for a UAS), on the TimeProvider clock.</summary>
    public long AnsweredTimestamp { get; }

    /// <summary>What happened in the call's dialogs, in order: hold/resume, refreshes, INFO DTMF, transfers.</summary>
    public IReadOnlyList<CallSessionEvent> Events => [.. _events];

    /// <summary>Where the agent transferred the call, when it did (the Refer-To target).</summary>
    public string? TransferTarget { get; private set; }

    /// <summary>Completes when the call is over: either side hung up, and no transfer is still being followed.</summary>
    public Task<CallEnd> Ended => _ended.Task;

    /// <summary>Hangs up with BYE (unless the peer already did) and stops the media.</summary>
    public async Task<CallEnd> HangUpAsync(CancellationToken cancellationToken = default)
    {
        await ByeAllAsync(cancellationToken).ConfigureAwait(false);
        await StopMediaAsync().ConfigureAwait(false);
        return await _ended.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Puts the peer on hold (a re-INVITE offering sendonly, RFC 3264 §8.4) or takes it off hold (sendrecv), and applies
    /// the answer to the media. A refused re-INVITE leaves the call as it was (RFC 3261 §14.1).
    /// </summary>
    public async Task<SessionChangeResult> HoldAsync(bool hold, CancellationToken cancellationToken = default)
    {
        ulong version;
        lock (_gate)
        {
            version = ++_sdpVersion;
        }

        // An SRTP call stays one: the re-INVITE carries fresh keys (RFC 4568 §7.1.4) and needs them answered.
        var srtp = Media.IsSecure ? SrtpMode.Require : SrtpMode.Off;
        var offer = SdesCrypto.CreateOffer(srtp, Media.LocalEndPoint, _formats, _sessionId, version, direction: hold ? MediaDirection.SendOnly : MediaDirection.SendRecv);
        var result = await Dialog.ReInviteAsync(offer.ToString(), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded || result.AnswerSdp is not { } text)
        {
            return result;
        }

        if (!CallDialer.TryReadAnswer(offer, text, srtp, out var negotiated, out var reason))
        {
            return result with { Cause = $"the answer to our re-INVITE: {reason}" };
        }

        Media.UpdateMedia(negotiated);
        lock (_gate)
        {
            _negotiated = negotiated;
            _onHold = false;
        }

        Record(hold ? "hold" : "resume", _time.GetTimestamp(), "by us");
        return result;
    }

    private void Attach(SipDialog dialog)
    {
        lock (_gate)
        {
            _dialogs.Add(dialog);
        }

        dialog.OfferReceived = AnswerOffer;
        dialog.InfoDtmfReceived += d => Record("dtmf-info", d.Timestamp, d.Digit.ToString());
        dialog.RequestReceived += e =>
        {
            if (e.Detail == "session refresh")
            {
                Record("session-refresh", e.Timestamp, e.Method);
            }
        };
        if (_followTransfer is not null)
        {
            dialog.TransferRequested = t => FollowTransferAsync(dialog, t);
        }

        _ = WatchAsync(dialog);
    }

    /// <summary>
    /// RFC 3264 §8: a new offer in the dialog is answered from our codecs and the same RTP port, and the media
    /// follows it. An offer that holds us (sendonly/inactive) is answered recvonly/inactive, so we stop sending.
    /// </summary>
    private OfferAnswer AnswerOffer(string offerText)
    {
        var parsed = SessionDescription.Parse(offerText);
        if (!parsed.Success)
        {
            return OfferAnswer.Reject(488, "Not Acceptable Here - malformed SDP");
        }

        ulong version;
        lock (_gate)
        {
            version = ++_sdpVersion;
        }

        var answer = SdesCrypto.CreateAnswer(Media.IsSecure ? SrtpMode.Require : SrtpMode.Off, parsed.Description!, _formats, Media.LocalEndPoint, _sessionId, version);
        if (!answer.Success)
        {
            return OfferAnswer.Reject(488, $"Not Acceptable Here - {answer.Error}");
        }

        try
        {
            Media.UpdateMedia(answer.Media!);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return OfferAnswer.Reject(488, $"Not Acceptable Here - {ex.Message}");
        }

        var now = _time.GetTimestamp();
        bool wasOnHold;
        var held = !answer.Media!.Direction.Sends();
        lock (_gate)
        {
            _negotiated = answer.Media;
            wasOnHold = _onHold;
            _onHold = held;
        }

        Record(held && !wasOnHold ? "hold" : !held && wasOnHold ? "resume" : "reoffer", now, answer.Media.Direction.ToAttributeName());
        return OfferAnswer.Accept(answer.Answer!.ToString());
    }

    /// <summary>Places the transfer through the caller side's follower; the NOTIFYs tell the transferor how it went.</summary>
    private async Task<int> FollowTransferAsync(SipDialog from, TransferRequest transfer)
    {
        var target = transfer.Target.ToString();
        Record("transfer-requested", transfer.Timestamp, target);
        CallsLog.Transferring(_logger, from.CallId, target);
        Task<TransferOutcome> running;
        lock (_gate)
        {
            TransferTarget = target;
            running = _followTransfer!(this, transfer);
            _transfer = (from, running);
        }

        var outcome = await running.ConfigureAwait(false);
        if (outcome.Dialog is { } next && outcome.Media is { } media)
        {
            lock (_gate)
            {
                _dialog = next;
                _negotiated = media;
            }

            Attach(next);
            Record("transferred", _time.GetTimestamp(), target);
            // The transferor ends its dialog with us once it learns the outcome (RFC 5589 §6); should it not, we do.
            _ = ByeAfterAsync(from, TimeSpan.FromSeconds(5));
        }
        else
        {
            Record("transfer-failed", _time.GetTimestamp(), outcome.Cause);
            CallsLog.TransferFailed(_logger, from.CallId, target, outcome.Cause ?? $"{outcome.Status}");
        }

        return outcome.Status;
    }

    private async Task ByeAfterAsync(SipDialog dialog, TimeSpan grace)
    {
        try
        {
            await dialog.Ended.WaitAsync(grace, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await dialog.ByeAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The call ends with the dialog it is in. A dialog left by a transfer ends quietly; one that ends while a transfer
    /// is under way waits for it, and the call goes on in the new dialog or ends as a failed transfer.
    /// </summary>
    private async Task WatchAsync(SipDialog dialog)
    {
        var end = await dialog.Ended.ConfigureAwait(false);
        Task<TransferOutcome>? transfer;
        lock (_gate)
        {
            transfer = _transfer is { } t && ReferenceEquals(t.From, dialog) ? t.Outcome : null;
        }

        if (transfer is not null)
        {
            var outcome = await transfer.ConfigureAwait(false);
            if (outcome.Dialog is not null)
            {
                // Attach() of the new dialog watches it; this one was only the way in.
                return;
            }

            if (!ReferenceEquals(Dialog, dialog))
            {
                return;
            }

            if (end.Reason == DialogEndReason.RemoteBye)
            {
                _ended.TrySetResult(new CallEnd(CallEndReason.TransferFailed, end.Timestamp, end.ByeStatus));
                return;
            }
        }

        if (!ReferenceEquals(Dialog, dialog))
        {
            return;
        }

        var reason = end.Reason switch
        {
            DialogEndReason.RemoteBye => CallEndReason.RemoteHangup,
            DialogEndReason.AckTimeout => CallEndReason.AckTimeout,
            DialogEndReason.Shutdown => CallEndReason.Shutdown,
            DialogEndReason.SessionExpired => CallEndReason.SessionExpired,
            DialogEndReason.PeerLost => CallEndReason.PeerLost,
            _ => CallEndReason.LocalHangup,
        };
        _ended.TrySetResult(new CallEnd(reason, end.Timestamp, end.ByeStatus));
    }

    private void Record(string kind, long timestamp, string? detail) => _events.Enqueue(new CallSessionEvent(kind, timestamp, detail));

    private async Task ByeAllAsync(CancellationToken cancellationToken)
    {
        List<SipDialog> open;
        lock (_gate)
        {
            open = [.. _dialogs.Where(d => !d.IsEnded)];
        }

        // The current dialog last, so the call's end is our BYE in it.
        var current = Dialog;
        foreach (var dialog in open.Where(d => !ReferenceEquals(d, current)).Append(current).Where(d => !d.IsEnded))
        {
            await dialog.ByeAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task StopMediaAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await Media.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
        try
        {
            await ByeAllAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the peer did not answer our BYE in time; the dialog is ended on our side regardless
        }

        await StopMediaAsync().ConfigureAwait(false);
    }
}

/// <summary>What a call session needs to answer offers and follow transfers.</summary>
internal sealed record CallSessionContext(
    IReadOnlyList<MediaFormat> Formats,
    ulong SessionId,
    ulong SdpVersion,
    TimeProvider Time,
    ILogger Logger,
    Func<CallSession, TransferRequest, Task<TransferOutcome>>? FollowTransfer);

/// <summary>The call placed to a transfer target: its final status, and the dialog and media when it was answered.</summary>
internal sealed record TransferOutcome(int Status, SipDialog? Dialog, NegotiatedMedia? Media, string? Cause);
