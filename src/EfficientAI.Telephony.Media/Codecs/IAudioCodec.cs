namespace EfficientAI.Telephony.Media.Codecs;

/// <summary>
/// A stateless RTP audio payload format: PCM16 mono samples in, payload bytes out, and back.
/// Implementations write into caller-owned spans so the per-frame path allocates nothing.
/// </summary>
public interface IAudioCodec
{
    /// <summary>The encoding name as written in an SDP <c>a=rtpmap</c> line (RFC 3551 §6), e.g. "PCMU".</summary>
    string EncodingName { get; }

    /// <summary>The RTP clock rate in Hz, which is also the sample rate of the PCM this codec consumes.</summary>
    int ClockRate { get; }

    /// <summary>Encodes <paramref name="pcm"/> into <paramref name="payload"/> and returns the bytes written.</summary>
    int Encode(ReadOnlySpan<short> pcm, Span<byte> payload);

    /// <summary>Decodes <paramref name="payload"/> into <paramref name="pcm"/> and returns the samples written.</summary>
    int Decode(ReadOnlySpan<byte> payload, Span<short> pcm);
}
