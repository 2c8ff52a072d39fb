namespace EfficientAI.Telephony.Conversation.Audio;

/// <summary>Generated audio the reference agent plays besides speech: a voicemail beep and hold music.</summary>
public static class ToneGenerator
{
    /// <summary>
    /// A sine beep with 5 ms raised-cosine edges (no click). Voicemail systems commonly beep near 1 kHz
    /// for about half a second; both are parameters.
    /// </summary>
    public static short[] Beep(int sampleRate, double frequency = 1000, int milliseconds = 500, double amplitude = 8000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(milliseconds);
        int count = sampleRate * milliseconds / 1000;
        var samples = new short[count];
        int ramp = Math.Min(count / 2, sampleRate / 200);
        for (int i = 0; i < count; i++)
        {
            double gain = Math.Min(Ramp(i, ramp), Ramp(count - 1 - i, ramp));
            samples[i] = (short)Math.Round(amplitude * gain * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
        }

        return samples;
    }

    /// <summary>
    /// Hold music: a looping eight-note melody (C major, 250 ms per note, fundamental plus a softer octave,
    /// each note shaped by a short attack and decay), exactly <paramref name="duration"/> long.
    /// </summary>
    public static short[] HoldMusic(int sampleRate, TimeSpan duration, double amplitude = 6000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ReadOnlySpan<double> melody = [261.63, 329.63, 392.00, 523.25, 392.00, 329.63, 293.66, 349.23];
        long total = (long)Math.Round(duration.TotalSeconds * sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(total, nameof(duration));
        var samples = new short[total];
        int note = sampleRate / 4;
        int ramp = sampleRate / 100;
        for (long i = 0; i < total; i++)
        {
            double frequency = melody[(int)(i / note % melody.Length)];
            int position = (int)(i % note);
            double envelope = Math.Min(Ramp(position, ramp), 1.0 - (0.6 * position / note)) * Math.Min(1.0, (note - position) / (double)ramp);
            double t = (double)i / sampleRate;
            double value = Math.Sin(2 * Math.PI * frequency * t) + (0.3 * Math.Sin(4 * Math.PI * frequency * t));
            samples[i] = (short)Math.Round(amplitude / 1.3 * envelope * value);
        }

        return samples;
    }

    private static double Ramp(int position, int length) =>
        position >= length ? 1.0 : 0.5 - (0.5 * Math.Cos(Math.PI * position / length));
}
