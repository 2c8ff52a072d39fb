using EfficientAI.Telephony.Media.Audio;
using EfficientAI.Telephony.Media.Tests.Codecs;

namespace EfficientAI.Telephony.Media.Tests.Audio;

public sealed class PolyphaseResamplerTests
{
    [Theory]
    [InlineData(2, 1000)]
    [InlineData(2, 3000)]
    [InlineData(6, 440)]
    [InlineData(6, 3300)]
    public void Upsampling_a_tone_keeps_its_frequency_and_level(int factor, int frequency)
    {
        var up = PolyphaseResampler.Up(factor);
        var input = AudioAnalysis.Tone(8000, frequency, 8000, 10000);
        var output = new short[8000 * factor];
        for (int offset = 0; offset < input.Length; offset += 160)
        {
            Assert.Equal(160 * factor, up.Process(input.AsSpan(offset, 160), output.AsSpan(offset * factor, 160 * factor)));
        }

        var settled = output.AsSpan(output.Length / 2);
        Assert.InRange(AudioAnalysis.Rms(settled), 10000 / Math.Sqrt(2) * 0.95, 10000 / Math.Sqrt(2) * 1.05);
        Assert.True(AudioAnalysis.PowerShareAt(settled, frequency, 8000 * factor) > 0.99);
    }

    [Theory]
    [InlineData(2, 1000)]
    [InlineData(6, 2500)]
    public void Downsampling_a_tone_in_the_telephone_band_keeps_it_and_rejects_one_above(int factor, int frequency)
    {
        int rate = 8000 * factor;
        var inBand = AudioAnalysis.Tone(rate, frequency, rate, 10000);
        var outOfBand = AudioAnalysis.Tone(rate, 5000, rate, 10000);
        var down = PolyphaseResampler.Down(factor);
        var output = new short[8000];
        down.Process(inBand, output);
        var settled = output.AsSpan(4000);
        Assert.InRange(AudioAnalysis.Rms(settled), 10000 / Math.Sqrt(2) * 0.95, 10000 / Math.Sqrt(2) * 1.05);
        Assert.True(AudioAnalysis.PowerShareAt(settled, frequency, 8000) > 0.99);

        // 5 kHz would alias to 3 kHz at 8 kHz: the filter must have removed it (more than 40 dB down).
        down.Reset();
        down.Process(outOfBand, output);
        Assert.True(AudioAnalysis.Rms(output.AsSpan(4000)) < 10000 / Math.Sqrt(2) / 100);
    }

    [Fact]
    public void Frame_by_frame_output_equals_one_block()
    {
        var input = AudioAnalysis.Tone(1600, 700, 8000, 12000);
        var whole = new short[9600];
        PolyphaseResampler.Up(6).Process(input, whole);
        var framed = new short[9600];
        var up = PolyphaseResampler.Up(6);
        for (int offset = 0; offset < input.Length; offset += 160)
        {
            up.Process(input.AsSpan(offset, 160), framed.AsSpan(offset * 6, 960));
        }

        Assert.Equal(whole, framed);
    }

    [Fact]
    public void Bad_lengths_are_clear_errors_and_steady_state_allocates_nothing()
    {
        var down = PolyphaseResampler.Down(6);
        Assert.Throws<ArgumentException>(() => down.Process(new short[961], new short[200]));
        Assert.Throws<ArgumentException>(() => PolyphaseResampler.Up(2).Process(new short[160], new short[319]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PolyphaseResampler.Up(1));

        var up = PolyphaseResampler.Up(6);
        var pcm = new short[160];
        var wide = new short[960];
        up.Process(pcm, wide);
        down.Process(wide, pcm);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            up.Process(pcm, wide);
            down.Process(wide, pcm);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
