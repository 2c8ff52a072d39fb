using EfficientAI.Telephony.Evaluation.Metrics;

namespace EfficientAI.Telephony.Evaluation.Tests.Metrics;

public sealed class PercentileTests
{
    [Fact]
    public void Interpolates_BetweenClosestRanks()
    {
        double[] values = [400, 100, 300, 200];

        Assert.Equal(250, Percentile.Of(values, 50));
        Assert.Equal(385, Percentile.Of(values, 95)!.Value, 6);
        Assert.Equal(100, Percentile.Of(values, 0));
        Assert.Equal(400, Percentile.Of(values, 100));
    }

    [Fact]
    public void SingleValue_IsEveryPercentile() => Assert.Equal(812.5, Percentile.Of([812.5], 95));

    [Fact]
    public void NoValues_HaveNoPercentile() => Assert.Null(Percentile.Of([], 50));
}
