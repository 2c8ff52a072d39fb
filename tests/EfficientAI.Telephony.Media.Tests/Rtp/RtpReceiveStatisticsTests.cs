using EfficientAI.Telephony.Media.Rtp;

namespace EfficientAI.Telephony.Media.Tests.Rtp;

public class RtpReceiveStatisticsTests
{
    private const int Frame = 160;

    [Fact]
    public void InOrderPackets_AreAllExpected_AndNoneLost()
    {
        var stats = Feed(Enumerable.Range(1000, 100));

        Assert.Equal(1000, stats.BaseSequence);
        Assert.Equal(1099, stats.ExtendedHighestSequence);
        Assert.Equal(100, stats.Expected);
        Assert.Equal(100, stats.Received);
        Assert.Equal(0, stats.Lost);
    }

    [Fact]
    public void MissingPackets_AreCountedLost()
    {
        var sequence = Enumerable.Range(1, 100).Where(s => s is not (10 or 11 or 50 or 98 or 99));

        var stats = Feed(sequence);

        Assert.Equal(100, stats.Expected);
        Assert.Equal(95, stats.Received);
        Assert.Equal(5, stats.Lost);
    }

    [Fact]
    public void ReorderedPackets_AreNotLost_AndDoNotMoveTheHighestSequence()
    {
        var stats = Feed([1, 2, 4, 3, 5, 7, 6]);

        Assert.Equal(7, stats.ExtendedHighestSequence);
        Assert.Equal(0, stats.Lost);
    }

    [Fact]
    public void DuplicatePackets_MakeLossNegative_AsRfc3550Allows()
    {
        var stats = Feed([1, 2, 2, 3]);

        Assert.Equal(3, stats.Expected);
        Assert.Equal(4, stats.Received);
        Assert.Equal(-1, stats.Lost);
    }

    [Fact]
    public void SequenceWrapAt65535_CountsACycle()
    {
        var sequence = Enumerable.Range(65530, 20).Select(s => s & 0xFFFF);

        var stats = Feed(sequence);

        Assert.Equal(65536 + 13, stats.ExtendedHighestSequence);
        Assert.Equal(20, stats.Expected);
        Assert.Equal(0, stats.Lost);
    }

    [Fact]
    public void APacketReorderedAcrossTheWrap_DoesNotCountASecondCycle()
    {
        var stats = Feed([65534, 65535, 1, 0, 2]);

        Assert.Equal(65536 + 2, stats.ExtendedHighestSequence);
        Assert.Equal(5, stats.Expected);
        Assert.Equal(0, stats.Lost);
    }

    [Fact]
    public void AHugeJump_IsIgnoredOnce_AndTakenAsARestartWhenTheNextFollows()
    {
        var stats = new RtpReceiveStatistics(8000);
        foreach (int s in Enumerable.Range(100, 11))
        {
            Assert.True(stats.Update((ushort)s, 0, 0));
        }

        Assert.False(stats.Update(20000, 0, 0));
        Assert.Equal(110, stats.ExtendedHighestSequence);

        Assert.True(stats.Update(20001, 0, 0));
        Assert.Equal(20001, stats.BaseSequence);
        Assert.Equal(1, stats.Received);
        Assert.Equal(0, stats.Lost);
    }

    [Fact]
    public void WithProbation_TheSourceIsCountedFromTheSecondSequentialPacket()
    {
        var stats = new RtpReceiveStatistics(8000, minSequential: 2);

        Assert.False(stats.Update(500, 0, 0));
        Assert.False(stats.IsValid);
        Assert.True(stats.Update(501, 160, 160));

        Assert.True(stats.IsValid);
        Assert.Equal(501, stats.BaseSequence);
        Assert.Equal(1, stats.Received);
    }

    [Fact]
    public void Jitter_IsZero_WhenEveryPacketHasTheSameTransitTime()
    {
        var stats = new RtpReceiveStatistics(8000);
        for (int i = 0; i < 50; i++)
        {
            stats.Update((ushort)i, (uint)(1000 + (i * Frame)), 5000 + (i * Frame));
        }

        Assert.Equal(0, stats.Jitter);
    }

    [Fact]
    public void Jitter_ConvergesAsTheRfc3550Estimator_ForAConstantTransitDifference()
    {
        // Transit alternates 0, 80, 0, 80 … so |D| = 80 for every pair. With J(0) = 0 and J += (|D| − J)/16,
        // the estimate after n differences is 80·(1 − (15/16)^n) in closed form.
        var stats = new RtpReceiveStatistics(8000);
        const int packets = 40;
        for (int i = 0; i < packets; i++)
        {
            stats.Update((ushort)i, (uint)(i * Frame), (i * Frame) + (i % 2 == 1 ? 80 : 0));
        }

        double expected = 80 * (1 - Math.Pow(15.0 / 16.0, packets - 1));
        Assert.Equal(expected, stats.Jitter, precision: 9);
        Assert.Equal(expected / 8, stats.JitterMilliseconds, precision: 9);
    }

    [Fact]
    public void Jitter_IsUnaffectedByTheRtpTimestampWrapping()
    {
        var stats = new RtpReceiveStatistics(8000);
        uint start = uint.MaxValue - (10 * Frame);
        for (int i = 0; i < 30; i++)
        {
            stats.Update((ushort)i, unchecked(start + (uint)(i * Frame)), 7 + (i * Frame));
        }

        Assert.Equal(0, stats.Jitter);
    }

    [Fact]
    public void TakeFractionLost_IsTheIntervalLossInEighthBitFixedPoint()
    {
        // Every fourth packet of 1..100 lost (2, 6, … 98): 25 of 100.
        var stats = Feed(Enumerable.Range(1, 100).Where(s => s % 4 != 2));

        Assert.Equal(64, stats.TakeFractionLost());

        foreach (int s in Enumerable.Range(101, 50))
        {
            stats.Update((ushort)s, 0, 0);
        }

        Assert.Equal(0, stats.TakeFractionLost());
    }

    [Fact]
    public void UpdateSequenceOnly_CountsThePacket_WithoutTouchingJitter()
    {
        var stats = new RtpReceiveStatistics(8000);
        stats.Update(1, 0, 0);
        stats.UpdateSequenceOnly(2);
        stats.Update(3, 320, 400);

        Assert.Equal(3, stats.Received);

        // Only the two audio packets form a transit pair: |(400 − 320) − (0 − 0)| = 80, J = 80/16.
        Assert.Equal(5, stats.Jitter);
    }

    private static RtpReceiveStatistics Feed(IEnumerable<int> sequence)
    {
        var stats = new RtpReceiveStatistics(8000);
        foreach (int s in sequence)
        {
            stats.Update((ushort)s, 0, 0);
        }

        return stats;
    }
}
