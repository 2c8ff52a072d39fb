using System.Net.Http.Headers;
using System.Text.Json;
using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Providers.Resilience;
using EfficientAI.Telephony.Providers.Stt;

namespace EfficientAI.Telephony.Providers.Azure;

/// <summary>
/// Azure Speech "REST API for short audio": one POST of a 16 kHz PCM WAV per utterance (at most 60 s),
/// answered with RecognitionStatus, DisplayText and the speech's Offset/Duration in 100-ns ticks.
/// </summary>
public sealed class AzureSpeechToText : UtteranceSpeechToText
{
    // The short-audio API documents 16 kHz mono PCM as its WAV input.
    private const int UploadSampleRate = 16000;

    private readonly HttpClient _http;
    private readonly AzureSpeechOptions _options;
    private readonly ProviderRetry _retry;
    private readonly TimeProvider _timeProvider;
    private readonly Uri _endpoint;

    public AzureSpeechToText(HttpClient http, AzureSpeechOptions options, ProviderRetry retry, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options;
        _retry = retry ?? throw new ArgumentNullException(nameof(retry));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _endpoint = new Uri(options.SpeechToTextRoot,
            $"speech/recognition/conversation/cognitiveservices/v1?language={Uri.EscapeDataString(options.Language)}&format=simple");
    }

    public override string ProviderName => "azure";

    public override Task<UtteranceTranscript> TranscribeAsync(AudioClip utterance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        byte[] wav = WavFile.Encode(Resampler.Resample(utterance, UploadSampleRate));
        return _retry.ExecuteAsync(ProviderName, "transcribe", ct => AttemptAsync(wav, ct), cancellationToken);
    }

    private async ValueTask<UtteranceTranscript> AttemptAsync(byte[] wav, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(wav);
        // Written as Azure documents it; "audio/pcm" is not an RFC 9110 token, so it bypasses the parser.
        content.Headers.TryAddWithoutValidation("Content-Type", $"audio/wav; codecs=audio/pcm; samplerate={UploadSampleRate}");
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = content };
        request.Headers.Add("Ocp-Apim-Subscription-Key", _options.ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await HttpFailures.EnsureSuccessAsync(response, _options.ApiKey, _timeProvider, cancellationToken).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        using JsonDocument document = ProviderJson.Parse(body, ProviderName);
        JsonElement root = document.RootElement;
        string status = root.TryGetProperty("RecognitionStatus", out JsonElement s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : string.Empty;
        switch (status)
        {
            case "Success":
                string text = root.TryGetProperty("DisplayText", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : string.Empty;
                TimeSpan? start = root.TryGetProperty("Offset", out JsonElement o) && o.TryGetInt64(out long offset) ? TimeSpan.FromTicks(offset) : null;
                TimeSpan? end = start is { } begin && root.TryGetProperty("Duration", out JsonElement d) && d.TryGetInt64(out long duration) ? begin + TimeSpan.FromTicks(duration) : null;
                return new UtteranceTranscript(text, start, end);

            // Silence or noise is an answer, not a failure: the utterance had no words.
            case "NoMatch" or "InitialSilenceTimeout" or "BabbleTimeout":
                return UtteranceTranscript.Empty;

            case "Error":
                throw new ProviderAttemptException(ProviderFailureCause.ServerError, "the recognition service reported RecognitionStatus Error");

            default:
                throw new ProviderAttemptException(ProviderFailureCause.InvalidResponse, $"unexpected RecognitionStatus \"{status}\"");
        }
    }
}
