using EfficientAI.Telephony.Media.Pacing;
using EfficientAI.Telephony.Media.Sdp;
using EfficientAI.Telephony.Media.Sessions;
using EfficientAI.Telephony.Sip.UserAgent;
using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Calls;

/// <summary>Answers inbound calls: SDP answer (RFC 3264), 200 OK, media start (the UAS of a call).</summary>
public sealed class CallAnswerer(MediaPacer pacer, CallMediaOptions options, TimeProvider time, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<CallAnswerer>();

    /// <summary>
    /// Negotiates the offer and answers. Returns null after rejecting the call: 488 when there is no common codec
    /// or no offer (offerless INVITE is a later step), 503 when no RTP port is free.
    /// </summary>
    public async Task<CallSession?> AnswerAsync(IncomingInvite invite, IMediaSource source, IMediaSink sink, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (invite.RemoteSdp is not { } offerText)
        {
            invite.Reject(488, "No SDP offer");
            return null;
        }

        var offer = SessionDescription.Parse(offerText);
        if (!offer.Success)
        {
            CallsLog.BadOffer(_logger, invite.CallId, offer.Error!.ToString()!);
            invite.Reject(488, "Malformed SDP");
            return null;
        }

        RtpMediaSession media;
        try
        {
            media = options.BindSession(time, pacer, loggers);
        }
        catch (Exception ex) when (ex is RtpPortRangeExhaustedException or System.Net.Sockets.SocketException)
        {
            CallsLog.NoPort(_logger, invite.CallId, ex.Message);
            invite.Reject(503, "No media port available");
            return null;
        }

        var sessionId = CallDialer.NewSessionId();
        var answer = SdesCrypto.CreateAnswer(options.Srtp, offer.Description!, options.Formats, media.LocalEndPoint, sessionId, 1);
        if (!answer.Success)
        {
            CallsLog.BadOffer(_logger, invite.CallId, answer.Error);
            await media.DisposeAsync().ConfigureAwait(false);
            invite.Reject(488, "Not Acceptable Here");
            return null;
        }

        var dialog = invite.Accept(answer.Answer.ToString());
        var answered = time.GetTimestamp();
        media.Start(answer.Media, source, sink);
        return new CallSession(dialog, media, answer.Media, answered, new CallSessionContext(options.Formats, sessionId, 1, time, _logger, null));
    }
}
