using EfficientAI.Telephony.Media.Codecs;

namespace EfficientAI.Telephony.Media.Tests.Codecs;

public class AudioCodecsTests
{
    [Theory]
    [InlineData("PCMU", typeof(PcmuCodec))]
    [InlineData("pcmu", typeof(PcmuCodec))]
    [InlineData("PCMA", typeof(PcmaCodec))]
    [InlineData("Pcma", typeof(PcmaCodec))]
    public void Create_FindsTheCodec_ByCaseInsensitiveEncodingName(string name, Type expected)
    {
        var codec = AudioCodecs.Create(name);

        Assert.IsType(expected, codec);
        Assert.Equal(8000, codec.ClockRate);
        Assert.Equal(name.ToUpperInvariant(), codec.EncodingName);
    }

    [Fact]
    public void Create_RejectsAnUnknownEncoding_NamingWhatIsSupported()
    {
        var error = Assert.Throws<NotSupportedException>(() => AudioCodecs.Create("G729"));

        Assert.Contains("G729", error.Message, StringComparison.Ordinal);
        Assert.Contains("PCMU", error.Message, StringComparison.Ordinal);
        Assert.False(AudioCodecs.TryCreate("G729", out _));
    }

    [Fact]
    public void PcmuCodec_EncodesAFrame_OneMuLawOctetPerSample()
    {
        var pcm = TestTone(160);
        var payload = new byte[160];
        var decoded = new short[160];

        int octets = PcmuCodec.Instance.Encode(pcm, payload);
        int samples = PcmuCodec.Instance.Decode(payload, decoded);

        Assert.Equal(160, octets);
        Assert.Equal(160, samples);
        for (int i = 0; i < pcm.Length; i++)
        {
            Assert.Equal(MuLaw.Encode(pcm[i]), payload[i]);
            Assert.Equal(MuLaw.Decode(payload[i]), decoded[i]);
        }
    }

    [Fact]
    public void PcmaCodec_EncodesAFrame_OneALawOctetPerSample()
    {
        var pcm = TestTone(160);
        var payload = new byte[160];
        var decoded = new short[160];

        int octets = PcmaCodec.Instance.Encode(pcm, payload);
        int samples = PcmaCodec.Instance.Decode(payload, decoded);

        Assert.Equal(160, octets);
        Assert.Equal(160, samples);
        for (int i = 0; i < pcm.Length; i++)
        {
            Assert.Equal(ALaw.Encode(pcm[i]), payload[i]);
            Assert.Equal(ALaw.Decode(payload[i]), decoded[i]);
        }
    }

    private static short[] TestTone(int samples)
    {
        var pcm = new short[samples];
        for (int i = 0; i < samples; i++)
        {
            pcm[i] = (short)(12000 * Math.Sin(2 * Math.PI * 1000 * i / 8000.0));
        }

        return pcm;
    }
}
