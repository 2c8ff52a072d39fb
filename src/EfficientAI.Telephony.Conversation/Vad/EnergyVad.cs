namespace EfficientAI.Telephony.Conversation.Vad;

/// <summary>
/// Voice activity by level: per frame (RMS against a dBFS threshold) and per sample (|x| against an
/// amplitude) for exact speech edges. Stateless and allocation free, so one instance may be shared.
/// </summary>
public sealed class EnergyVad
{
    private const double FullScale = 32768.0;

    private readonly short _quietLow;
    private readonly short _quietHigh;
    private readonly long _speechSumOfSquaresPerSample;

    public EnergyVad(EnergyVadOptions? options = null)
    {
        Options = options ?? new EnergyVadOptions();
        Options.Validate();
        _quietLow = (short)(1 - Options.VoicedAmplitude);
        _quietHigh = (short)(Options.VoicedAmplitude - 1);

        // RMS ≥ r ⇔ Σx² ≥ n·r², so frames are judged on integers with no logarithm per frame.
        double rms = FullScale * Math.Pow(10, Options.ThresholdDbfs / 20);
        _speechSumOfSquaresPerSample = (long)Math.Ceiling(rms * rms);
    }

    public EnergyVadOptions Options { get; }

    /// <summary>True when the frame's RMS level reaches <see cref="EnergyVadOptions.ThresholdDbfs"/>.</summary>
    public bool IsSpeech(ReadOnlySpan<short> frame) =>
        !frame.IsEmpty && SumOfSquares(frame) >= _speechSumOfSquaresPerSample * frame.Length;

    /// <summary>True when |<paramref name="sample"/>| ≥ <see cref="EnergyVadOptions.VoicedAmplitude"/>.</summary>
    public bool IsVoiced(short sample) => sample < _quietLow || sample > _quietHigh;

    /// <summary>Index of the first voiced sample at or after <paramref name="start"/>, or −1.</summary>
    public int FindFirstVoicedSample(ReadOnlySpan<short> samples, int start = 0)
    {
        int index = samples[start..].IndexOfAnyExceptInRange(_quietLow, _quietHigh);
        return index < 0 ? -1 : start + index;
    }

    /// <summary>Index of the last voiced sample, or −1.</summary>
    public int FindLastVoicedSample(ReadOnlySpan<short> samples) =>
        samples.LastIndexOfAnyExceptInRange(_quietLow, _quietHigh);

    /// <summary>RMS level in dBFS (full scale 32768); −∞ for digital silence or an empty span.</summary>
    public static double MeasureRmsDbfs(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return double.NegativeInfinity;
        }

        double meanSquare = (double)SumOfSquares(samples) / samples.Length;
        return meanSquare == 0 ? double.NegativeInfinity : 10 * Math.Log10(meanSquare / (FullScale * FullScale));
    }

    private static long SumOfSquares(ReadOnlySpan<short> samples)
    {
        long sum = 0;
        foreach (short s in samples)
        {
            sum += s * s;
        }

        return sum;
    }
}
