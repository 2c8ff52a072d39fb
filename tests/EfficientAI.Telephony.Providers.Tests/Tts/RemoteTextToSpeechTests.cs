using System.Text.Json;
using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Providers.Azure;
using EfficientAI.Telephony.Providers.Tests.Support;
using EfficientAI.Telephony.Providers.Tts;
using EfficientAI.Telephony.TestKit.FakeProviders;

namespace EfficientAI.Telephony.Providers.Tests.Tts;

public sealed class RemoteTextToSpeechTests
{
    // The fake's 500 ms tone plus the 10 ms of padding kept at each end, at 8 kHz, give or take
    // the few samples the resampler's filter spreads the tone's edges over.
    private const int ExpectedSamples = (500 + 20) * 8;

    [Fact]
    public async Task OpenAi_AsksForPcm_WithModelVoiceAndSpeed_AndResamples24kTo8k()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        var tts = new OpenAiTextToSpeech(fixture.Http, new OpenAiSpeechOptions { BaseUrl = fixture.Server.OpenAiBaseUrl, ApiKey = ProviderFixture.ApiKey, Model = "gpt-4o-mini-tts" }, fixture.Retry(), TimeProvider.System);

        AudioClip clip = await tts.SynthesizeAsync("Hi, I bought shoes.", new VoiceOptions("nova", 210), 8000, CancellationToken.None).WaitAsync(ProviderFixture.TestTimeout);

        Assert.Equal(8000, clip.SampleRate);
        Assert.InRange(clip.Samples.Length, ExpectedSamples - 24, ExpectedSamples + 24);
        RecordedRequest request = Assert.Single(fixture.Server.RequestsTo(FakeProviderServer.SpeechPath));
        Assert.Equal($"Bearer {ProviderFixture.ApiKey}", request.Header("Authorization"));
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        using JsonDocument body = JsonDocument.Parse(request.Body);
        Assert.Equal("gpt-4o-mini-tts", body.RootElement.GetProperty("model").GetString());
        Assert.Equal("Hi, I bought shoes.", body.RootElement.GetProperty("input").GetString());
        Assert.Equal("nova", body.RootElement.GetProperty("voice").GetString());
        Assert.Equal("pcm", body.RootElement.GetProperty("response_format").GetString());
        Assert.Equal(1.2, body.RootElement.GetProperty("speed").GetDouble(), 3);
    }

    [Fact]
    public async Task OpenAi_UsesTheConfiguredVoice_WhenThePersonaKeptTheLocalDefault()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        var tts = new OpenAiTextToSpeech(fixture.Http, new OpenAiSpeechOptions { BaseUrl = fixture.Server.OpenAiBaseUrl, Voice = "shimmer" }, fixture.Retry(), TimeProvider.System);

        await tts.SynthesizeAsync("Hello.", VoiceOptions.Default, 8000, CancellationToken.None).WaitAsync(ProviderFixture.TestTimeout);

        using JsonDocument body = JsonDocument.Parse(Assert.Single(fixture.Server.Requests).Body);
        Assert.Equal("shimmer", body.RootElement.GetProperty("voice").GetString());
    }

    [Fact]
    public async Task Azure_SendsEscapedSsml_AndAsks8kRiff_ForATelephoneCall()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        var options = new AzureSpeechOptions { TextToSpeechEndpoint = fixture.Server.BaseUrl, SpeechToTextEndpoint = fixture.Server.BaseUrl, ApiKey = ProviderFixture.ApiKey };
        var tts = new AzureTextToSpeech(fixture.Http, options, fixture.Retry(), TimeProvider.System);

        AudioClip clip = await tts.SynthesizeAsync("Fish & chips <now>", new VoiceOptions("en-GB-RyanNeural", 140), 8000, CancellationToken.None).WaitAsync(ProviderFixture.TestTimeout);

        Assert.Equal(8000, clip.SampleRate);
        Assert.InRange(clip.Samples.Length, ExpectedSamples - 8, ExpectedSamples + 8);
        RecordedRequest request = Assert.Single(fixture.Server.Requests);
        Assert.Equal(FakeProviderServer.AzureSynthesisPath, request.Path);
        Assert.Equal(ProviderFixture.ApiKey, request.Header("Ocp-Apim-Subscription-Key"));
        Assert.Equal("riff-8khz-16bit-mono-pcm", request.Header("X-Microsoft-OutputFormat"));
        Assert.Equal("application/ssml+xml; charset=utf-8", request.ContentType);
        var ssml = System.Xml.Linq.XDocument.Parse(request.BodyText);
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2001/10/synthesis";
        Assert.Equal("en-GB-RyanNeural", ssml.Root!.Element(ns + "voice")!.Attribute("name")!.Value);
        System.Xml.Linq.XElement prosody = ssml.Root.Element(ns + "voice")!.Element(ns + "prosody")!;
        Assert.Equal("-20%", prosody.Attribute("rate")!.Value);
        Assert.Equal("Fish & chips <now>", prosody.Value);
    }

    [Fact]
    public async Task Azure_RawOutput_At16k_IsReadAsHeaderlessPcm()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        var options = new AzureSpeechOptions { TextToSpeechEndpoint = fixture.Server.BaseUrl, SpeechToTextEndpoint = fixture.Server.BaseUrl, ApiKey = ProviderFixture.ApiKey, OutputContainer = "raw" };
        var tts = new AzureTextToSpeech(fixture.Http, options, fixture.Retry(), TimeProvider.System);

        AudioClip clip = await tts.SynthesizeAsync("Hello.", VoiceOptions.Default, 16000, CancellationToken.None).WaitAsync(ProviderFixture.TestTimeout);

        Assert.Equal("raw-16khz-16bit-mono-pcm", Assert.Single(fixture.Server.Requests).Header("X-Microsoft-OutputFormat"));
        Assert.InRange(clip.Samples.Length, (2 * ExpectedSamples) - 16, (2 * ExpectedSamples) + 16);
    }
}
