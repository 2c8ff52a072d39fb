using System.Net.Http.Headers;
using System.Text.Json;
using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Providers.Configuration;
using EfficientAI.Telephony.Providers.Resilience;

namespace EfficientAI.Telephony.Providers.Stt;

/// <summary>
/// Transcribes utterances with an OpenAI-compatible <c>POST /audio/transcriptions</c>: a
/// multipart/form-data upload of the utterance as a 16-bit WAV, answered with <c>{"text": …}</c>.
/// </summary>
public sealed class OpenAiSpeechToText : UtteranceSpeechToText
{
    private readonly HttpClient _http;
    private readonly OpenAiTranscriptionOptions _options;
    private readonly ProviderRetry _retry;
    private readonly TimeProvider _timeProvider;
    private readonly Uri _endpoint;

    public OpenAiSpeechToText(HttpClient http, OpenAiTranscriptionOptions options, ProviderRetry retry, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options;
        _retry = retry ?? throw new ArgumentNullException(nameof(retry));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _endpoint = new Uri(OptionChecks.WithTrailingSlash(options.BaseUrl), "audio/transcriptions");
    }

    public override string ProviderName => "openai";

    public override Task<UtteranceTranscript> TranscribeAsync(AudioClip utterance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        byte[] wav = WavFile.Encode(Resampler.Resample(utterance, _options.UploadSampleRate));
        return _retry.ExecuteAsync(ProviderName, "transcribe", ct => AttemptAsync(wav, ct), cancellationToken);
    }

    private async ValueTask<UtteranceTranscript> AttemptAsync(byte[] wav, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(wav);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "utterance.wav");
        form.Add(new StringContent(_options.Model), "model");
        form.Add(new StringContent("json"), "response_format");
        if (!string.IsNullOrWhiteSpace(_options.Language))
        {
            form.Add(new StringContent(_options.Language), "language");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = form };
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        }

        using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await HttpFailures.EnsureSuccessAsync(response, _options.ApiKey, _timeProvider, cancellationToken).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return new UtteranceTranscript(ProviderJson.ReadString(body, "text", ProviderName));
    }
}
