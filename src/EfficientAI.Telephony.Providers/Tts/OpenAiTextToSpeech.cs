using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Providers.Configuration;
using EfficientAI.Telephony.Providers.Resilience;

namespace EfficientAI.Telephony.Providers.Tts;

/// <summary>
/// Speech from an OpenAI-compatible <c>POST /audio/speech</c> with <c>response_format: pcm</c>
/// (headerless 16-bit little-endian mono at 24 kHz), resampled to the call's rate and trimmed.
/// A body that is not whole 16-bit samples, or holds none, is bad audio and is asked for again.
/// </summary>
public sealed class OpenAiTextToSpeech : ITextToSpeech
{
    private readonly HttpClient _http;
    private readonly OpenAiSpeechOptions _options;
    private readonly ProviderRetry _retry;
    private readonly TimeProvider _timeProvider;
    private readonly Uri _endpoint;

    public OpenAiTextToSpeech(HttpClient http, OpenAiSpeechOptions options, ProviderRetry retry, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options;
        _retry = retry ?? throw new ArgumentNullException(nameof(retry));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _endpoint = new Uri(OptionChecks.WithTrailingSlash(options.BaseUrl), "audio/speech");
    }

    public Task<AudioClip> SynthesizeAsync(string text, VoiceOptions voice, int sampleRate, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        ArgumentNullException.ThrowIfNull(voice);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var body = new SpeechRequest(_options.Model, text, RemoteVoice.NameFor(voice, _options.Voice), "pcm",
            Math.Clamp(RemoteVoice.SpeedFor(voice), 0.25, 4.0));
        return _retry.ExecuteAsync("openai", "synthesize", ct => AttemptAsync(body, sampleRate, ct), cancellationToken);
    }

    private async ValueTask<AudioClip> AttemptAsync(SpeechRequest body, int sampleRate, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = JsonContent.Create(body, SpeechRequestJson.Default.SpeechRequest) };
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        }

        using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await HttpFailures.EnsureSuccessAsync(response, _options.ApiKey, _timeProvider, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentType?.MediaType is { } type && type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ProviderAttemptException(ProviderFailureCause.BadAudio, $"asked for PCM but received {type}", (int)response.StatusCode);
        }

        byte[] pcm = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        AudioClip clip = PcmAudio.FromLittleEndian(pcm, _options.PcmSampleRate);
        return SilenceTrim.Trim(Resampler.Resample(clip, sampleRate), SilenceTrim.DefaultAmplitude, SilenceTrim.DefaultPadding);
    }

    internal sealed record SpeechRequest(
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("input")] string Input,
        [property: JsonPropertyName("voice")] string Voice,
        [property: JsonPropertyName("response_format")] string ResponseFormat,
        [property: JsonPropertyName("speed")] double Speed);
}

[JsonSerializable(typeof(OpenAiTextToSpeech.SpeechRequest))]
internal sealed partial class SpeechRequestJson : JsonSerializerContext;
