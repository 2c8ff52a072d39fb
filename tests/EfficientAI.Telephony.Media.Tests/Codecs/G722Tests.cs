using EfficientAI.Telephony.Media.Codecs;

namespace EfficientAI.Telephony.Media.Tests.Codecs;

public sealed class G722Tests
{
    private static string ReferencePath(string name) => Path.Combine(AppContext.BaseDirectory, "Codecs", "G722Reference", name);

    private static short[] ReadPcm(string name)
    {
        byte[] bytes = File.ReadAllBytes(ReferencePath(name));
        var pcm = new short[bytes.Length / 2];
        for (int i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)(bytes[2 * i] | (bytes[(2 * i) + 1] << 8));
        }

        return pcm;
    }

    [Fact]
    public void Decoding_ffmpegs_stream_matches_ffmpegs_decoder_bit_for_bit()
    {
        byte[] encoded = File.ReadAllBytes(ReferencePath("ffmpeg-encoded.g722"));
        short[] expected = ReadPcm("ffmpeg-decoded-16k.raw");
        var decoder = new G722Decoder();
        var decoded = new short[2 * encoded.Length];

        // In 20 ms frames, as RTP delivers them, so state carries across calls.
        for (int offset = 0; offset < encoded.Length; offset += 160)
        {
            int octets = Math.Min(160, encoded.Length - offset);
            Assert.Equal(2 * octets, decoder.Decode(encoded.AsSpan(offset, octets), decoded.AsSpan(2 * offset)));
        }

        Assert.Equal(expected.Length, decoded.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i] == decoded[i], $"sample {i}: ffmpeg {expected[i]}, ours {decoded[i]}");
        }
    }

    [Fact]
    public void Encoding_the_input_gives_ffmpegs_code_words()
    {
        short[] input = ReadPcm("input-16k.raw");
        byte[] expected = File.ReadAllBytes(ReferencePath("ffmpeg-encoded.g722"));
        var encoder = new G722Encoder();
        var encoded = new byte[input.Length / 2];
        for (int offset = 0; offset < input.Length; offset += 320)
        {
            encoder.Encode(input.AsSpan(offset, 320), encoded.AsSpan(offset / 2));
        }

        int mismatches = 0;
        int first = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] != encoded[i])
            {
                mismatches++;
                first = first < 0 ? i : first;
            }
        }

        Assert.True(mismatches == 0, $"{mismatches} of {expected.Length} code words differ, first at {first}");
    }
}

public sealed class G722RoundTripTests
{
    [Theory]
    // Measured: 61.4, 47.2, 35.4 and 27.1 dB; the higher band has only 2 bits per sample, so 6 kHz is the worst.
    [InlineData(300, 55)]
    [InlineData(1000, 42)]
    [InlineData(3400, 30)]
    [InlineData(6000, 22)]
    public void A_tone_survives_encode_and_decode_with_a_high_snr(int frequency, double minimumSnrDb)
    {
        var codec = AudioCodecs.Create("G722");
        const int Samples = 16000;
        var input = new short[Samples];
        for (int i = 0; i < Samples; i++)
        {
            input[i] = (short)(8000 * Math.Sin(2 * Math.PI * frequency * i / 16000.0));
        }

        var payload = new byte[160];
        var output = new short[Samples];
        for (int offset = 0; offset < Samples; offset += 320)
        {
            Assert.Equal(160, codec.Encode(input.AsSpan(offset, 320), payload));
            Assert.Equal(320, codec.Decode(payload, output.AsSpan(offset, 320)));
        }

        // The QMF pair delays the signal by 22 samples at 16 kHz; compare after the start-up second quarter.
        const int Delay = 22;
        double signal = 0;
        double noise = 0;
        for (int i = 4000; i < Samples; i++)
        {
            signal += (double)input[i - Delay] * input[i - Delay];
            double error = output[i] - input[i - Delay];
            noise += error * error;
        }

        double snr = 10 * Math.Log10(signal / noise);
        Assert.True(snr > minimumSnrDb, $"SNR {snr:F1} dB at {frequency} Hz");
    }

    [Fact]
    public void The_codec_reports_the_rfc_3551_clock_quirk_and_is_a_new_instance_per_stream()
    {
        var first = AudioCodecs.Create("g722");
        var second = AudioCodecs.Create("G722");
        Assert.NotSame(first, second);
        Assert.Equal(8000, first.ClockRate);
        Assert.Equal(16000, first.SampleRate);
        Assert.True(first.IsStateful);
        Assert.Same(AudioCodecs.Create("PCMU"), AudioCodecs.Create("PCMU"));
        Assert.False(AudioCodecs.Create("PCMU").IsStateful);
    }

    [Fact]
    public void Bad_sizes_are_clear_errors()
    {
        var encoder = new G722Encoder();
        var odd = Assert.Throws<ArgumentException>(() => encoder.Encode(new short[3], new byte[2]));
        Assert.Contains("odd", odd.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => encoder.Encode(new short[320], new byte[159]));
        Assert.Throws<ArgumentException>(() => new G722Decoder().Decode(new byte[160], new short[319]));
    }
}
