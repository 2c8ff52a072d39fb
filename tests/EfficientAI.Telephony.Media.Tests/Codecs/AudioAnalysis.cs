namespace EfficientAI.Telephony.Media.Tests.Codecs;

/// <summary>Level and frequency measures for checking a tone after a codec or a resampler.</summary>
internal static class AudioAnalysis
{
    public static double Rms(ReadOnlySpan<short> pcm)
    {
        double sum = 0;
        foreach (short s in pcm)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / pcm.Length);
    }

    /// <summary>The share (0…1) of the signal's power at <paramref name="frequency"/> (Goertzel, one bin).</summary>
    public static double PowerShareAt(ReadOnlySpan<short> pcm, double frequency, int sampleRate)
    {
        double coefficient = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double previous = 0;
        double beforePrevious = 0;
        double total = 0;
        foreach (short s in pcm)
        {
            double current = s + (coefficient * previous) - beforePrevious;
            beforePrevious = previous;
            previous = current;
            total += (double)s * s;
        }

        double binPower = (previous * previous) + (beforePrevious * beforePrevious) - (coefficient * previous * beforePrevious);

        // A pure tone of power P over N samples gives a bin power of N²·P/2·… : normalise so a pure tone reads ≈ 1.
        return total == 0 ? 0 : 2 * binPower / (pcm.Length * total);
    }

    /// <summary>The frequency in [<paramref name="low"/>, <paramref name="high"/>] with the largest Goertzel power, in 10 Hz steps.</summary>
    public static double DominantFrequency(ReadOnlySpan<short> pcm, int sampleRate, double low = 100, double high = 3900)
    {
        double best = low;
        double bestShare = -1;
        for (double f = low; f <= high; f += 10)
        {
            double share = PowerShareAt(pcm, f, sampleRate);
            if (share > bestShare)
            {
                bestShare = share;
                best = f;
            }
        }

        return best;
    }

    public static short[] Tone(int samples, double frequency, int sampleRate, double amplitude, long start = 0)
    {
        var pcm = new short[samples];
        for (int i = 0; i < samples; i++)
        {
            pcm[i] = (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * frequency * (start + i) / sampleRate));
        }

        return pcm;
    }
}
