using EfficientAI.Telephony.Media.Quality;

namespace EfficientAI.Telephony.Media.Tests.Quality;

public sealed class EModelTests
{
    [Theory]
    [InlineData(93.2, 4.41)]
    [InlineData(80, 4.02)]
    [InlineData(70, 3.60)]
    [InlineData(60, 3.10)]
    [InlineData(40, 2.06)]
    [InlineData(0, 1.0)]
    [InlineData(-5, 1.0)]
    [InlineData(100, 4.5)]
    public void Mos_FollowsTheG107Curve(double r, double mos) => Assert.Equal(mos, EModel.Mos(r), 2);

    [Fact]
    public void NoLossNoDelay_G711_IsTheDefaultR()
    {
        Assert.Equal(EModel.DefaultR, EModel.RatingFactor(CodecImpairment.For("PCMU"), 0, 0), 6);
    }

    [Fact]
    public void OnePercentRandomLoss_OnG711WithConcealment_CostsWhatG113Says()
    {
        // Ie,eff = 0 + 95 · 1 / (1 + 25.1) = 3.64
        Assert.Equal(EModel.DefaultR - 3.640, EModel.RatingFactor(CodecImpairment.For("PCMA"), 1, 0), 3);
    }

    [Fact]
    public void DelayBeyond177ms_CostsTheSteeperSlope()
    {
        var at150 = EModel.RatingFactor(CodecImpairment.For("PCMU"), 0, 150);
        var at300 = EModel.RatingFactor(CodecImpairment.For("PCMU"), 0, 300);

        Assert.Equal(EModel.DefaultR - 3.6, at150, 6);
        Assert.Equal(EModel.DefaultR - 7.2 - (0.11 * 122.7), at300, 6);
    }

    [Fact]
    public void Mos_FallsAsLossAndDelayGrow_AndBurstsHurtMore()
    {
        var codec = CodecImpairment.For("PCMU");
        double[] byLoss = [.. new[] { 0.0, 1, 2, 5, 10, 20 }.Select(l => EModel.Mos(codec, l, 40))];
        double[] byDelay = [.. new[] { 0.0, 100, 200, 400, 800 }.Select(d => EModel.Mos(codec, 1, d))];

        Assert.Equal(byLoss.OrderDescending(), byLoss);
        Assert.Equal(byDelay.OrderDescending(), byDelay);
        Assert.True(EModel.Mos(codec, 5, 40, burstRatio: 2) < EModel.Mos(codec, 5, 40));
        Assert.InRange(byLoss[0], 4.3, 4.41);
    }
}
