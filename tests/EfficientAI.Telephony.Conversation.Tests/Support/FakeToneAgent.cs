namespace EfficientAI.Telephony.Conversation.Tests.Support;

/// <summary>
/// A voice agent reduced to arithmetic, for testing the caller: it plays a greeting burst at a fixed
/// sample, then answers each caller line (heard as samples with |x| ≥ 300 followed by 200 ms of
/// silence) with a burst starting exactly <c>replyGap</c> samples after the caller's last voiced sample.
/// </summary>
internal sealed class FakeToneAgent(int greetingStart, int greetingLength, int replyGap, int replyLength, int maxReplies = int.MaxValue)
{
    private const int LineEndSilence = 1600;

    private readonly List<(long Start, short[] Samples)> _bursts = greetingLength > 0 ? [(greetingStart, Signal.Burst(greetingLength))] : [];
    private long _lastVoiced = -1;
    private bool _hearingLine;

    public List<long> CallerLinesEndedAt { get; } = [];

    public List<long> ReplyStarts { get; } = [];

    /// <summary>Adds a burst at an absolute sample, e.g. a backchannel.</summary>
    public void AddBurst(long start, int length) => _bursts.Add((start, Signal.Burst(length)));

    public void Hear(long sampleIndex, ReadOnlySpan<short> frame)
    {
        for (int i = 0; i < frame.Length; i++)
        {
            long index = sampleIndex + i;
            if (Math.Abs((int)frame[i]) >= 300)
            {
                _lastVoiced = index;
                _hearingLine = true;
            }
            else if (_hearingLine && index - _lastVoiced >= LineEndSilence)
            {
                _hearingLine = false;
                CallerLinesEndedAt.Add(_lastVoiced);
                if (ReplyStarts.Count < maxReplies)
                {
                    long start = _lastVoiced + replyGap;
                    ReplyStarts.Add(start);
                    AddBurst(start, replyLength);
                }
            }
        }
    }

    public void Speak(long sampleIndex, Span<short> frame)
    {
        frame.Clear();
        foreach ((long start, short[] samples) in _bursts)
        {
            for (int i = 0; i < frame.Length; i++)
            {
                long offset = sampleIndex + i - start;
                if (offset >= 0 && offset < samples.Length)
                {
                    frame[i] = samples[offset];
                }
            }
        }
    }
}
