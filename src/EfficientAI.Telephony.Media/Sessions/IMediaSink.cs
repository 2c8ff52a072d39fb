namespace EfficientAI.Telephony.Media.Sessions;

/// <summary>
/// Receives the incoming audio and DTMF of a call. With the session's jitter buffer (the default) every callback
/// comes from the pacer thread on the playout schedule — frames in remote order, each position once, lost ones
/// concealed — and must not block; without it (<see cref="RtpMediaSession.JitterBuffer"/> null), from the receive
/// loop as packets arrive. See <see cref="RtpMediaSession.JitterBuffer"/> for the contract.
/// </summary>
public interface IMediaSink
{
    /// <summary>
    /// One decoded packet. <paramref name="remoteSampleIndex"/> is the packet's position in the remote stream (its RTP
    /// timestamp minus the first one seen, unwrapped); <paramref name="arrivalSampleIndex"/> is the local media clock
    /// when its packet arrived (for a concealed frame, the playout instant). Map remote positions to the local clock
    /// with <see cref="RtpMediaSession.ReceiveOffset"/>.
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
