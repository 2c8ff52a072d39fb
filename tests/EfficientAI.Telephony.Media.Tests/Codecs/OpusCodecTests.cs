using EfficientAI.Telephony.Media.Codecs;
using EfficientAI.Telephony.Media.Sdp;

namespace EfficientAI.Telephony.Media.Tests.Codecs;

public sealed class OpusCodecTests
{
    private const int Frame = 960;

    private static List<byte[]> EncodeTone(OpusCodec codec, int frames, double frequency)
    {
        var packets = new List<byte[]>();
        var payload = new byte[OpusCodec.MaxPacketLength];
        for (int f = 0; f < frames; f++)
        {
            var pcm = AudioAnalysis.Tone(Frame, frequency, 48000, 8000, (long)f * Frame);
            int length = codec.Encode(pcm, payload);
            Assert.InRange(length, 1, OpusCodec.MaxPacketLength);
            packets.Add(payload[..length]);
        }

        return packets;
    }

    [Fact]
    public void A_tone_survives_encode_and_decode()
    {
        var codec = (OpusCodec)AudioCodecs.Create(MediaFormatFor("useinbandfec=1"));
        var packets = EncodeTone(codec, 50, 1000);
        var decoded = new short[50 * Frame];
        for (int f = 0; f < packets.Count; f++)
        {
            Assert.Equal(Frame, codec.Decode(packets[f], decoded.AsSpan(f * Frame, Frame)));
        }

        var settled = decoded.AsSpan(25 * Frame);
        Assert.Equal(1000, AudioAnalysis.DominantFrequency(settled, 48000), 10);
        Assert.InRange(AudioAnalysis.Rms(settled), 8000 / Math.Sqrt(2) * 0.8, 8000 / Math.Sqrt(2) * 1.2);
        Assert.Equal(48000, codec.ClockRate);
        Assert.Equal(48000, codec.SampleRate);
        Assert.True(codec.IsStateful);
    }

    [Fact]
    public void A_lost_packet_is_recovered_from_the_next_ones_fec_better_than_by_plc()
    {
        var sender = new OpusCodec(new OpusParameters(UseInbandFec: true));
        var packets = EncodeTone(sender, 40, 600);
        const int Lost = 30;

        // The reference: every packet decoded.
        var reference = new OpusCodec();
        var expected = new short[Frame];
        for (int f = 0; f <= Lost; f++)
        {
            reference.Decode(packets[f], expected);
        }

        var withFec = new OpusCodec();
        var withPlc = new OpusCodec();
        var scratch = new short[Frame];
        for (int f = 0; f < Lost; f++)
        {
            withFec.Decode(packets[f], scratch);
            withPlc.Decode(packets[f], scratch);
        }

        var recovered = new short[Frame];
        var concealed = new short[Frame];
        Assert.Equal(Frame, withFec.DecodeLost(packets[Lost + 1], recovered));
        Assert.Equal(Frame, withPlc.DecodeLost(ReadOnlySpan<byte>.Empty, concealed));

        double fecSnr = Snr(expected, recovered);
        double plcSnr = Snr(expected, concealed);
        Assert.True(fecSnr > plcSnr + 3, $"FEC {fecSnr:F1} dB, PLC {plcSnr:F1} dB");
        Assert.True(fecSnr > 6, $"FEC {fecSnr:F1} dB");

        // PLC still produces the tone, not silence.
        Assert.True(AudioAnalysis.Rms(concealed) > 500);
    }

    [Fact]
    public void Bad_frames_and_packets_are_clear_errors()
    {
        var codec = new OpusCodec();
        Assert.Throws<ArgumentException>(() => codec.Encode(new short[160], new byte[1275]));
        Assert.Throws<ArgumentException>(() => codec.Decode(ReadOnlySpan<byte>.Empty, new short[960]));
        Assert.ThrowsAny<Exception>(() => codec.Decode(new byte[] { 0xFF, 0xFF, 0xFF }, new short[960]));
    }

    [Fact]
    public void Fmtp_parameters_are_parsed_and_written()
    {
        var parsed = OpusParameters.Parse("maxplaybackrate=16000; sprop-maxcapturerate=8000;stereo=0; useinbandfec=1;maxaveragebitrate=20000;cbr=1");
        Assert.Equal(new OpusParameters(16000, 8000, false, true, 20000), parsed);
        Assert.Equal("maxplaybackrate=16000;sprop-maxcapturerate=8000;stereo=0;useinbandfec=1;maxaveragebitrate=20000", parsed.ToString());
        Assert.Equal(OpusParameters.Default, OpusParameters.Parse(null));
        Assert.False(OpusParameters.TryParse("useinbandfec=2", out _, out string error));
        Assert.Contains("useinbandfec", error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => OpusParameters.Parse("maxplaybackrate=96000"));
    }

    private static MediaFormat MediaFormatFor(string fmtp) => new(111, "opus", 48000, fmtp);

    private static double Snr(short[] expected, short[] actual)
    {
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            signal += (double)expected[i] * expected[i];
            double e = actual[i] - expected[i];
            noise += e * e;
        }

        return 10 * Math.Log10(signal / Math.Max(noise, 1));
    }
}
