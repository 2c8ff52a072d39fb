namespace EfficientAI.Telephony.Media.Codecs;

/// <summary>
/// G.722 at 64 kbit/s as the RTP payload format G722 (RFC 3551 §4.5.2): 16 kHz PCM, one octet per two samples, RTP
/// clock rate 8000 (an error kept for compatibility: a 20 ms frame is 320 samples, 160 octets, and advances the RTP
/// timestamp by 160). One instance per stream; the encoder and decoder state are separate.
/// </summary>
public sealed class G722Codec : IAudioCodec
{
    /// <summary>The static payload type assigned by RFC 3551 Table 4.</summary>
    public const int StaticPayloadType = 9;

    private readonly G722Encoder _encoder = new();
    private readonly G722Decoder _decoder = new();

    /// <inheritdoc />
    public string EncodingName => "G722";

    /// <inheritdoc />
    public int ClockRate => 8000;

    /// <inheritdoc />
    public int SampleRate => 16000;

    /// <inheritdoc />
    public bool IsStateful => true;

    /// <inheritdoc />
    public int Encode(ReadOnlySpan<short> pcm, Span<byte> payload) => _encoder.Encode(pcm, payload);

    /// <inheritdoc />
    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm) => _decoder.Decode(payload, pcm);
}
