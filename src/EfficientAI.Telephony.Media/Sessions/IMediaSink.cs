namespace EfficientAI.Telephony.Media.Sessions;

/// <summary>Receives the incoming audio and DTMF of a call, on the session's receive loop.</summary>
public interface IMediaSink
{
    /// <summary>
    /// One decoded packet. <paramref name="remoteSampleIndex"/> is the packet's position in the remote stream (its RTP
    /// timestamp minus the first one seen, unwrapped); <paramref name="arrivalSampleIndex"/> is the local media clock
    /// when it arrived. Map remote positions to the local clock with <see cref="RtpMediaSession.ReceiveOffset"/>.
    /// The span is only valid during the call.
    /// </summary>
    void OnFrame(long remoteSampleIndex, long arrivalSampleIndex, ReadOnlySpan<short> pcm);

    /// <summary>
    /// An RFC 4733 DTMF event: once with <paramref name="end"/> false when the event starts (at its start position),
    /// and once with <paramref name="end"/> true when its end is received (at start + duration), retransmissions removed.
    /// <paramref name="digit"/> is 0-9, *, #, A-D, or '!' for flash.
    /// </summary>
    void OnDtmf(char digit, long remoteSampleIndex, bool end);
}
