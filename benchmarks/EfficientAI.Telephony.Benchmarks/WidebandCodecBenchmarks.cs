using BenchmarkDotNet.Attributes;
using EfficientAI.Telephony.Media.Codecs;

namespace EfficientAI.Telephony.Benchmarks;

/// <summary>
/// One 20 ms frame through G.722 and Opus, alone and as the session runs them (8 kHz PCM resampled 1:2 / 1:6).
/// </summary>
[MemoryDiagnoser]
public class WidebandCodecBenchmarks
{
    private readonly short[] _pcm8k = new short[160];
    private readonly short[] _pcm16k = new short[320];
    private readonly short[] _pcm48k = new short[960];
    private readonly short[] _decoded = new short[960];
    private readonly byte[] _g722Payload = new byte[160];
    private readonly byte[] _opusPayload = new byte[OpusCodec.MaxPacketLength];
    private readonly G722Codec _g722 = new();
    private readonly OpusCodec _opus = new(OpusParameters.Ours);
    private readonly PipelineCodec _g722Pipeline = new(new G722Codec());
    private readonly PipelineCodec _opusPipeline = new(new OpusCodec(OpusParameters.Ours));
    private int _opusLength;

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < _pcm8k.Length; i++)
        {
            _pcm8k[i] = (short)(12000 * Math.Sin(2 * Math.PI * 440 * i / 8000.0));
        }

        for (var i = 0; i < _pcm16k.Length; i++)
        {
            _pcm16k[i] = (short)(12000 * Math.Sin(2 * Math.PI * 440 * i / 16000.0));
        }

        for (var i = 0; i < _pcm48k.Length; i++)
        {
            _pcm48k[i] = (short)(12000 * Math.Sin(2 * Math.PI * 440 * i / 48000.0));
        }

        _g722.Encode(_pcm16k, _g722Payload);
        _opusLength = _opus.Encode(_pcm48k, _opusPayload);
    }

    [Benchmark]
    public int G722Encode() => _g722.Encode(_pcm16k, _g722Payload);

    [Benchmark]
    public int G722Decode() => _g722.Decode(_g722Payload, _pcm16k);

    [Benchmark]
    public int G722EncodeAt8k() => _g722Pipeline.Encode(_pcm8k, _g722Payload);

    [Benchmark]
    public int G722DecodeAt8k() => _g722Pipeline.Decode(_g722Payload, _pcm8k);

    [Benchmark]
    public int OpusEncode() => _opus.Encode(_pcm48k, _opusPayload);

    [Benchmark]
    public int OpusDecode() => _opus.Decode(_opusPayload.AsSpan(0, _opusLength), _decoded);

    [Benchmark]
    public int OpusEncodeAt8k() => _opusPipeline.Encode(_pcm8k, _opusPayload);
}
