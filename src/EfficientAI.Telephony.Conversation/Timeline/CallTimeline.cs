using System.Collections.Concurrent;

namespace EfficientAI.Telephony.Conversation.Timeline;

/// <summary>
/// Every event of one call on its media clock. Appending is lock free, so the receive thread, the
/// pacer and background tasks all append without waiting on each other; a snapshot is ordered by
/// sample index (events with equal stamps keep their append order).
/// </summary>
public sealed class CallTimeline
{
    private readonly ConcurrentQueue<(long Sequence, TimelineEvent Event)> _events = new();
    private long _sequence;

    public CallTimeline(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        SampleRate = sampleRate;
    }

    /// <summary>Rate of the media clock the sample indices count (8000 for G.711).</summary>
    public int SampleRate { get; }

    public int Count => _events.Count;

    public void Append(TimelineEvent timelineEvent)
    {
        ArgumentNullException.ThrowIfNull(timelineEvent);
        _events.Enqueue((Interlocked.Increment(ref _sequence), timelineEvent));
    }

    public void Append(long sampleIndex, TimelineEventKind kind, Speaker? speaker = null, string? text = null) =>
        Append(new TimelineEvent(sampleIndex, kind, speaker, text));

    public IReadOnlyList<TimelineEvent> Snapshot()
    {
        var items = _events.ToArray();
        Array.Sort(items, static (a, b) => a.Event.SampleIndex != b.Event.SampleIndex
            ? a.Event.SampleIndex.CompareTo(b.Event.SampleIndex)
            : a.Sequence.CompareTo(b.Sequence));
        return Array.ConvertAll(items, static item => item.Event);
    }

    public double ToMilliseconds(long sampleIndex) => sampleIndex * 1000.0 / SampleRate;

    /// <summary>The sample index <paramref name="offset"/> after sample 0 (rounded to the nearest sample).</summary>
    public long ToSampleIndex(TimeSpan offset) =>
        (long)Math.Round(offset.TotalSeconds * SampleRate, MidpointRounding.AwayFromZero);
}
