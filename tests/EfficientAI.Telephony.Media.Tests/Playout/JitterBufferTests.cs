using EfficientAI.Telephony.Media.Playout;

namespace EfficientAI.Telephony.Media.Tests.Playout;

/// <summary>
/// The jitter buffer driven by hand: packets inserted at chosen arrival samples, playout polled every 20 ms as the
/// pacer does. 8 kHz, 160-sample frames, 20-200 ms delay, 120 ms of concealment.
/// </summary>
public class JitterBufferTests
{
    private const int Frame = 160;
    private const long Transit = 40; // 5 ms on the way

    [Fact]
    public void InOrderPackets_LeaveAtRemoteIndexPlusTransitPlusMinimumDelay_WithTheirIndexAndSamplesUnchanged()
    {
        var buffer = NewBuffer();
        var played = new List<(PlayedFrame Frame, long At, short First)>();
        var pcm = new short[buffer.MaxFrameSamples];

        for (long now = 0; now <= 20 * Frame; now += 8)
        {
            long index = now - Transit;
            if (index >= 0 && index % Frame == 0 && index < 10 * Frame)
            {
                buffer.Insert(index, (ushort)(index / Frame), now, Marked(index));
            }

            while (buffer.TryPlayNext(now, pcm, out var frame))
            {
                played.Add((frame, now, pcm[0]));
            }
        }

        // After the last packet the buffer cannot know the stream ended: it conceals, as for a loss.
        Assert.All(played.Skip(10), p => Assert.True(p.Frame.Concealed));
        played = played.Take(10).ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i * Frame), played.Select(p => p.Frame.RemoteSampleIndex));
        Assert.All(played, p => Assert.False(p.Frame.Concealed));
        Assert.All(played, p => Assert.Equal((short)(p.Frame.RemoteSampleIndex / Frame), p.First));

        // Due at index + 5 ms + 20 ms, polled every 1 ms: released within one poll of it.
        Assert.All(played, p => Assert.InRange(p.At - (p.Frame.RemoteSampleIndex + Transit + Frame), 0, 7));
        var counters = buffer.Counters;
        Assert.Equal(10, counters.FramesPlayed);
        Assert.InRange(counters.MeanAddedDelayMs, 20, 21);
        Assert.Equal(20, counters.CurrentDelayMs);
    }

    [Fact]
    public void ReorderedPackets_WithinTheDelay_PlayInRemoteOrder_WithNothingConcealed()
    {
        var buffer = NewBuffer();
        buffer.Insert(0, 0, Transit, Marked(0));
        buffer.Insert(2 * Frame, 2, (2 * Frame) + Transit, Marked(2 * Frame));
        buffer.Insert(Frame, 1, (2 * Frame) + Transit + 10, Marked(Frame)); // overtaken by 2, 10 samples behind it

        var frames = PlayUntil(buffer, 10 * Frame);

        Assert.Equal(new long[] { 0, Frame, 2 * Frame }, frames.Where(f => !f.Concealed).Select(f => f.RemoteSampleIndex));
        Assert.All(frames.Where(f => f.Concealed), f => Assert.True(f.RemoteSampleIndex > 2 * Frame));
    }

    [Fact]
    public void AMissingPacket_IsConcealedAtItsIndex_AndWhenItComesLater_ItIsLate()
    {
        var buffer = NewBuffer();
        for (int i = 0; i < 6; i++)
        {
            if (i != 3)
            {
                buffer.Insert(i * Frame, (ushort)i, (i * Frame) + Transit, Marked(i * Frame));
            }
        }

        var frames = PlayUntil(buffer, 8 * Frame).Take(6).ToList();
        var outcome = buffer.Insert(3 * Frame, 3, 8 * Frame, Marked(3 * Frame));

        Assert.Equal(Enumerable.Range(0, 6).Select(i => (long)i * Frame), frames.Select(f => f.RemoteSampleIndex));
        Assert.Equal(new[] { false, false, false, true, false, false }, frames.Select(f => f.Concealed));
        Assert.Equal(Frame, frames[3].Samples);
        Assert.Equal(JitterBufferInsert.Late, outcome);
        var counters = buffer.Counters;
        Assert.Equal(1, counters.PacketsLate);
        Assert.Equal(5, counters.FramesPlayed);
    }

    [Fact]
    public void ASecondPacketForTheSamePosition_IsADuplicate()
    {
        var buffer = NewBuffer();

        Assert.Equal(JitterBufferInsert.Buffered, buffer.Insert(0, 0, Transit, Marked(0)));
        Assert.Equal(JitterBufferInsert.Duplicate, buffer.Insert(0, 0, Transit + 3, Marked(0)));
        Assert.Equal(1, buffer.Counters.PacketsDuplicate);
    }

    [Fact]
    public void TheDelay_FollowsTheLargestRecentRelativeDelay_AndStopsAtTheMaximum()
    {
        var buffer = NewBuffer();
        buffer.Insert(0, 0, Transit, Marked(0));
        buffer.Insert(Frame, 1, Frame + Transit + 480, Marked(Frame)); // 60 ms slower than the first
        Assert.Equal(60, buffer.Counters.CurrentDelayMs);

        buffer.Insert(2 * Frame, 2, (2 * Frame) + Transit + 4000, Marked(2 * Frame)); // 500 ms slower
        Assert.Equal(200, buffer.Counters.CurrentDelayMs);
    }

    [Fact]
    public void WhenTheStreamStops_ConcealmentEndsAfterTheLimit_AndPlayoutResumesWithTheNextPacket()
    {
        var buffer = NewBuffer();
        buffer.Insert(0, 0, Transit, Marked(0));
        var beforeGap = PlayUntil(buffer, 100 * Frame);

        // 120 ms of concealment (6 frames), then nothing however long the silence lasts.
        Assert.Equal(7, beforeGap.Count);
        Assert.Equal(6, beforeGap.Count(f => f.Concealed));

        buffer.Insert(100 * Frame, 100, (100 * Frame) + Transit, Marked(100 * Frame));
        var after = PlayUntil(buffer, 110 * Frame);
        Assert.Equal([100L * Frame], after.Select(f => f.RemoteSampleIndex).Take(1));
        Assert.False(after[0].Concealed);
    }

    [Fact]
    public void ASenderWhoseClockRuns1PercentSlow_ForAMinute_LosesNothing()
    {
        var buffer = NewBuffer();
        var pcm = new short[buffer.MaxFrameSamples];
        var audio = new short[Frame];
        for (int i = 0; i < 3000; i++)
        {
            // Each packet leaves 20.2 ms after the previous one while its timestamp says 20 ms.
            long arrival = (i * Frame * 101 / 100) + Transit;
            buffer.Insert((long)i * Frame, (ushort)i, arrival, audio);
            while (buffer.TryPlayNext(arrival, pcm, out _))
            {
            }
        }

        var counters = buffer.Counters;
        Assert.Equal(0, counters.PacketsLate);
        Assert.Equal(0, counters.FramesConcealed);
        Assert.InRange(counters.FramesPlayed, 2990, 3000);
    }

    [Fact]
    public void ATimestampJump_InSequence_IsSilenceSuppression_NotALoss()
    {
        var buffer = NewBuffer();
        buffer.Insert(0, 7, Transit, Marked(0));
        buffer.Insert(50 * Frame, 8, (50 * Frame) + Transit, Marked(50 * Frame));

        var frames = PlayUntil(buffer, 60 * Frame);

        Assert.Equal(new long[] { 0, 50 * Frame }, frames.Where(f => !f.Concealed).Select(f => f.RemoteSampleIndex));
        Assert.DoesNotContain(frames, f => f.Concealed && f.RemoteSampleIndex < 50 * Frame);
    }

    [Fact]
    public void Drain_ReleasesWhatIsHeld_BeforeItIsDue_AndNothingAfterTheLastPacket()
    {
        var buffer = NewBuffer();
        buffer.Insert(0, 0, Transit, Marked(0));
        buffer.Insert(2 * Frame, 2, (2 * Frame) + Transit, Marked(2 * Frame));
        var pcm = new short[buffer.MaxFrameSamples];
        var frames = new List<PlayedFrame>();

        while (buffer.TryDrainNext(pcm, out var frame))
        {
            frames.Add(frame);
        }

        Assert.Equal(new long[] { 0, Frame, 2 * Frame }, frames.Select(f => f.RemoteSampleIndex));
        Assert.Equal(new[] { false, true, false }, frames.Select(f => f.Concealed));
    }

    [Fact]
    public void InsertAndPlay_AllocateNothing_OnceWarm()
    {
        var buffer = NewBuffer();
        var pcm = new short[buffer.MaxFrameSamples];
        var audio = new short[Frame];

        void Run(int from, int to)
        {
            for (int i = from; i < to; i++)
            {
                if (i % 17 != 5)
                {
                    buffer.Insert((long)i * Frame, (ushort)i, ((long)i * Frame) + Transit, audio);
                }

                while (buffer.TryPlayNext(((long)i * Frame) + Transit, pcm, out _))
                {
                }
            }
        }

        Run(0, 100);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(100, 1100);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(buffer.Counters.FramesConcealed > 50);
    }

    private static JitterBuffer NewBuffer() => new(8000, Frame, JitterBufferOptions.Default);

    /// <summary>A frame whose samples all hold its frame number, so the played frame shows which packet it was.</summary>
    private static short[] Marked(long index) => Enumerable.Repeat((short)(index / Frame), Frame).ToArray();

    private static List<PlayedFrame> PlayUntil(JitterBuffer buffer, long end)
    {
        var pcm = new short[buffer.MaxFrameSamples];
        var frames = new List<PlayedFrame>();
        for (long now = 0; now <= end; now += Frame)
        {
            while (buffer.TryPlayNext(now, pcm, out var frame))
            {
                frames.Add(frame);
            }
        }

        return frames;
    }
}
