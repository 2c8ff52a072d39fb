using EfficientAI.Telephony.Media.Rtp;
using Microsoft.Extensions.Time.Testing;

namespace EfficientAI.Telephony.Media.Tests.Rtp;

public class MediaClockTests
{
    [Fact]
    public void Now_CountsSamplesSinceTheAnchor()
    {
        var time = new FakeTimeProvider();
        var clock = new MediaClock(time, 8000);

        Assert.Equal(0, clock.Now);
        time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(160, clock.Now);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(8160, clock.Now);
    }

    [Fact]
    public void SampleIndexAt_RoundsDown_AlsoBeforeTheAnchor()
    {
        var time = new FakeTimeProvider();
        var clock = new MediaClock(time, 8000, anchorTimestamp: 1_000_000);
        long unitsPerSample = time.TimestampFrequency / 8000;

        Assert.Equal(0, clock.SampleIndexAt(1_000_000 + unitsPerSample - 1));
        Assert.Equal(1, clock.SampleIndexAt(1_000_000 + unitsPerSample));
        Assert.Equal(-1, clock.SampleIndexAt(1_000_000 - 1));
    }

    [Fact]
    public void TimestampAt_IsTheInverseOfSampleIndexAt()
    {
        var time = new FakeTimeProvider();
        var clock = new MediaClock(time, 48000);

        foreach (long sample in new long[] { 0, 1, 47, 48000, 123_456_789, -5 })
        {
            Assert.Equal(sample, clock.SampleIndexAt(clock.TimestampAt(sample)));
            Assert.Equal(sample - 1, clock.SampleIndexAt(clock.TimestampAt(sample) - 1));
        }
    }

    [Fact]
    public void SampleIndexAt_DoesNotOverflow_OnAHundredHourCall()
    {
        var time = new FakeTimeProvider();
        var clock = new MediaClock(time, 48000);

        time.Advance(TimeSpan.FromHours(100));

        Assert.Equal(100L * 3600 * 48000, clock.Now);
    }

    [Fact]
    public void ToMilliseconds_AndToSamples_ConvertAtTheSampleRate()
    {
        var clock = new MediaClock(new FakeTimeProvider(), 8000);

        Assert.Equal(20.0, clock.ToMilliseconds(160));
        Assert.Equal(160, clock.ToSamples(TimeSpan.FromMilliseconds(20)));
    }
}
