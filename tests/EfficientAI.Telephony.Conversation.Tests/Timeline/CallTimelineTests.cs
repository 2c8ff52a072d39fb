using EfficientAI.Telephony.Conversation.Timeline;

namespace EfficientAI.Telephony.Conversation.Tests.Timeline;

public sealed class CallTimelineTests
{
    [Fact]
    public void Snapshot_IsOrderedBySampleIndex_KeepingAppendOrderForEqualStamps()
    {
        var timeline = new CallTimeline(8000);
        timeline.Append(800, TimelineEventKind.SpeechEnded, Speaker.Agent);
        timeline.Append(0, TimelineEventKind.CallStarted);
        timeline.Append(400, TimelineEventKind.TtsStarted, Speaker.Caller, "first");
        timeline.Append(400, TimelineEventKind.SpeechStarted, Speaker.Caller);

        IReadOnlyList<TimelineEvent> events = timeline.Snapshot();

        Assert.Equal(
            [
                new TimelineEvent(0, TimelineEventKind.CallStarted, null, null),
                new TimelineEvent(400, TimelineEventKind.TtsStarted, Speaker.Caller, "first"),
                new TimelineEvent(400, TimelineEventKind.SpeechStarted, Speaker.Caller, null),
                new TimelineEvent(800, TimelineEventKind.SpeechEnded, Speaker.Agent, null),
            ],
            events);
    }

    [Fact]
    public async Task Append_FromManyThreadsAtOnce_KeepsEveryEvent()
    {
        var timeline = new CallTimeline(8000);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(thread => Task.Run(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                timeline.Append((i * 8) + thread, TimelineEventKind.Note, null, null);
            }
        })));

        IReadOnlyList<TimelineEvent> events = timeline.Snapshot();
        Assert.Equal(8000, events.Count);
        Assert.Equal(Enumerable.Range(0, 8000).Select(i => (long)i), events.Select(e => e.SampleIndex));
    }

    [Theory]
    [InlineData(8000, 8000, 1000)]
    [InlineData(8000, 1, 0.125)]
    [InlineData(48000, 960, 20)]
    public void ToMilliseconds_DividesByTheClockRate(int rate, long samples, double expected)
    {
        Assert.Equal(expected, new CallTimeline(rate).ToMilliseconds(samples));
    }

    [Fact]
    public void ToSampleIndex_RoundsToTheNearestSample()
    {
        var timeline = new CallTimeline(8000);

        Assert.Equal(4800, timeline.ToSampleIndex(TimeSpan.FromMilliseconds(600)));
        Assert.Equal(1, timeline.ToSampleIndex(TimeSpan.FromMicroseconds(63)));
    }
}
