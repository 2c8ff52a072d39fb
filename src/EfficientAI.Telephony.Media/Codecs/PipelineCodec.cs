using EfficientAI.Telephony.Media.Audio;

namespace EfficientAI.Telephony.Media.Codecs;

/// <summary>
/// A negotiated codec seen from the call's pipeline, which runs at <see cref="PipelineRate"/> (8 kHz): frames are
/// resampled up before encoding and down after decoding when the codec's PCM rate is an integer multiple (G.722:
/// 16 kHz, 1:2; Opus: 48 kHz, 1:6), and passed straight through otherwise (G.711). One instance per stream; the
/// scratch buffers are sized on first use of a frame length and reused, so steady state allocates nothing.
/// </summary>
public sealed class PipelineCodec
{
    /// <summary>The PCM rate of the call's pipeline.</summary>
    public const int PipelineRate = 8000;

    private readonly PolyphaseResampler? _up;
    private readonly PolyphaseResampler? _down;
    private short[] _encodeScratch = [];
    private short[] _decodeScratch = [];
    private short[] _nextScratch = [];

    /// <summary>Wraps <paramref name="codec"/>.</summary>
    /// <exception cref="NotSupportedException">The codec's PCM rate is not a multiple of 8 kHz.</exception>
    public PipelineCodec(IAudioCodec codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        Codec = codec;
        if (codec.SampleRate % PipelineRate != 0)
        {
            throw new NotSupportedException($"{codec.EncodingName} runs at {codec.SampleRate} Hz, not a multiple of the pipeline's {PipelineRate} Hz.");
        }

        Factor = codec.SampleRate / PipelineRate;
        if (Factor > 1)
        {
            _up = PolyphaseResampler.Up(Factor);
            _down = PolyphaseResampler.Down(Factor);
        }
    }

    /// <summary>The codec itself.</summary>
    public IAudioCodec Codec { get; }

    /// <summary>Codec samples per pipeline sample (1, 2 or 6).</summary>
    public int Factor { get; }

    /// <summary>RTP timestamp units per pipeline sample: 1 for G.711 and G.722 (RFC 3551 §4.5.2), 6 for Opus.</summary>
    public int TimestampUnitsPerSample => Codec.ClockRate / PipelineRate;

    /// <summary>Encodes one frame of pipeline PCM into <paramref name="payload"/>; returns the bytes written.</summary>
    public int Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        if (_up is null)
        {
            return Codec.Encode(pcm, payload);
        }

        var scratch = Scratch(ref _encodeScratch, pcm.Length * Factor);
        _up.Process(pcm, scratch);
        return Codec.Encode(scratch, payload);
    }

    /// <summary>Decodes one payload into pipeline PCM; returns the pipeline samples written.</summary>
    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        if (_down is null)
        {
            return Codec.Decode(payload, pcm);
        }

        var scratch = Scratch(ref _decodeScratch, pcm.Length * Factor);
        int samples = Codec.Decode(payload, scratch);
        samples -= samples % Factor;
        return _down.Process(scratch[..samples], pcm);
    }

    /// <summary>
    /// The codec's own concealment of <paramref name="pcm"/>.Length lost pipeline samples (FEC from
    /// <paramref name="nextPayload"/> where possible); 0 when the codec has none.
    /// </summary>
    public int DecodeLost(ReadOnlySpan<byte> nextPayload, Span<short> pcm)
    {
        var scratch = Scratch(ref _nextScratch, pcm.Length * Factor);
        int samples = Codec.DecodeLost(nextPayload, scratch);
        if (samples == 0)
        {
            return 0;
        }

        if (_down is null)
        {
            scratch[..samples].CopyTo(pcm);
            return samples;
        }

        samples -= samples % Factor;
        return _down.Process(scratch[..samples], pcm);
    }

    private static Span<short> Scratch(ref short[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new short[length];
        }

        return buffer.AsSpan(0, length);
    }
}
