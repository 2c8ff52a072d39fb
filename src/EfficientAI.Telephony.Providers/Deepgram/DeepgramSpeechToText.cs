using System.Net.Http.Headers;
using System.Text.Json;
using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Providers.Configuration;
using EfficientAI.Telephony.Providers.Resilience;
using EfficientAI.Telephony.Providers.Stt;

namespace EfficientAI.Telephony.Providers.Deepgram;

/// <summary>
/// Deepgram pre-recorded transcription: the utterance as a WAV body (Deepgram reads telephone-rate
/// audio as it is, so nothing is resampled), answered with the best alternative of the first
/// channel, its confidence and per-word times.
/// </summary>
public sealed class DeepgramSpeechToText : UtteranceSpeechToText
{
    private readonly HttpClient _http;
    private readonly DeepgramOptions _options;
    private readonly ProviderRetry _retry;
    private readonly TimeProvider _timeProvider;
    private readonly Uri _endpoint;

    public DeepgramSpeechToText(HttpClient http, DeepgramOptions options, ProviderRetry retry, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options;
        _retry = retry ?? throw new ArgumentNullException(nameof(retry));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _endpoint = new Uri(OptionChecks.WithTrailingSlash(options.BaseUrl),
            $"v1/listen?model={Uri.EscapeDataString(options.Model)}&language={Uri.EscapeDataString(options.Language)}&punctuate=true");
    }

    public override string ProviderName => "deepgram";

    public override Task<UtteranceTranscript> TranscribeAsync(AudioClip utterance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        byte[] wav = WavFile.Encode(utterance);
        return _retry.ExecuteAsync(ProviderName, "transcribe", ct => AttemptAsync(wav, ct), cancellationToken);
    }

    private async ValueTask<UtteranceTranscript> AttemptAsync(byte[] wav, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(wav);
        content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", _options.ApiKey);

        using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await HttpFailures.EnsureSuccessAsync(response, _options.ApiKey, _timeProvider, cancellationToken).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        using JsonDocument document = ProviderJson.Parse(body, ProviderName);
        if (!document.RootElement.TryGetProperty("results", out JsonElement results)
            || !results.TryGetProperty("channels", out JsonElement channels) || channels.ValueKind != JsonValueKind.Array || channels.GetArrayLength() == 0
            || !channels[0].TryGetProperty("alternatives", out JsonElement alternatives) || alternatives.ValueKind != JsonValueKind.Array)
        {
            throw new ProviderAttemptException(ProviderFailureCause.InvalidResponse, "deepgram answered without results.channels[0].alternatives");
        }

        if (alternatives.GetArrayLength() == 0)
        {
            return UtteranceTranscript.Empty;
        }

        JsonElement best = alternatives[0];
        string text = best.TryGetProperty("transcript", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : string.Empty;
        double? confidence = best.TryGetProperty("confidence", out JsonElement c) && c.TryGetDouble(out double value) ? value : null;
        TimeSpan? start = null;
        TimeSpan? end = null;
        if (best.TryGetProperty("words", out JsonElement words) && words.ValueKind == JsonValueKind.Array && words.GetArrayLength() > 0)
        {
            if (words[0].TryGetProperty("start", out JsonElement ws) && ws.TryGetDouble(out double first))
            {
                start = TimeSpan.FromSeconds(first);
            }

            if (words[words.GetArrayLength() - 1].TryGetProperty("end", out JsonElement we) && we.TryGetDouble(out double last))
            {
                end = TimeSpan.FromSeconds(last);
            }
        }

        return new UtteranceTranscript(text, start, end, confidence);
    }
}
