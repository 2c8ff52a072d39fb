using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Providers.Azure;
using EfficientAI.Telephony.Providers.Tests.Support;
using EfficientAI.Telephony.TestKit.FakeProviders;

namespace EfficientAI.Telephony.Providers.Tests.Stt;

public sealed class AzureSpeechToTextTests
{
    [Fact]
    public async Task Transcribe_PostsPcmWavWithSubscriptionKey_AndNarrowsTheRangeToTheReportedSpeech()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        var options = new AzureSpeechOptions { SpeechToTextEndpoint = fixture.Server.BaseUrl, TextToSpeechEndpoint = fixture.Server.BaseUrl, ApiKey = ProviderFixture.ApiKey, Language = "en-GB" };
        var stt = new AzureSpeechToText(fixture.Http, options, fixture.Retry(), TimeProvider.System);
        fixture.Server.SpeechOffset = TimeSpan.FromMilliseconds(250);
        fixture.Server.SpeechDuration = TimeSpan.FromMilliseconds(500);
        await using ISpeechRecognitionStream stream = stt.OpenStream(8000);
        await stream.WriteAsync(Speech.Tone(8000, TimeSpan.FromSeconds(1)).Samples, 80000, CancellationToken.None);

        SpeechRecognitionResult result = await stream.EndUtteranceAsync(CancellationToken.None).AsTask().WaitAsync(ProviderFixture.TestTimeout);

        Assert.Equal(fixture.Server.Transcript, result.Text);
        Assert.Equal(80000 + 2000, result.StartSample); // 250 ms at 8 kHz
        Assert.Equal(80000 + 6000, result.EndSample);   // 750 ms
        RecordedRequest request = Assert.Single(fixture.Server.Requests);
        Assert.Equal(FakeProviderServer.AzureRecognitionPath, request.Path);
        Assert.Contains("language=en-GB", request.Query, StringComparison.Ordinal);
        Assert.Equal(ProviderFixture.ApiKey, request.Header("Ocp-Apim-Subscription-Key"));
        Assert.Equal("audio/wav; codecs=audio/pcm; samplerate=16000", request.ContentType);
        Assert.Equal(16000, WavFile.Parse(request.Body).SampleRate);
    }
}
