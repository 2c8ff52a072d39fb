using EfficientAI.Telephony.Evaluation.Metrics;

namespace EfficientAI.Telephony.Evaluation.Tests.Metrics;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("Hello, World!", "hello world")]
    [InlineData("I don't have the receipt.", "i don't have the receipt")]
    [InlineData("Order #42, please", "order forty two please")]
    [InlineData("We open at 9 and close at 6.", "we open at nine and close at six")]
    [InlineData("It costs 1,250 dollars", "it costs one thousand two hundred fifty dollars")]
    [InlineData("Pi is 3.14", "pi is three point one four")]
    [InlineData("on the 3rd floor, the 21st time", "on the third floor the twenty first time")]
    [InlineData("100% sure", "one hundred percent sure")]
    [InlineData("  Spaces\tand\nlines  ", "spaces and lines")]
    [InlineData("Card 4111111111111111111", "card four one one one one one one one one one one one one one one one one one one")]
    public void Normalize_FoldsCasePunctuationAndNumbers(string text, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(text));

    [Fact]
    public void ContainsPhrase_MatchesWholeWordsAfterNormalisation()
    {
        Assert.True(TextNormalizer.ContainsPhrase("We are open from 9 to 6, Monday to Saturday.", "open from nine to six"));
        Assert.False(TextNormalizer.ContainsPhrase("We reopen tomorrow", "open"));
    }
}
