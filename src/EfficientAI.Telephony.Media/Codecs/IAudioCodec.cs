namespace EfficientAI.Telephony.Media.Codecs;

/// <summary>
/// An RTP audio payload format: PCM16 mono samples in, payload bytes out, and back. Implementations write into
/// caller-owned spans so the per-frame path allocates nothing.
/// </summary>
/// <remarks>
/// G.711 is stateless and shared; G.722 and Opus keep encoder and decoder state, so <see cref="AudioCodecs.Create"/>
/// returns a new instance of those for each stream (<see cref="IsStateful"/>). Encode is called from one thread
/// (the sender) and Decode/DecodeLost from one other (the receiver); the two directions share no state.
/// </remarks>
public interface IAudioCodec
{
    /// <summary>The encoding name as written in an SDP <c>a=rtpmap</c> line (RFC 3551 §6), e.g. "PCMU".</summary>
    string EncodingName { get; }

    /// <summary>The RTP clock rate in Hz (RFC 3551 §4.5): the unit of RTP timestamps. G.722's is 8000 although it
    /// samples at 16 kHz (RFC 3551 §4.5.2); Opus's is always 48000 (RFC 7587 §4.1).</summary>
    int ClockRate { get; }

    /// <summary>The sample rate in Hz of the PCM this codec consumes and produces.</summary>
    int SampleRate => ClockRate;

    /// <summary>Whether the codec keeps state between frames, so each stream needs its own instance.</summary>
    bool IsStateful => false;

    /// <summary>Encodes <paramref name="pcm"/> into <paramref name="payload"/> and returns the bytes written.</summary>
    int Encode(ReadOnlySpan<short> pcm, Span<byte> payload);

    /// <summary>Decodes <paramref name="payload"/> into <paramref name="pcm"/> and returns the samples written.</summary>
    int Decode(ReadOnlySpan<byte> payload, Span<short> pcm);

    /// <summary>
    /// Produces a lost frame of <paramref name="pcm"/>'s length through the codec's own loss concealment: with
    /// <paramref name="nextPayload"/> (the packet after the loss) a codec with in-band FEC recovers the lost frame from
    /// it, otherwise it extrapolates. Returns the samples written, or 0 when the codec has no concealment of its own
    /// and the caller should conceal in PCM.
    /// </summary>
    int DecodeLost(ReadOnlySpan<byte> nextPayload, Span<short> pcm) => 0;
}
