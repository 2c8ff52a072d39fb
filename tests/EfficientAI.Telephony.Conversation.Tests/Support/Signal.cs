namespace EfficientAI.Telephony.Conversation.Tests.Support;

/// <summary>Synthetic test audio with edges known by construction.</summary>
internal static class Signal
{
    /// <summary>A sine of <paramref name="amplitude"/> starting at <paramref name="phase"/> radians.</summary>
    public static short[] Tone(double frequency, double amplitude, int sampleRate, int count, double phase = 0)
    {
        var samples = new short[count];
        for (int i = 0; i < count; i++)
        {
            samples[i] = (short)Math.Round(amplitude * Math.Sin((2 * Math.PI * frequency * i / sampleRate) + phase));
        }

        return samples;
    }

    /// <summary>
    /// A 1 kHz burst at 8 kHz of <paramref name="count"/> samples (a multiple of 8) that starts at a
    /// cosine peak: its first sample (+8000) and last sample (+5657) are both voiced, so its first and
    /// last voiced samples are exactly its ends.
    /// </summary>
    public static short[] Burst(int count, double amplitude = 8000)
    {
        if (count % 8 != 0)
        {
            throw new ArgumentException("Bursts are whole 1 kHz cycles at 8 kHz.", nameof(count));
        }

        return Tone(1000, amplitude, 8000, count, Math.PI / 2);
    }

    /// <summary>Uniform noise in [−peak, +peak] from a fixed seed.</summary>
    public static short[] Noise(int count, int peak, int seed)
    {
        var random = new Random(seed);
        var samples = new short[count];
        for (int i = 0; i < count; i++)
        {
            samples[i] = (short)random.Next(-peak, peak + 1);
        }

        return samples;
    }

    /// <summary>Adds <paramref name="part"/> into <paramref name="target"/> at <paramref name="offset"/>, saturating.</summary>
    public static void MixInto(short[] target, short[] part, int offset)
    {
        for (int i = 0; i < part.Length && offset + i < target.Length; i++)
        {
            target[offset + i] = (short)Math.Clamp(target[offset + i] + part[i], short.MinValue, short.MaxValue);
        }
    }

    public static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (short s in samples)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / samples.Length);
    }

    /// <summary>Amplitude of the <paramref name="frequency"/> component (Goertzel; exact for whole cycles).</summary>
    public static double ToneAmplitude(ReadOnlySpan<short> samples, double frequency, int sampleRate)
    {
        double coefficient = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double previous = 0, beforePrevious = 0;
        foreach (short s in samples)
        {
            double current = s + (coefficient * previous) - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }

        double power = (previous * previous) + (beforePrevious * beforePrevious) - (coefficient * previous * beforePrevious);
        return 2 * Math.Sqrt(Math.Max(0, power)) / samples.Length;
    }
}
