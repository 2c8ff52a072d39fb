using EfficientAI.Telephony.Media.Sdp;
using EfficientAI.Telephony.Media.Sessions;
using EfficientAI.Telephony.Sip.Dialogs;

namespace EfficientAI.Telephony.Calls;

/// <summary>An established call: one SIP dialog and the RTP media session it negotiated.</summary>
public sealed class CallSession : IAsyncDisposable
{
    private readonly Task<CallEnd> _ended;
    private int _disposed;

    internal CallSession(SipDialog dialog, RtpMediaSession media, NegotiatedMedia negotiated, long answeredTimestamp)
    {
        Dialog = dialog;
        Media = media;
        Negotiated = negotiated;
        AnsweredTimestamp = answeredTimestamp;
        _ended = MapEndAsync(dialog);
    }

    public SipDialog Dialog { get; }

    public RtpMediaSession Media { get; }

    public NegotiatedMedia Negotiated { get; }

    public string CallId => Dialog.CallId;

    /// <summary>When media started (the 2xx for a UAC, our 2xx for a UAS), on the TimeProvider clock.</summary>
    public long AnsweredTimestamp { get; }

    /// <summary>Completes when either side has hung up.</summary>
    public Task<CallEnd> Ended => _ended;

    /// <summary>Hangs up with BYE (unless the peer already did) and stops the media.</summary>
    public async Task<CallEnd> HangUpAsync(CancellationToken cancellationToken = default)
    {
        if (!Dialog.IsEnded)
        {
            await Dialog.ByeAsync(cancellationToken).ConfigureAwait(false);
        }

        await StopMediaAsync().ConfigureAwait(false);
        return await _ended.ConfigureAwait(false);
    }

    private static async Task<CallEnd> MapEndAsync(SipDialog dialog)
    {
        var end = await dialog.Ended.ConfigureAwait(false);
        var reason = end.Reason switch
        {
            DialogEndReason.RemoteBye => CallEndReason.RemoteHangup,
            DialogEndReason.AckTimeout => CallEndReason.AckTimeout,
            DialogEndReason.Shutdown => CallEndReason.Shutdown,
            _ => CallEndReason.LocalHangup,
        };
        return new CallEnd(reason, end.Timestamp, end.ByeStatus);
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
        if (!Dialog.IsEnded)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await Dialog.ByeAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // the peer did not answer our BYE in time; the dialog is ended on our side regardless
            }
        }

        await StopMediaAsync().ConfigureAwait(false);
    }
}
