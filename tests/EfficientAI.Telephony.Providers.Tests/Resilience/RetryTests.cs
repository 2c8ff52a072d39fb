using System.Diagnostics;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Providers.Resilience;
using EfficientAI.Telephony.Providers.Stt;
using EfficientAI.Telephony.Providers.Tests.Support;
using EfficientAI.Telephony.Providers.Tts;
using EfficientAI.Telephony.TestKit.FakeProviders;

namespace EfficientAI.Telephony.Providers.Tests.Resilience;

public sealed class RetryTests
{
    [Fact]
    public async Task RateLimited_WaitsTheRetryAfterSeconds_ThenSucceeds()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        fixture.Server.Inject(FakeProviderServer.TranscriptionsPath, FakeFault.RateLimited("1"));
        OpenAiSpeechToText stt = Stt(fixture);

        UtteranceTranscript transcript = await stt.TranscribeAsync(Speech.Tone(8000, TimeSpan.FromSeconds(1)), CancellationToken.None).WaitAsync(ProviderFixture.TestTimeout);

        Assert.Equal(fixture.Server.Transcript, transcript.Text);
        IReadOnlyList<RecordedRequest> requests = fixture.Server.Requests;
        Assert.Equal(2, requests.Count);
        // Retry-After: 1 overrides the 20 ms back-off; a little slack for clock granularity.
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(950), $"retried after {(requests[1].ReceivedAt - requests[0].ReceivedAt).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task ServerErrors_AreRetriedUpToTheLimit_ThenFailWithTheCauseAndAttempts()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        for (int i = 0; i < 3; i++)
        {
            fixture.Server.Inject(FakeProviderServer.TranscriptionsPath, FakeFault.ServerError());
        }

        OpenAiSpeechToText stt = Stt(fixture);

        ProviderFailureException failure = await Assert.ThrowsAsync<ProviderFailureException>(() => stt.TranscribeAsync(Speech.Tone(8000, TimeSpan.FromSeconds(1)), CancellationToken.None).WaitAsync(ProviderFixture.TestTimeout));

        Assert.Equal(ProviderFailureCause.ServerError, failure.Cause);
        Assert.Equal(3, failure.Attempts);
        Assert.Equal(500, failure.StatusCode);
        Assert.Equal("openai", failure.Provider);
        Assert.Equal("transcribe", failure.Operation);
        Assert.Contains("The server had an error", failure.Detail, StringComparison.Ordinal);
        Assert.Equal(3, fixture.Server.Requests.Count);
    }

    [Fact]
    public async Task SlowResponse_TimesOutTheAttempt_AndTheRetrySucceeds()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        fixture.Server.Inject(FakeProviderServer.SpeechPath, FakeFault.Slow(TimeSpan.FromSeconds(20)));
        var options = ProviderFixture.QuickRetries with { AttemptTimeout = TimeSpan.FromMilliseconds(500) };
        var tts = new OpenAiTextToSpeech(fixture.Http, new OpenAiSpeechOptions { BaseUrl = fixture.Server.OpenAiBaseUrl }, fixture.Retry(options), TimeProvider.System);
        var watch = Stopwatch.StartNew();

        var clip = await tts.SynthesizeAsync("Hello.", VoiceOptions.Default, 8000, CancellationToken.None).WaitAsync(ProviderFixture.TestTimeout);

        Assert.NotEmpty(clip.Samples);
        Assert.Equal(2, fixture.Server.Requests.Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}: the slow attempt was not cut off");
    }

    [Fact]
    public async Task SlowResponses_OnEveryAttempt_FailAsTimeout()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        for (int i = 0; i < 2; i++)
        {
            fixture.Server.Inject(FakeProviderServer.SpeechPath, FakeFault.Slow(TimeSpan.FromSeconds(20)));
        }

        var options = ProviderFixture.QuickRetries with { MaxAttempts = 2, AttemptTimeout = TimeSpan.FromMilliseconds(300) };
        var tts = new OpenAiTextToSpeech(fixture.Http, new OpenAiSpeechOptions { BaseUrl = fixture.Server.OpenAiBaseUrl }, fixture.Retry(options), TimeProvider.System);

        ProviderFailureException failure = await Assert.ThrowsAsync<ProviderFailureException>(() => tts.SynthesizeAsync("Hello.", VoiceOptions.Default, 8000, CancellationToken.None).WaitAsync(ProviderFixture.TestTimeout));

        Assert.Equal(ProviderFailureCause.Timeout, failure.Cause);
        Assert.Equal(2, failure.Attempts);
    }

    [Fact]
    public async Task TruncatedAudio_IsBadAudio_AndIsAskedForAgain()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        fixture.Server.Inject(FakeProviderServer.SpeechPath, FakeFault.TruncatedAudio());
        var tts = new OpenAiTextToSpeech(fixture.Http, new OpenAiSpeechOptions { BaseUrl = fixture.Server.OpenAiBaseUrl }, fixture.Retry(), TimeProvider.System);

        var clip = await tts.SynthesizeAsync("Hello.", VoiceOptions.Default, 8000, CancellationToken.None).WaitAsync(ProviderFixture.TestTimeout);

        Assert.NotEmpty(clip.Samples);
        Assert.Equal(2, fixture.Server.Requests.Count);
        Assert.Contains(fixture.Logs.Lines, line => line.Contains("BadAudio", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unauthorized_IsNotRetried()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        fixture.Server.Inject(FakeProviderServer.TranscriptionsPath, FakeFault.Status(401, """{"error":{"message":"Incorrect API key provided"}}"""));

        ProviderFailureException failure = await Assert.ThrowsAsync<ProviderFailureException>(() => Stt(fixture).TranscribeAsync(Speech.Tone(8000, TimeSpan.FromSeconds(1)), CancellationToken.None).WaitAsync(ProviderFixture.TestTimeout));

        Assert.Equal(ProviderFailureCause.Unauthorized, failure.Cause);
        Assert.Equal(1, failure.Attempts);
        Assert.Single(fixture.Server.Requests);
    }

    [Fact]
    public async Task RetryAfter_LongerThanTheLimit_FailsAtOnce_RatherThanWaitInSilence()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        fixture.Server.Inject(FakeProviderServer.TranscriptionsPath, FakeFault.RateLimited("120"));

        ProviderFailureException failure = await Assert.ThrowsAsync<ProviderFailureException>(() => Stt(fixture).TranscribeAsync(Speech.Tone(8000, TimeSpan.FromSeconds(1)), CancellationToken.None).WaitAsync(ProviderFixture.TestTimeout));

        Assert.Equal(ProviderFailureCause.RateLimited, failure.Cause);
        Assert.Equal(429, failure.StatusCode);
        Assert.Single(fixture.Server.Requests);
    }

    [Fact]
    public async Task TheApiKey_NeverAppearsInLogsOrFailures_EvenWhenTheServerEchoesIt()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        string echo = "{\"error\":{\"message\":\"Incorrect API key provided: " + ProviderFixture.ApiKey + "\"}}";
        fixture.Server.Inject(FakeProviderServer.TranscriptionsPath, FakeFault.RateLimited("0"));
        for (int i = 0; i < 3; i++)
        {
            fixture.Server.Inject(FakeProviderServer.TranscriptionsPath, FakeFault.ServerError(echo));
        }

        ProviderFailureException failure = await Assert.ThrowsAsync<ProviderFailureException>(() => Stt(fixture, ProviderFixture.ApiKey).TranscribeAsync(Speech.Tone(8000, TimeSpan.FromSeconds(1)), CancellationToken.None).WaitAsync(ProviderFixture.TestTimeout));

        Assert.Equal(3, fixture.Server.Requests.Count);
        Assert.All(fixture.Server.Requests, r => Assert.Equal($"Bearer {ProviderFixture.ApiKey}", r.Header("Authorization")));
        Assert.NotEmpty(fixture.Logs.Lines);
        Assert.DoesNotContain(fixture.Logs.Lines, line => line.Contains(ProviderFixture.ApiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(ProviderFixture.ApiKey, failure.ToString(), StringComparison.Ordinal);
        Assert.Contains("Incorrect API key provided: ***", failure.Detail, StringComparison.Ordinal);
    }

    private static OpenAiSpeechToText Stt(ProviderFixture fixture, string? apiKey = null) =>
        new(fixture.Http, new OpenAiTranscriptionOptions { BaseUrl = fixture.Server.OpenAiBaseUrl, ApiKey = apiKey }, fixture.Retry(), TimeProvider.System);
}
