using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Conversation.Tests.Support;

namespace EfficientAI.Telephony.Conversation.Tests.Audio;

public sealed class ResamplerTests
{
    [Theory]
    [InlineData(22050, 8000)]
    [InlineData(16000, 8000)]
    [InlineData(8000, 16000)]
    [InlineData(48000, 8000)]
    [InlineData(8000, 48000)]
    [InlineData(44100, 16000)]
    [InlineData(8000, 7919)] // a prime rate: too many phases for a table, the kernel is evaluated per sample
    public void Resample_KeepsA1kHzTone_FrequencyAndAmplitude(int inputRate, int outputRate)
    {
        short[] input = Signal.Tone(1000, 10000, inputRate, 3 * inputRate);

        short[] output = Resampler.Resample(input, inputRate, outputRate);

        // The middle second holds exactly 1000 cycles at any rate, away from the edges' transients.
        ReadOnlySpan<short> middle = output.AsSpan(outputRate, outputRate);
        double amplitude = Signal.ToneAmplitude(middle, 1000, outputRate);
        Assert.InRange(amplitude, 9950, 10050);
        double shareAt1kHz = amplitude / (Signal.Rms(middle) * Math.Sqrt(2));
        Assert.InRange(shareAt1kHz, 0.999, 1.001);
    }

    [Theory]
    [InlineData(16000, 8000, 4200)]
    [InlineData(16000, 8000, 6000)]
    [InlineData(48000, 8000, 4200)]
    [InlineData(48000, 8000, 15000)]
    [InlineData(22050, 8000, 4500)]
    [InlineData(22050, 8000, 9000)]
    [InlineData(16000, 8000, 7900)]
    public void Resample_AttenuatesAToneAboveTheNewNyquist_ByAtLeast30dB(int inputRate, int outputRate, int frequency)
    {
        short[] input = Signal.Tone(frequency, 10000, inputRate, 3 * inputRate);

        short[] output = Resampler.Resample(input, inputRate, outputRate);

        double inputRms = Signal.Rms(input.AsSpan(inputRate, inputRate));
        double outputRms = Signal.Rms(output.AsSpan(outputRate, outputRate));
        double attenuationDb = 20 * Math.Log10(inputRms / Math.Max(outputRms, 1e-9));
        Assert.True(attenuationDb >= 30, $"{frequency} Hz at {inputRate}→{outputRate}: only {attenuationDb:F1} dB");
    }

    [Fact]
    public void Resample_KeepsTheTelephoneBand_WithinHalfADecibel()
    {
        foreach (int frequency in new[] { 300, 1000, 2000, 3000, 3400 })
        {
            short[] input = Signal.Tone(frequency, 10000, 22050, 3 * 22050);

            short[] output = Resampler.Resample(input, 22050, 8000);

            double gainDb = 20 * Math.Log10(Signal.Rms(output.AsSpan(8000, 8000)) / Signal.Rms(input.AsSpan(22050, 22050)));
            Assert.True(Math.Abs(gainDb) <= 0.5, $"{frequency} Hz: {gainDb:F2} dB");
        }
    }

    [Theory]
    [InlineData(22050, 22050, 8000, 8000)]
    [InlineData(441, 22050, 8000, 160)]
    [InlineData(1001, 16000, 8000, 501)] // 500.5 rounds up
    [InlineData(1000, 16000, 8000, 500)]
    [InlineData(7, 48000, 8000, 1)] // 1.17
    [InlineData(11, 48000, 8000, 2)] // 1.83
    [InlineData(3, 8000, 16000, 6)]
    [InlineData(160, 8000, 48000, 960)]
    [InlineData(100, 22050, 8000, 36)] // 36.28
    [InlineData(0, 16000, 8000, 0)]
    public void Resample_OutputLength_IsTheRoundedRatio(int inputLength, int inputRate, int outputRate, int expected)
    {
        var resampler = new Resampler(inputRate, outputRate);

        short[] output = resampler.Resample(new short[inputLength]);

        Assert.Equal(expected, resampler.GetOutputLength(inputLength));
        Assert.Equal(expected, output.Length);
    }

    [Theory]
    [InlineData(16000, 8000, 4000, 2000)]
    [InlineData(22050, 8000, 22050, 8000)]
    [InlineData(8000, 48000, 1000, 6000)]
    [InlineData(48000, 8000, 6000, 1000)]
    public void Resample_KeepsTiming_AnImpulsePeaksAtTheScaledIndex(int inputRate, int outputRate, int impulseAt, int expectedPeak)
    {
        var input = new short[2 * inputRate];
        input[impulseAt] = 30000;

        short[] output = Resampler.Resample(input, inputRate, outputRate);

        int peak = 0;
        for (int i = 1; i < output.Length; i++)
        {
            if (output[i] > output[peak])
            {
                peak = i;
            }
        }

        Assert.Equal(expectedPeak, peak);
    }

    [Theory]
    [InlineData(22050, 8000)]
    [InlineData(8000, 48000)]
    public void Resample_KeepsAConstantSignalConstant_AwayFromTheEdges(int inputRate, int outputRate)
    {
        short[] input = new short[inputRate];
        Array.Fill(input, (short)-1234);

        short[] output = Resampler.Resample(input, inputRate, outputRate);

        foreach (short sample in output.AsSpan(outputRate / 4, outputRate / 2))
        {
            Assert.InRange(sample, -1235, -1233);
        }
    }

    [Fact]
    public void Resample_SaturatesInsteadOfWrappingAround()
    {
        // A full-scale square wave overshoots after low-pass filtering (Gibbs); it must clip, not wrap.
        var input = new short[16000];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (i / 40) % 2 == 0 ? short.MaxValue : short.MinValue;
        }

        short[] output = Resampler.Resample(input, 16000, 8000);

        // Output sample i sits on input sample 2i, in half period i / 20; away from the transitions every
        // sample must keep that half period's sign (a wrap-around would flip the overshoot's sign).
        for (int i = 100; i < output.Length - 100; i++)
        {
            int position = i % 20;
            if (position is < 3 or > 16)
            {
                continue;
            }

            bool positive = (i / 20) % 2 == 0;
            Assert.True(positive == output[i] > 0, $"sample {i} has the wrong sign: {output[i]}");
        }
    }

    [Fact]
    public void Resample_SameRate_ReturnsTheSameClip()
    {
        var clip = new AudioClip([1, -2, 3], 8000);

        Assert.Same(clip, Resampler.Resample(clip, 8000));
    }

    [Fact]
    public void Resample_Clip_CarriesTheNewRate()
    {
        var clip = new AudioClip(new short[22050], 22050);

        AudioClip resampled = Resampler.Resample(clip, 8000);

        Assert.Equal(8000, resampled.SampleRate);
        Assert.Equal(8000, resampled.Samples.Length);
        Assert.Equal(TimeSpan.FromSeconds(1), resampled.Duration);
    }

    [Fact]
    public void Resample_IntoASpanOfTheWrongLength_Throws()
    {
        var resampler = new Resampler(16000, 8000);

        var e = Assert.Throws<ArgumentException>(() => resampler.Resample(new short[100], new short[49]));
        Assert.Contains("exactly 50", e.Message, StringComparison.Ordinal);
    }
}
