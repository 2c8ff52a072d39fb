using EfficientAI.Telephony.Media.Pacing;

namespace EfficientAI.Telephony.Media.Tests.Pacing;

public class PacerGridTests
{
    private const long Frequency = 1_000_000_000;
    private const long Anchor = 5_000_000_000;
    private const long FrameUnits = 20_000_000;
    private const long Millisecond = 1_000_000;

    private static readonly PacerGrid Grid = new(Anchor, TimeSpan.FromMilliseconds(20), Frequency, TimeSpan.FromMilliseconds(2));

    [Fact]
    public void DeadlineOf_IsTheAnchorPlusWholeFrames()
    {
        Assert.Equal(Anchor, Grid.DeadlineOf(0));
        Assert.Equal(Anchor + FrameUnits, Grid.DeadlineOf(1));
        Assert.Equal(Anchor + (180_000 * FrameUnits), Grid.DeadlineOf(180_000));
    }

    [Fact]
    public void DeadlineOf_DoesNotDrift_WhenAFrameIsNotAWholeNumberOfClockUnits()
    {
        // The ACPI PM timer's 3.579545 MHz makes a 20 ms frame 71590.9 units; summing rounded frames would drift.
        const long acpi = 3_579_545;
        var grid = new PacerGrid(0, TimeSpan.FromMilliseconds(20), acpi, TimeSpan.FromMilliseconds(2));

        Assert.Equal(1000 * acpi, grid.DeadlineOf(50_000));
        Assert.Equal(71590, grid.DeadlineOf(1));
        Assert.Equal(143181, grid.DeadlineOf(2));
    }

    [Fact]
    public void Decide_BeforeTheDeadline_WaitsForTheRemainder()
    {
        var decision = Grid.Decide(10, Grid.DeadlineOf(10) - (3 * Millisecond));

        Assert.False(decision.RunNow);
        Assert.Equal(3 * Millisecond, decision.WaitTimestampUnits);
        Assert.Equal(Grid.DeadlineOf(10), decision.Deadline);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1_000_000, false)]
    [InlineData(2_000_000, false)]
    [InlineData(2_000_001, true)]
    [InlineData(19_000_000, true)]
    public void Decide_AtOrAfterTheDeadline_RunsTheTick_LateBeyondTwoMilliseconds(long afterDeadline, bool late)
    {
        var decision = Grid.Decide(10, Grid.DeadlineOf(10) + afterDeadline);

        Assert.True(decision.RunNow);
        Assert.Equal(10, decision.TickIndex);
        Assert.Equal(late, decision.Late);
    }

    [Fact]
    public void Decide_AfterFallingBehindByWholeFrames_RunsEveryMissedTickLate_ThenWaits()
    {
        // The loop stalled and wakes 3.5 frames after tick 0 was due: ticks 0-3 must each still run, in order.
        long now = Grid.DeadlineOf(0) + (7 * FrameUnits / 2);
        var decisions = new List<PacerDecision>();
        long next = 0;
        while (true)
        {
            var decision = Grid.Decide(next, now);
            decisions.Add(decision);
            if (!decision.RunNow)
            {
                break;
            }

            next++;
        }

        Assert.Equal([0L, 1, 2, 3, 4], decisions.Select(d => d.TickIndex));
        Assert.All(decisions.Take(4), d => Assert.True(d.RunNow && d.Late));
        Assert.False(decisions[4].RunNow);
        Assert.Equal(FrameUnits / 2, decisions[4].WaitTimestampUnits);
    }

    [Fact]
    public void FirstTickAtOrAfter_ReturnsTheTickDueAtThatInstant_OrTheNextOne()
    {
        Assert.Equal(0, Grid.FirstTickAtOrAfter(Anchor - 1));
        Assert.Equal(7, Grid.FirstTickAtOrAfter(Grid.DeadlineOf(7)));
        Assert.Equal(8, Grid.FirstTickAtOrAfter(Grid.DeadlineOf(7) + 1));
        Assert.Equal(8, Grid.FirstTickAtOrAfter(Grid.DeadlineOf(8) - 1));
    }

    [Theory]
    [InlineData(19_000_000, 18)]
    [InlineData(2_500_000, 1)]
    [InlineData(1_999_999, 0)]
    [InlineData(1_000_000, 0)]
    [InlineData(0, 0)]
    public void BlockingWaitMilliseconds_StopsAMillisecondShortOfTheDeadline_ToSpinTheRest(long remaining, int expectedMs)
    {
        long deadline = Grid.DeadlineOf(3);

        Assert.Equal(expectedMs, Grid.BlockingWaitMilliseconds(deadline - remaining, deadline, TimeSpan.FromMilliseconds(1)));
    }
}
