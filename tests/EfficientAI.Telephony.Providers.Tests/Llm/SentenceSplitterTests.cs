using EfficientAI.Telephony.Providers.Llm;

namespace EfficientAI.Telephony.Providers.Tests.Llm;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void Sentence_CompletesWhenTheSpaceAfterItsStopArrives()
    {
        var splitter = new SentenceSplitter();

        Assert.Empty(splitter.Append("Hi there"));
        Assert.Empty(splitter.Append("."));
        Assert.Equal(["Hi there."], splitter.Append(" I bought"));
        Assert.Equal(["I bought shoes!"], splitter.Append(" shoes! "));
        Assert.Null(splitter.Flush());
    }

    [Fact]
    public void Abbreviations_Initials_AndDecimals_DoNotEndASentence()
    {
        var splitter = new SentenceSplitter();

        IReadOnlyList<string> sentences = splitter.Append("Mr. Smith paid 3.50 dollars, e.g. cash, to J. Doe. Is that ok? ");

        Assert.Equal(["Mr. Smith paid 3.50 dollars, e.g. cash, to J. Doe.", "Is that ok?"], sentences);
    }

    [Fact]
    public void ClosingQuotes_StayWithTheirSentence_AndLineBreaksEndOne()
    {
        var splitter = new SentenceSplitter();

        IReadOnlyList<string> sentences = splitter.Append("She said \"no.\" Then\nwe left");

        Assert.Equal(["She said \"no.\"", "Then"], sentences);
        Assert.Equal("we left", splitter.Flush());
    }
}
