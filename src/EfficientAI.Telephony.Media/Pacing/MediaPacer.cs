using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Media.Pacing;

/// <summary>
/// The one loop that paces every call's outgoing frames: a dedicated thread that, at each tick of an absolute
/// 20 ms grid (see <see cref="PacerGrid"/>), calls every registered stream in registration order. It blocks on a
/// wait handle until about a millisecond before the deadline and spins the rest, so a thousand calls cost one
/// thread and no timers. A tick that starts late is counted, and a loop that fell behind runs each missed tick
/// rather than skipping or merging them.
/// </summary>
public sealed class MediaPacer : IDisposable
{
    /// <summary>The default tick period, the customary RTP packet time.</summary>
    public static readonly TimeSpan DefaultFrameDuration = TimeSpan.FromMilliseconds(20);

    /// <summary>How late a tick may start before it is counted late.</summary>
    public static readonly TimeSpan DefaultLateThreshold = TimeSpan.FromMilliseconds(2);

    /// <summary>How long before a deadline blocking stops and spinning starts, to absorb the OS wake-up latency.</summary>
    private static readonly TimeSpan SpinMargin = TimeSpan.FromMilliseconds(1);

    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _signal = new(false, spinCount: 0);
    private readonly Lock _gate = new();
    private PacerRegistration[] _registrations = [];
    private volatile bool _stopping;
    private long _ticksTotal;
    private long _lateTicksTotal;
    private long _streamTicksTotal;
    private long _lateStreamTicksTotal;

    /// <summary>Creates and starts a pacer with 20 ms frames.</summary>
    public MediaPacer(TimeProvider timeProvider, ILogger<MediaPacer>? logger = null)
        : this(timeProvider, DefaultFrameDuration, logger)
    {
    }

    /// <summary>Creates and starts a pacer.</summary>
    /// <param name="timeProvider">The clock; its <see cref="TimeProvider.GetTimestamp"/> must be a real monotonic clock
    /// since the loop spins on it.</param>
    /// <param name="frameDuration">The tick period.</param>
    /// <param name="logger">Where faults and fall-behinds are logged.</param>
    public MediaPacer(TimeProvider timeProvider, TimeSpan frameDuration, ILogger<MediaPacer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Grid = new PacerGrid(timeProvider.GetTimestamp(), frameDuration, timeProvider.TimestampFrequency, DefaultLateThreshold);
        _thread = new Thread(Run)
        {
            IsBackground = true,
            Name = "MediaPacer",
            Priority = ThreadPriority.AboveNormal,
        };
        _thread.Start();
    }

    /// <summary>The schedule the loop follows.</summary>
    public PacerGrid Grid { get; }

    /// <summary>The tick period.</summary>
    public TimeSpan FrameDuration => Grid.FrameDuration;

    /// <summary>Grid ticks run (ticks with no stream registered are not run and not counted).</summary>
    public long TicksTotal => Interlocked.Read(ref _ticksTotal);

    /// <summary>Grid ticks that started more than the late threshold after their deadline.</summary>
    public long LateTicksTotal => Interlocked.Read(ref _lateTicksTotal);

    /// <summary>Stream calls made, over all streams.</summary>
    public long StreamTicksTotal => Interlocked.Read(ref _streamTicksTotal);

    /// <summary>Stream calls that started late, over all streams; a stream called late behind slow peers counts here.</summary>
    public long LateStreamTicksTotal => Interlocked.Read(ref _lateStreamTicksTotal);

    /// <summary>The number of registered streams.</summary>
    public int StreamCount => Volatile.Read(ref _registrations).Length;

    /// <summary>
    /// Adds a stream; its first tick is the next grid deadline. Dispose the result to remove it.
    /// </summary>
    public PacerRegistration Register(IPacedStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ObjectDisposedException.ThrowIf(_stopping, this);
        var registration = new PacerRegistration(this, stream);
        lock (_gate)
        {
            Volatile.Write(ref _registrations, [.. _registrations, registration]);
        }

        _signal.Set();
        return registration;
    }

    /// <summary>Stops the loop after the tick in progress and waits for the thread to end.</summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _signal.Set();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _signal.Dispose();
    }

    internal void Unregister(PacerRegistration registration)
    {
        // Taking the gate waits out a tick in progress (unless we are that tick, the lock being re-entrant), so no
        // call reaches the stream after this returns.
        lock (_gate)
        {
            registration.MarkRemoved();
            Volatile.Write(ref _registrations, Array.FindAll(_registrations, r => !ReferenceEquals(r, registration)));
        }
    }

    private void Run()
    {
        PacerLog.Started(_logger, FrameDuration.TotalMilliseconds, Grid.LateThreshold.TotalMilliseconds);
        long nextTick = Grid.FirstTickAtOrAfter(_timeProvider.GetTimestamp());
        bool idle = true;
        bool catchingUp = false;
        while (!_stopping)
        {
            if (Volatile.Read(ref _registrations).Length == 0)
            {
                // Nothing to pace: block until a registration or Dispose, then rejoin the grid at the next tick.
                idle = true;
                _signal.Wait();
                _signal.Reset();
                continue;
            }

            long now = _timeProvider.GetTimestamp();
            if (idle)
            {
                idle = false;
                nextTick = Grid.FirstTickAtOrAfter(now);
            }

            var decision = Grid.Decide(nextTick, now);
            if (!decision.RunNow)
            {
                WaitUntil(decision.Deadline, now);
                continue;
            }

            long behind = (now - decision.Deadline) / Math.Max(1, Grid.DeadlineOf(nextTick + 1) - decision.Deadline);
            if (behind >= 1 && !catchingUp)
            {
                PacerLog.FellBehind(_logger, behind, nextTick);
            }

            catchingUp = behind >= 1;
            RunTick(nextTick, decision.Deadline, decision.Late);
            nextTick++;
        }

        PacerLog.Stopped(_logger, TicksTotal, LateTicksTotal);
    }

    private void WaitUntil(long deadline, long now)
    {
        int blockMs = Grid.BlockingWaitMilliseconds(now, deadline, SpinMargin);
        if (blockMs > 0)
        {
            // A registration may set the signal; that only shortens this wait, and the loop re-decides.
            if (_signal.Wait(blockMs))
            {
                _signal.Reset();
            }

            return;
        }

        var spinner = default(SpinWait);
        while (_timeProvider.GetTimestamp() < deadline && !_stopping)
        {
            // SpinOnce(-1) never sleeps, only yields now and then; a Sleep(1) here would overshoot the deadline.
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    private void RunTick(long tickIndex, long deadline, bool late)
    {
        Interlocked.Increment(ref _ticksTotal);
        if (late)
        {
            Interlocked.Increment(ref _lateTicksTotal);
        }

        lock (_gate)
        {
            var registrations = _registrations;
            for (int i = 0; i < registrations.Length; i++)
            {
                var registration = registrations[i];
                if (registration.IsRemoved)
                {
                    continue;
                }

                // The first stream starts when the tick does; later ones are judged by their own start.
                bool streamLate = i == 0 ? late : Grid.IsLate(tickIndex, _timeProvider.GetTimestamp());
                registration.CountTick(streamLate);
                Interlocked.Increment(ref _streamTicksTotal);
                if (streamLate)
                {
                    Interlocked.Increment(ref _lateStreamTicksTotal);
                }

                try
                {
                    registration.Stream.OnTick(tickIndex, deadline, streamLate);
                }
                catch (Exception ex)
                {
                    if (registration.CountFault() == 1)
                    {
                        PacerLog.StreamFaulted(_logger, tickIndex, ex);
                    }
                }
            }
        }
    }
}
