namespace EfficientAI.Telephony.Media.Pacing;

/// <summary>
/// The pacer's schedule as pure arithmetic: tick k is due at anchor + k·frame, computed from k each time so the
/// grid never drifts, and a tick is late when it starts more than the threshold after that instant. Kept apart from
/// the thread that follows it so it can be tested with chosen timestamps.
/// </summary>
public sealed class PacerGrid
{
    private readonly Int128 _frameNumerator;

    /// <summary>Creates the grid.</summary>
    /// <param name="anchorTimestamp">The timestamp of tick 0.</param>
    /// <param name="frameDuration">The tick period.</param>
    /// <param name="timestampFrequency">Timestamp units per second (<see cref="TimeProvider.TimestampFrequency"/>).</param>
    /// <param name="lateThreshold">How far past its deadline a tick may start before it counts as late.</param>
    public PacerGrid(long anchorTimestamp, TimeSpan frameDuration, long timestampFrequency, TimeSpan lateThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(frameDuration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timestampFrequency);
        ArgumentOutOfRangeException.ThrowIfLessThan(lateThreshold, TimeSpan.Zero);
        AnchorTimestamp = anchorTimestamp;
        FrameDuration = frameDuration;
        TimestampFrequency = timestampFrequency;
        LateThreshold = lateThreshold;
        _frameNumerator = (Int128)frameDuration.Ticks * timestampFrequency;
        LateThresholdTimestampUnits = ToTimestampUnits(lateThreshold);
    }

    /// <summary>The timestamp of tick 0.</summary>
    public long AnchorTimestamp { get; }

    /// <summary>The tick period.</summary>
    public TimeSpan FrameDuration { get; }

    /// <summary>Timestamp units per second.</summary>
    public long TimestampFrequency { get; }

    /// <summary>The lateness allowed before a tick counts as late.</summary>
    public TimeSpan LateThreshold { get; }

    /// <summary>The late threshold in timestamp units.</summary>
    public long LateThresholdTimestampUnits { get; }

    /// <summary>The timestamp tick <paramref name="tickIndex"/> is due at.</summary>
    public long DeadlineOf(long tickIndex) =>
        AnchorTimestamp + (long)(tickIndex * _frameNumerator / TimeSpan.TicksPerSecond);

    /// <summary>The first tick due at or after <paramref name="timestamp"/>; where a pacer resumes after idling.</summary>
    public long FirstTickAtOrAfter(long timestamp)
    {
        if (timestamp <= AnchorTimestamp)
        {
            return 0;
        }

        long tick = (long)((timestamp - AnchorTimestamp) * (Int128)TimeSpan.TicksPerSecond / _frameNumerator);

        // The division rounds down; step to the exact boundary under integer deadline rounding.
        while (DeadlineOf(tick) < timestamp)
        {
            tick++;
        }

        while (tick > 0 && DeadlineOf(tick - 1) >= timestamp)
        {
            tick--;
        }

        return tick;
    }

    /// <summary>Whether tick <paramref name="tickIndex"/>, starting at <paramref name="startTimestamp"/>, is late.</summary>
    public bool IsLate(long tickIndex, long startTimestamp) =>
        startTimestamp - DeadlineOf(tickIndex) > LateThresholdTimestampUnits;

    /// <summary>
    /// What to do at <paramref name="now"/> when <paramref name="nextTick"/> is the next tick to run: run it (and
    /// whether it is late) or wait until its deadline. A loop that fell behind by whole frames is told to run each
    /// missed tick in turn, late, rather than to skip any, so every frame is still produced and timestamps stay exact.
    /// </summary>
    public PacerDecision Decide(long nextTick, long now)
    {
        long deadline = DeadlineOf(nextTick);
        return now < deadline
            ? new PacerDecision(false, nextTick, deadline, false, deadline - now)
            : new PacerDecision(true, nextTick, deadline, IsLate(nextTick, now), 0);
    }

    /// <summary>
    /// How many whole milliseconds a loop may block on a wait handle before <paramref name="deadline"/> and still
    /// wake in time to spin the rest: the wait ends <paramref name="spinMargin"/> early to absorb wake-up latency.
    /// 0 means spin now.
    /// </summary>
    public int BlockingWaitMilliseconds(long now, long deadline, TimeSpan spinMargin)
    {
        long remaining = deadline - now - ToTimestampUnits(spinMargin);
        if (remaining <= 0)
        {
            return 0;
        }

        long milliseconds = remaining * 1000 / TimestampFrequency;
        return (int)Math.Min(milliseconds, int.MaxValue);
    }

    /// <summary>A duration in timestamp units.</summary>
    public long ToTimestampUnits(TimeSpan duration) =>
        (long)((Int128)duration.Ticks * TimestampFrequency / TimeSpan.TicksPerSecond);
}
