using EfficientAI.Telephony.Media.Playout;

namespace EfficientAI.Telephony.Media.Tests.Playout;

/// <summary>The G.711 Appendix I idea: continue the last pitch period, fade after 10 ms, silent at 60 ms.</summary>
public class PacketLossConcealerTests
{
    private const int Rate = 8000;

    [Fact]
    public void AVoicedSignal_IsContinuedInPhase_ForTheFirst10Ms()
    {
        // 160 Hz: a 50-sample period, inside the 40-120 sample search range.
        var concealer = Fed(160, out long next);
        var lost = new short[80];

        concealer.Conceal(lost);

        var expected = Enumerable.Range(0, 80).Select(i => Sine(160, next + i)).ToArray();
        double error = Rms(lost.Zip(expected, (a, b) => (double)a - b));
        Assert.True(error < 0.1 * Rms(expected.Select(v => (double)v)), $"RMS error {error:F0} against a continuation of RMS {Rms(expected.Select(v => (double)v)):F0}");
    }

    [Fact]
    public void ALongLoss_FadesAfter10Ms_AndIsSilentFrom60Ms()
    {
        var concealer = Fed(160, out _);
        var frames = new List<short[]>();
        for (int i = 0; i < 4; i++)
        {
            var frame = new short[160];
            concealer.Conceal(frame);
            frames.Add(frame);
        }

        double first = Rms(frames[0].Take(80).Select(v => (double)v));
        double third = Rms(frames[1].Take(80).Select(v => (double)v)); // 20-30 ms: 60-80 % level
        Assert.InRange(third / first, 0.55, 0.85);
        Assert.All(frames[3], s => Assert.Equal(0, s)); // 60-80 ms
        Assert.Equal(640, concealer.ErasedSamples);
    }

    [Fact]
    public void WithoutHistory_ConcealmentIsSilence()
    {
        var concealer = new PacketLossConcealer(Rate);
        var frame = Enumerable.Repeat((short)1234, 160).ToArray();

        concealer.Conceal(frame);

        Assert.All(frame, s => Assert.Equal(0, s));
    }

    [Fact]
    public void TheFirstGoodFrameAfterALoss_StartsNearTheSyntheticSignal_AndEndsAsReceived()
    {
        var concealer = Fed(160, out long next);
        var lost = new short[160];
        concealer.Conceal(lost);
        var good = Enumerable.Range(0, 160).Select(i => Sine(160, next + 160 + i)).ToArray();
        var received = (short[])good.Clone();

        concealer.OnGoodFrame(received);

        Assert.Equal(0, concealer.ErasedSamples);
        Assert.Equal(good[40..], received[40..]); // the cross-fade is at most a quarter period + 2 % of the loss
        Assert.NotEqual(good[..10], received[..10]);
    }

    private static PacketLossConcealer Fed(double frequency, out long next)
    {
        var concealer = new PacketLossConcealer(Rate);
        var frame = new short[160];
        for (int f = 0; f < 5; f++)
        {
            for (int i = 0; i < 160; i++)
            {
                frame[i] = Sine(frequency, (f * 160) + i);
            }

            concealer.OnGoodFrame(frame);
        }

        next = 800;
        return concealer;
    }

    private static short Sine(double frequency, long n) => (short)Math.Round(8000 * Math.Sin(2 * Math.PI * frequency * n / Rate));

    private static double Rms(IEnumerable<double> values)
    {
        var list = values.ToList();
        return Math.Sqrt(list.Sum(v => v * v) / list.Count);
    }
}
