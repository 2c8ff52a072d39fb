using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Providers.Deepgram;
using EfficientAI.Telephony.Providers.Stt;
using EfficientAI.Telephony.Providers.Tests.Support;
using EfficientAI.Telephony.TestKit.FakeProviders;

namespace EfficientAI.Telephony.Providers.Tests.Stt;

public sealed class DeepgramSpeechToTextTests
{
    [Fact]
    public async Task Transcribe_PostsTelephoneRateWav_WithTokenAuth_AndReadsConfidenceAndWordTimes()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        var stt = new DeepgramSpeechToText(fixture.Http, new DeepgramOptions { BaseUrl = fixture.Server.BaseUrl, ApiKey = ProviderFixture.ApiKey, Model = "nova-3" }, fixture.Retry(), TimeProvider.System);

        UtteranceTranscript transcript = await stt.TranscribeAsync(Speech.Tone(8000, TimeSpan.FromSeconds(1)), CancellationToken.None).WaitAsync(ProviderFixture.TestTimeout);

        Assert.Equal(fixture.Server.Transcript, transcript.Text);
        Assert.Equal(0.93, transcript.Confidence);
        Assert.Equal(TimeSpan.FromMilliseconds(200), transcript.SpeechStart);
        Assert.Equal(TimeSpan.FromMilliseconds(800), transcript.SpeechEnd);
        RecordedRequest request = Assert.Single(fixture.Server.Requests);
        Assert.Equal(FakeProviderServer.DeepgramPath, request.Path);
        Assert.Contains("model=nova-3", request.Query, StringComparison.Ordinal);
        Assert.Equal($"Token {ProviderFixture.ApiKey}", request.Header("Authorization"));
        Assert.Equal("audio/wav", request.ContentType);
        Assert.Equal(8000, WavFile.Parse(request.Body).SampleRate);
    }
}
