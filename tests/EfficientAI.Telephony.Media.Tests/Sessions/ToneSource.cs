using EfficientAI.Telephony.Media.Sessions;

namespace EfficientAI.Telephony.Media.Tests.Sessions;

/// <summary>A sine tone addressed by sample index, so any frame's content is known from its index alone.</summary>
internal sealed class ToneSource(double frequency, short amplitude, int sampleRate = 8000) : IMediaSource
{
    private long _firstSampleIndex = long.MinValue;
    private int _frames;

    /// <summary>The sample index of the first frame asked for.</summary>
    public long FirstSampleIndex => Interlocked.Read(ref _firstSampleIndex);

    public int Frames => Volatile.Read(ref _frames);

    public short SampleAt(long sampleIndex) =>
        (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * frequency * sampleIndex / sampleRate));

    public void ReadFrame(long sampleIndex, Span<short> frame)
    {
        Interlocked.CompareExchange(ref _firstSampleIndex, sampleIndex, long.MinValue);
        for (int i = 0; i < frame.Length; i++)
        {
            frame[i] = SampleAt(sampleIndex + i);
        }

        Interlocked.Increment(ref _frames);
    }
}
