using EfficientAI.Telephony.Conversation.Audio;

namespace EfficientAI.Telephony.Conversation.Tests.Audio;

public sealed class AudioClipTests
{
    [Theory]
    [InlineData(8000, 8000, 1000)]
    [InlineData(160, 8000, 20)]
    [InlineData(22050, 22050, 1000)]
    [InlineData(1, 3, 333.3333)]
    public void Duration_IsSamplesOverRate(int samples, int rate, double expectedMs)
    {
        var clip = new AudioClip(new short[samples], rate);

        Assert.Equal(expectedMs, clip.Duration.TotalMilliseconds, 3);
    }

    [Fact]
    public void Constructor_RejectsANonPositiveRate()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioClip([], 0));
    }
}
