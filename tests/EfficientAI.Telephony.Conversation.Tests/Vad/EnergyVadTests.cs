using EfficientAI.Telephony.Conversation.Tests.Support;
using EfficientAI.Telephony.Conversation.Vad;

namespace EfficientAI.Telephony.Conversation.Tests.Vad;

public sealed class EnergyVadTests
{
    private readonly EnergyVad _vad = new();

    [Fact]
    public void MeasureRmsDbfs_FullScaleSquareWave_IsZero()
    {
        short[] square = [.. Enumerable.Range(0, 160).Select(i => i % 2 == 0 ? short.MinValue : short.MaxValue)];

        Assert.Equal(0, EnergyVad.MeasureRmsDbfs(square), 3);
    }

    [Fact]
    public void MeasureRmsDbfs_ASineOfAmplitudeOneTenthFullScale_IsMinus23dB()
    {
        // 20·log10(0.1) for the peak, −3.01 dB from peak to RMS for a sine.
        short[] sine = Signal.Tone(1000, 3276.8, 8000, 800);

        Assert.Equal(-23.01, EnergyVad.MeasureRmsDbfs(sine), 2);
    }

    [Fact]
    public void MeasureRmsDbfs_DigitalSilence_IsMinusInfinity()
    {
        Assert.Equal(double.NegativeInfinity, EnergyVad.MeasureRmsDbfs(new short[160]));
    }

    [Theory]
    [InlineData(330, true)] // a constant 330 is RMS −39.9 dBFS
    [InlineData(325, false)] // −40.06 dBFS
    public void IsSpeech_ComparesTheFrameRmsWithTheThreshold(short level, bool expected)
    {
        var frame = new short[160];
        for (int i = 0; i < frame.Length; i++)
        {
            frame[i] = (short)(i % 2 == 0 ? level : -level);
        }

        Assert.Equal(expected, _vad.IsSpeech(frame));
    }

    [Fact]
    public void IsSpeech_NoiseBelowTheThreshold_IsNotSpeech_AndSpeechLevelToneIs()
    {
        Assert.False(_vad.IsSpeech(Signal.Noise(160, 250, seed: 7))); // RMS ≈ 144: −47 dBFS
        Assert.True(_vad.IsSpeech(Signal.Tone(440, 3000, 8000, 160)));
    }

    [Theory]
    [InlineData(new short[] { 0, 299, -299, 300, 5000 }, 3)]
    [InlineData(new short[] { 0, 299, -299, -300, 5000 }, 3)]
    [InlineData(new short[] { short.MinValue }, 0)]
    [InlineData(new short[] { 12, -299, 299 }, -1)]
    [InlineData(new short[] { }, -1)]
    public void FindFirstVoicedSample_IsTheFirstSampleWithMagnitudeAtLeastTheAmplitude(short[] samples, int expected)
    {
        Assert.Equal(expected, _vad.FindFirstVoicedSample(samples));
    }

    [Theory]
    [InlineData(new short[] { 5000, -300, 299, -299, 0 }, 1)]
    [InlineData(new short[] { 300, 0, 0, 0 }, 0)]
    [InlineData(new short[] { 0, 0, short.MaxValue }, 2)]
    [InlineData(new short[] { 1, 2, 3 }, -1)]
    public void FindLastVoicedSample_IsTheLastSampleWithMagnitudeAtLeastTheAmplitude(short[] samples, int expected)
    {
        Assert.Equal(expected, _vad.FindLastVoicedSample(samples));
    }

    [Fact]
    public void FindFirstVoicedSample_FromAStartIndex_SkipsEarlierSamples()
    {
        short[] samples = [400, 0, 0, -400, 0];

        Assert.Equal(3, _vad.FindFirstVoicedSample(samples, start: 1));
    }

    [Fact]
    public void VoicedAmplitude_IsConfigurable()
    {
        var vad = new EnergyVad(new EnergyVadOptions { VoicedAmplitude = 1000 });

        Assert.Equal(2, vad.FindFirstVoicedSample([999, -999, -1000]));
        Assert.True(vad.IsVoiced(-1000));
        Assert.False(vad.IsVoiced(999));
    }

    [Theory]
    [InlineData(0, -40)]
    [InlineData(40000, -40)]
    [InlineData(300, 3)]
    public void Options_OutOfRange_AreRejectedByName(int amplitude, double thresholdDbfs)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new EnergyVad(new EnergyVadOptions { VoicedAmplitude = amplitude, ThresholdDbfs = thresholdDbfs }));
        Assert.Contains(amplitude is 0 or 40000 ? "VoicedAmplitude" : "ThresholdDbfs", e.Message, StringComparison.Ordinal);
    }
}
