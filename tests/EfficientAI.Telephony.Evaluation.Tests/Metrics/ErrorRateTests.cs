using EfficientAI.Telephony.Evaluation.Metrics;

namespace EfficientAI.Telephony.Evaluation.Tests.Metrics;

public sealed class ErrorRateTests
{
    [Fact]
    public void Words_CountsASubstitutionAndAnInsertion()
    {
        var wer = ErrorRate.Words("the cat sat on the mat", "the bat sat on the mat today");

        Assert.Equal((1, 0, 1, 6), (wer.Substitutions, wer.Deletions, wer.Insertions, wer.ReferenceLength));
        Assert.Equal(2.0 / 6, wer.Rate, 6);
    }

    [Fact]
    public void Words_CountsADeletion()
    {
        var wer = ErrorRate.Words("the cat sat on the mat", "the cat sat on mat");

        Assert.Equal((0, 1, 0), (wer.Substitutions, wer.Deletions, wer.Insertions));
    }

    [Fact]
    public void Words_IgnoresCasePunctuationAndDigitForms()
    {
        var wer = ErrorRate.Words("We are open from 9 to 6.", "we are OPEN from nine to six");

        Assert.Equal(0, wer.Rate);
    }

    [Fact]
    public void Words_CanExceedOne_WhenTheHypothesisIsMuchLonger()
    {
        Assert.Equal(3, ErrorRate.Words("yes", "no no no").Rate);
    }

    [Fact]
    public void Words_EmptyReference_IsZeroOnlyForAnEmptyHypothesis()
    {
        Assert.Equal(0, ErrorRate.Words("", "").Rate);
        Assert.Equal(1, ErrorRate.Words("", "hello").Rate);
    }

    [Fact]
    public void Characters_CountsCharacterEdits()
    {
        // "kitten" → "sitting": the textbook distance of 3 over 6 characters.
        var cer = ErrorRate.Characters("kitten", "sitting");

        Assert.Equal(3, cer.Errors);
        Assert.Equal(0.5, cer.Rate, 6);
    }
}
