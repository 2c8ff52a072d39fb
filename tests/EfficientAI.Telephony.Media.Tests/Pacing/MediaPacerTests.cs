using System.Diagnostics;
using EfficientAI.Telephony.Media.Pacing;

namespace EfficientAI.Telephony.Media.Tests.Pacing;

/// <summary>
/// The real loop, briefly. Timing goals are benchmarks; these assert only counts and order, which do not depend on
/// how busy the machine is.
/// </summary>
public class MediaPacerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Pacer_CallsEveryStreamOncePerTick_InRegistrationOrder_WithConsecutiveTickIndices()
    {
        using var pacer = new MediaPacer(TimeProvider.System);
        var calls = new List<(string Stream, long Tick)>();
        var first = new RecordingStream("first", calls, stopAfter: 50);
        var second = new RecordingStream("second", calls);

        using (var registrationOfFirst = pacer.Register(first))
        using (var registrationOfSecond = pacer.Register(second))
        {
            await first.Done.Task.WaitAsync(Patience);
        }

        List<(string Stream, long Tick)> snapshot;
        lock (calls)
        {
            snapshot = [.. calls];
        }

        var firstTicks = snapshot.Where(c => c.Stream == "first").Select(c => c.Tick).ToList();
        Assert.True(firstTicks.Count >= 50);
        Assert.Equal(Enumerable.Range(0, firstTicks.Count).Select(i => firstTicks[0] + i), firstTicks);

        // Every call of the second stream comes right after the first's call for the same tick, and the second
        // is called on consecutive ticks from its registration to its removal.
        var secondTicks = new List<long>();
        for (int i = 0; i < snapshot.Count; i++)
        {
            if (snapshot[i].Stream == "second")
            {
                Assert.True(i > 0);
                Assert.Equal(("first", snapshot[i].Tick), snapshot[i - 1]);
                secondTicks.Add(snapshot[i].Tick);
            }
        }

        Assert.True(secondTicks.Count >= 25, $"second stream ticks: {secondTicks.Count}");
        Assert.Equal(Enumerable.Range(0, secondTicks.Count).Select(i => secondTicks[0] + i), secondTicks);

        Assert.True(pacer.TicksTotal >= 50);
        Assert.Equal(firstTicks.Count + snapshot.Count(c => c.Stream == "second"), pacer.StreamTicksTotal);
    }

    [Fact]
    public async Task Pacer_AfterARegistrationIsDisposed_NeverCallsThatStreamAgain()
    {
        using var pacer = new MediaPacer(TimeProvider.System);
        var calls = new List<(string Stream, long Tick)>();
        var stream = new RecordingStream("only", calls, stopAfter: 5);
        var registration = pacer.Register(stream);
        await stream.Done.Task.WaitAsync(Patience);

        registration.Dispose();
        int countAtDispose;
        lock (calls)
        {
            countAtDispose = calls.Count;
        }

        await Task.Delay(TimeSpan.FromMilliseconds(200));

        lock (calls)
        {
            Assert.Equal(countAtDispose, calls.Count);
        }

        Assert.Equal(countAtDispose, registration.Ticks);
        Assert.Equal(0, pacer.StreamCount);
    }

    [Fact]
    public async Task Pacer_WhenATickOverrunsByMoreThanAFrame_RunsEachMissedTickLate_WithoutSkippingAny()
    {
        using var pacer = new MediaPacer(TimeProvider.System);
        var calls = new List<(string Stream, long Tick)>();
        var stalling = new RecordingStream("stalling", calls, stopAfter: 12, stallOnCall: 3, stall: TimeSpan.FromMilliseconds(50));
        var registration = pacer.Register(stalling);

        await stalling.Done.Task.WaitAsync(Patience);
        registration.Dispose();

        var ticks = stalling.Ticks;
        Assert.Equal(Enumerable.Range(0, ticks.Count).Select(i => ticks[0] + i), ticks);

        // A 50 ms stall on one tick makes at least the next two start more than 2 ms after their deadlines.
        Assert.True(registration.LateTicks >= 2, $"late ticks: {registration.LateTicks}");
        Assert.True(pacer.LateTicksTotal >= 2, $"late ticks: {pacer.LateTicksTotal}");
        Assert.True(stalling.LateFlags.Skip(3).Take(2).All(late => late), string.Join(",", stalling.LateFlags));
    }

    [Fact]
    public async Task Pacer_AStreamThatThrows_DoesNotStopTheOthers()
    {
        using var pacer = new MediaPacer(TimeProvider.System);
        var calls = new List<(string Stream, long Tick)>();
        var faulty = new ThrowingStream();
        var healthy = new RecordingStream("healthy", calls, stopAfter: 10);
        using var faultyRegistration = pacer.Register(faulty);
        using var healthyRegistration = pacer.Register(healthy);

        await healthy.Done.Task.WaitAsync(Patience);

        Assert.True(faultyRegistration.Faults >= 10);
    }

    [Fact]
    public void Pacer_AfterDispose_RefusesRegistrations()
    {
        var pacer = new MediaPacer(TimeProvider.System);
        pacer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pacer.Register(new ThrowingStream()));
    }

    private sealed class RecordingStream(
        string name,
        List<(string Stream, long Tick)> calls,
        int stopAfter = int.MaxValue,
        int stallOnCall = -1,
        TimeSpan stall = default) : IPacedStream
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<long> Ticks { get; } = [];

        public List<bool> LateFlags { get; } = [];

        public void OnTick(long tickIndex, long deadlineTimestamp, bool late)
        {
            lock (calls)
            {
                calls.Add((name, tickIndex));
            }

            Ticks.Add(tickIndex);
            LateFlags.Add(late);
            if (Ticks.Count == stallOnCall)
            {
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed < stall)
                {
                    Thread.SpinWait(100);
                }
            }

            if (Ticks.Count >= stopAfter)
            {
                Done.TrySetResult();
            }
        }
    }

    private sealed class ThrowingStream : IPacedStream
    {
        public void OnTick(long tickIndex, long deadlineTimestamp, bool late) =>
            throw new InvalidOperationException("a bug in a stream");
    }
}
