using EfficientAI.Telephony.Evaluation.Dialplans;

namespace EfficientAI.Telephony.Evaluation.Tests.Dialplans;

public sealed class KeySuggestionTests
{
    [Theory]
    [InlineData("latncy", "latency")]
    [InlineData("laetncy", "latency")]
    [InlineData("Latency", "latency")]
    [InlineData("mustsay", "mustSay")]
    public void Misspelling_SuggestsTheIntendedKey(string typed, string expected) =>
        Assert.Equal(expected, KeySuggestion.Nearest(typed, ["latency", "mustSay", "mustNotSay", "outcome"]));

    [Fact]
    public void UnrelatedWord_SuggestsNothing() =>
        Assert.Null(KeySuggestion.Nearest("colour", ["latency", "outcome", "voice"]));
}
