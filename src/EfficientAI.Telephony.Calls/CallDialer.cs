using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using EfficientAI.Telephony.Media.Pacing;
using EfficientAI.Telephony.Media.Sdp;
using EfficientAI.Telephony.Media.Sessions;
using EfficientAI.Telephony.Media.Srtp;
using EfficientAI.Telephony.Sip.Dialogs;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.UserAgent;
using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Calls;

/// <summary>The result of dialing: an established call, or the outcome and cause of a call that never was.</summary>
public sealed record DialResult(
    CallOutcome Outcome,
    int SipStatus,
    string? Cause,
    string CallId,
    long InviteSentTimestamp,
    long? FirstRingTimestamp,
    long? AnsweredTimestamp,
    CallSession? Session)
{
    /// <summary>The targets 3xx responses redirected the call to, in order.</summary>
    public IReadOnlyList<string> Redirects { get; init; } = [];

    /// <summary>Post-dial delay: INVITE sent → first 180/183, or → the answer when the callee did not ring first.</summary>
    public TimeSpan? PostDialDelay(TimeProvider time) =>
        (FirstRingTimestamp ?? AnsweredTimestamp) is { } t ? time.GetElapsedTime(InviteSentTimestamp, t) : null;
}

public sealed record DialOptions
{
    public string? FromUser { get; init; }

    public TimeSpan RingTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Follow the agent's transfers (REFER): call the target and go on talking there. On by default.</summary>
    public bool FollowTransfers { get; init; } = true;
}

/// <summary>Places outbound calls: SDP offer, INVITE, answer negotiation, media start (the UAC of a call).</summary>
public sealed class CallDialer(SipUserAgent userAgent, MediaPacer pacer, CallMediaOptions options, TimeProvider time, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<CallDialer>();

    /// <summary>The allowlist and hourly cap every dial must pass; none when not set.</summary>
    public DialGuard? Guard { get; init; }

    public async Task<DialResult> DialAsync(SipUri target, IMediaSource source, IMediaSink sink, DialOptions dial, CancellationToken cancellationToken)
    {
        if (Guard?.Check(target) is { } refused)
        {
            return new DialResult(CallOutcome.Failed, 0, $"not dialled: {refused}", "", time.GetTimestamp(), null, null, null);
        }

        RtpMediaSession media;
        try
        {
            media = options.BindSession(time, pacer, loggers);
        }
        catch (Exception ex) when (ex is RtpPortRangeExhaustedException or System.Net.Sockets.SocketException)
        {
            return new DialResult(CallOutcome.Failed, 0, $"no RTP port: {ex.Message}", "", time.GetTimestamp(), null, null, null);
        }

        var sessionId = NewSessionId();
        var offer = SdesCrypto.CreateOffer(options.Srtp, media.LocalEndPoint, options.Formats, sessionId, 1);
        long? firstRing = null;
        var sent = time.GetTimestamp();
        // The agent may re-INVITE or REFER the moment our ACK reaches it, before the session below exists.
        var ready = new TaskCompletionSource<CallSession?>(TaskCreationOptions.RunContinuationsAsynchronously);
        InviteResult invite;
        try
        {
            invite = await userAgent.InviteAsync(
                new InviteRequest(target, offer.ToString())
                {
                    FromUser = dial.FromUser,
                    RingTimeout = dial.RingTimeout,
                    OnDialog = d => HoldRequestsUntilReady(d, ready.Task),
                    OnProvisional = r =>
                    {
                        if (r.StatusCode is 180 or 183 && firstRing is null)
                        {
                            firstRing = time.GetTimestamp();
                        }
                    },
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ready.TrySetResult(null);
            await media.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var answered = time.GetTimestamp();
        if (!invite.Succeeded)
        {
            ready.TrySetResult(null);
            await media.DisposeAsync().ConfigureAwait(false);
            var outcome = invite.Failure switch
            {
                InviteFailure.Timeout or InviteFailure.NoAnswer => CallOutcome.NoAnswer,
                InviteFailure.Rejected => CallOutcomes.FromFinalStatus(invite.StatusCode),
                _ => CallOutcome.Failed,
            };
            var cause = invite.Failure switch
            {
                InviteFailure.Timeout => "no response to INVITE within 64*T1 (Timer B)",
                InviteFailure.NoAnswer => $"not answered within {dial.RingTimeout.TotalSeconds:0} s; cancelled",
                InviteFailure.Cancelled => "cancelled by the caller",
                _ => invite.Cause ?? $"{invite.StatusCode} {invite.ReasonPhrase}",
            };
            if (invite.RetryAfter is { } retryAfter)
            {
                cause += $"; retry after {retryAfter.TotalSeconds:0} s";
            }

            return new DialResult(outcome, invite.StatusCode, cause, invite.CallId, sent, firstRing, null, null) { Redirects = Targets(invite) };
        }

        var dialog = invite.Dialog!;
        if (!TryReadAnswer(offer, invite.RemoteSdp, options.Srtp, out var negotiated, out var reason))
        {
            CallsLog.BadAnswer(_logger, invite.CallId, reason);
            ready.TrySetResult(null);
            await dialog.ByeAsync(CancellationToken.None).ConfigureAwait(false);
            await media.DisposeAsync().ConfigureAwait(false);
            return new DialResult(CallOutcome.Failed, invite.StatusCode, reason, invite.CallId, sent, firstRing, answered, null) { Redirects = Targets(invite) };
        }

        media.Start(negotiated, source, sink);
        var context = new CallSessionContext(options.Formats, sessionId, 1, time, _logger, dial.FollowTransfers ? (s, t) => FollowTransferAsync(s, t, dial, sessionId) : null);
        var session = new CallSession(dialog, media, negotiated, answered, context);
        ready.TrySetResult(session);
        return new DialResult(CallOutcome.Completed, invite.StatusCode, null, invite.CallId, sent, firstRing, answered, session)
        {
            Redirects = Targets(invite),
        };
    }

    /// <summary>
    /// Until the call session is built, an offer or a transfer in the new dialog waits for it (briefly) and is then
    /// handled by it; the session installs its own handlers, which replace these.
    /// </summary>
    private static void HoldRequestsUntilReady(SipDialog dialog, Task<CallSession?> ready)
    {
        Func<string, OfferAnswer>? early = null;
        early = offer =>
        {
            if (!ready.Wait(TimeSpan.FromSeconds(5)) || ready.Result is null || dialog.OfferReceived is not { } handler || handler == early)
            {
                return OfferAnswer.Reject(500, "Server Internal Error - the call is not set up yet");
            }

            return handler(offer);
        };
        Func<TransferRequest, Task<int>>? earlyTransfer = null;
        earlyTransfer = async transfer =>
        {
            var session = await ready.ConfigureAwait(false);
            return session is not null && dialog.TransferRequested is { } handler && handler != earlyTransfer
                ? await handler(transfer).ConfigureAwait(false)
                : 603;
        };
        dialog.OfferReceived = early;
        dialog.TransferRequested = earlyTransfer;
    }

    private static IReadOnlyList<string> Targets(InviteResult invite) => [.. invite.Redirects.Select(u => u.ToString())];

    /// <summary>
    /// Follows a transfer (RFC 3515 §2.4.2, RFC 5589 §6): an INVITE to the Refer-To target offering the same RTP port,
    /// so the conversation carries on in the new dialog over the same media session.
    /// </summary>
    private async Task<TransferOutcome> FollowTransferAsync(CallSession session, TransferRequest transfer, DialOptions dial, ulong sessionId)
    {
        var offer = SdesCrypto.CreateOffer(options.Srtp, session.Media.LocalEndPoint, options.Formats, sessionId, 2);
        InviteResult invite;
        try
        {
            invite = await userAgent.InviteAsync(new InviteRequest(transfer.Target.WithoutParameters(), offer.ToString())
            {
                FromUser = dial.FromUser,
                RingTimeout = dial.RingTimeout,
            }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or InvalidOperationException)
        {
            return new TransferOutcome(503, null, null, ex.Message);
        }

        if (!invite.Succeeded)
        {
            return new TransferOutcome(invite.StatusCode is >= 300 ? invite.StatusCode : 503, null, null, invite.Cause ?? $"{invite.StatusCode} {invite.ReasonPhrase}");
        }

        if (!TryReadAnswer(offer, invite.RemoteSdp, options.Srtp, out var negotiated, out var reason))
        {
            await invite.Dialog!.ByeAsync(CancellationToken.None).ConfigureAwait(false);
            return new TransferOutcome(488, null, null, $"the transfer target: {reason}");
        }

        try
        {
            session.Media.UpdateMedia(negotiated);
        }
        catch (ArgumentException ex)
        {
            await invite.Dialog!.ByeAsync(CancellationToken.None).ConfigureAwait(false);
            return new TransferOutcome(488, null, null, ex.Message);
        }
        catch (InvalidOperationException)
        {
            // We hung up while the transfer target answered: the call is over, so is the transfer (RFC 3515 NOTIFY 487).
            await invite.Dialog!.ByeAsync(CancellationToken.None).ConfigureAwait(false);
            return new TransferOutcome(487, null, null, "the call ended before the transfer target answered");
        }

        return new TransferOutcome(invite.StatusCode, invite.Dialog, negotiated, null);
    }

    /// <summary>
    /// Reads the media the peer's SDP answer to <paramref name="offer"/> settles (RFC 3264 §6); false with
    /// <paramref name="reason"/>: no answer, an unparsable one, or one we cannot use.
    /// </summary>
    internal static bool TryReadAnswer(
        SessionDescription offer, string? answerText, SrtpMode srtp, [NotNullWhen(true)] out NegotiatedMedia? media, [NotNullWhen(false)] out string? reason)
    {
        var parsed = answerText is null ? null : SessionDescription.Parse(answerText);
        var negotiation = parsed is { Success: true } ? SdesCrypto.ReadAnswer(srtp, offer, parsed.Description!) : null;
        media = negotiation?.Media;
        reason = media is not null ? null
            : answerText is null ? "the 2xx carried no SDP answer"
            : parsed is { Success: false } ? $"unparsable SDP answer: {parsed.Error}"
            : $"unusable SDP answer: {negotiation?.Error}";
        return media is not null;
    }

    internal static ulong NewSessionId() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 2;
}
