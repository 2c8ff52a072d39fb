namespace EfficientAI.Telephony.Media.Codecs;

/// <summary>G.711 µ-law as the RTP payload format PCMU (RFC 3551 §4.5.14): one byte per sample at 8 kHz.</summary>
public sealed class PcmuCodec : IAudioCodec
{
    /// <summary>The static payload type assigned by RFC 3551 Table 4.</summary>
    public const int StaticPayloadType = 0;

    /// <summary>A shared instance; the codec holds no state.</summary>
    public static PcmuCodec Instance { get; } = new();

    /// <inheritdoc />
    public string EncodingName => "PCMU";

    /// <inheritdoc />
    public int ClockRate => 8000;

    /// <inheritdoc />
    public int Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        MuLaw.Encode(pcm, payload);
        return pcm.Length;
    }

    /// <inheritdoc />
    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        MuLaw.Decode(payload, pcm);
        return payload.Length;
    }
}
