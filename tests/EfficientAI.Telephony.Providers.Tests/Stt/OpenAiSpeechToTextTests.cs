using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Providers.Stt;
using EfficientAI.Telephony.Providers.Tests.Support;
using EfficientAI.Telephony.TestKit.FakeProviders;

namespace EfficientAI.Telephony.Providers.Tests.Stt;

public sealed class OpenAiSpeechToTextTests
{
    [Fact]
    public async Task Transcribe_UploadsUtteranceAs16kWav_WithBearerKeyModelAndLanguage()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        var stt = new OpenAiSpeechToText(fixture.Http, new OpenAiTranscriptionOptions { BaseUrl = fixture.Server.OpenAiBaseUrl, ApiKey = ProviderFixture.ApiKey, Model = "whisper-large-v3" }, fixture.Retry(), TimeProvider.System);

        UtteranceTranscript transcript = await stt.TranscribeAsync(Speech.Tone(8000, TimeSpan.FromSeconds(1)), CancellationToken.None).WaitAsync(ProviderFixture.TestTimeout);

        Assert.Equal(fixture.Server.Transcript, transcript.Text);
        RecordedRequest request = Assert.Single(fixture.Server.RequestsTo(FakeProviderServer.TranscriptionsPath));
        Assert.Equal("POST", request.Method);
        Assert.Equal($"Bearer {ProviderFixture.ApiKey}", request.Header("Authorization"));
        Assert.StartsWith("multipart/form-data", request.ContentType, StringComparison.Ordinal);
        Assert.Equal("whisper-large-v3", request.FormFields["model"]);
        Assert.Equal("en", request.FormFields["language"]);
        Assert.Equal("json", request.FormFields["response_format"]);
        RecordedFile file = request.FormFiles["file"];
        Assert.Equal("audio/wav", file.ContentType);
        AudioClip uploaded = WavFile.Parse(file.Content);
        Assert.Equal(16000, uploaded.SampleRate);
        Assert.Equal(16000, uploaded.Samples.Length);
    }

    [Fact]
    public async Task Stream_GivesFinalResult_CoveringTheUtterancesSamplesOnTheMediaClock()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        var stt = new OpenAiSpeechToText(fixture.Http, new OpenAiTranscriptionOptions { BaseUrl = fixture.Server.OpenAiBaseUrl }, fixture.Retry(), TimeProvider.System);
        await using ISpeechRecognitionStream stream = stt.OpenStream(8000);
        short[] frame = Speech.Tone(8000, TimeSpan.FromMilliseconds(20)).Samples;

        // 25 frames of 20 ms starting at sample 48000 (6 s into the call).
        for (int i = 0; i < 25; i++)
        {
            await stream.WriteAsync(frame, 48000 + (i * 160), CancellationToken.None);
        }

        SpeechRecognitionResult result = await stream.EndUtteranceAsync(CancellationToken.None).AsTask().WaitAsync(ProviderFixture.TestTimeout);

        Assert.True(result.IsFinal);
        Assert.Equal(fixture.Server.Transcript, result.Text);
        Assert.Equal(48000, result.StartSample);
        Assert.Equal(48000 + (25 * 160), result.EndSample);
        Assert.True(stream.Results.TryRead(out SpeechRecognitionResult? published));
        Assert.Equal(result, published);
        Assert.Null(Assert.Single(fixture.Server.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task Stream_BridgesAShortGapWithSilence_SoTheUploadKeepsTheClock()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        var stt = new OpenAiSpeechToText(fixture.Http, new OpenAiTranscriptionOptions { BaseUrl = fixture.Server.OpenAiBaseUrl, UploadSampleRate = 8000 }, fixture.Retry(), TimeProvider.System);
        await using ISpeechRecognitionStream stream = stt.OpenStream(8000);
        short[] frame = Speech.Tone(8000, TimeSpan.FromMilliseconds(20)).Samples;

        await stream.WriteAsync(frame, 1000, CancellationToken.None);
        await stream.WriteAsync(frame, 1000 + 160 + 320, CancellationToken.None); // two frames lost
        SpeechRecognitionResult result = await stream.EndUtteranceAsync(CancellationToken.None).AsTask().WaitAsync(ProviderFixture.TestTimeout);

        Assert.Equal(1000 + (4 * 160), result.EndSample);
        AudioClip uploaded = WavFile.Parse(Assert.Single(fixture.Server.Requests).FormFiles["file"].Content);
        Assert.Equal(4 * 160, uploaded.Samples.Length);
        Assert.All(uploaded.Samples[160..480], s => Assert.Equal(0, s));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => stream.WriteAsync(frame, 0, CancellationToken.None).AsTask());
    }
}
