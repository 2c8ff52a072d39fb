using BenchmarkDotNet.Attributes;
using EfficientAI.Telephony.Media.Codecs;

namespace EfficientAI.Telephony.Benchmarks;

/// <summary>One 20 ms frame (160 samples) through the G.711 encoders and decoders.</summary>
[MemoryDiagnoser]
public class G711Benchmarks
{
    private readonly short[] _pcm = new short[160];
    private readonly byte[] _payload = new byte[160];

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < _pcm.Length; i++)
        {
            _pcm[i] = (short)(12000 * Math.Sin(2 * Math.PI * 440 * i / 8000.0));
        }
    }

    [Benchmark]
    public void MuLawEncode() => MuLaw.Encode(_pcm, _payload);

    [Benchmark]
    public void MuLawDecode() => MuLaw.Decode(_payload, _pcm);

    [Benchmark]
    public void ALawEncode() => ALaw.Encode(_pcm, _payload);

    [Benchmark]
    public void ALawDecode() => ALaw.Decode(_payload, _pcm);
}
