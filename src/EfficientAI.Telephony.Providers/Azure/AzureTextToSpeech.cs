using System.Globalization;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Providers.Resilience;
using EfficientAI.Telephony.Providers.Tts;

namespace EfficientAI.Telephony.Providers.Azure;

/// <summary>
/// Azure Speech text to speech over REST: an SSML document per line, answered in the PCM output
/// format (RIFF or raw) whose rate is the nearest one at or above the call's, so an 8 kHz call gets
/// 8 kHz audio from the service and nothing is resampled.
/// </summary>
public sealed class AzureTextToSpeech : ITextToSpeech
{
    private static readonly int[] ServiceRates = [8000, 16000, 24000, 48000];

    private readonly HttpClient _http;
    private readonly AzureSpeechOptions _options;
    private readonly ProviderRetry _retry;
    private readonly TimeProvider _timeProvider;
    private readonly Uri _endpoint;

    public AzureTextToSpeech(HttpClient http, AzureSpeechOptions options, ProviderRetry retry, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options;
        _retry = retry ?? throw new ArgumentNullException(nameof(retry));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _endpoint = new Uri(options.TextToSpeechRoot, "cognitiveservices/v1");
    }

    /// <summary>The X-Microsoft-OutputFormat asked for at <paramref name="sampleRate"/>.</summary>
    public string OutputFormatFor(int sampleRate) =>
        FormattableString.Invariant($"{_options.OutputContainer}-{ServiceRateFor(sampleRate) / 1000}khz-16bit-mono-pcm");

    public Task<AudioClip> SynthesizeAsync(string text, VoiceOptions voice, int sampleRate, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        ArgumentNullException.ThrowIfNull(voice);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        string ssml = Ssml(text, RemoteVoice.NameFor(voice, _options.Voice), RemoteVoice.SpeedFor(voice));
        return _retry.ExecuteAsync("azure", "synthesize", ct => AttemptAsync(ssml, sampleRate, ct), cancellationToken);
    }

    private async ValueTask<AudioClip> AttemptAsync(string ssml, int sampleRate, CancellationToken cancellationToken)
    {
        var content = new StringContent(ssml, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/ssml+xml") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = content };
        request.Headers.Add("Ocp-Apim-Subscription-Key", _options.ApiKey);
        request.Headers.Add("X-Microsoft-OutputFormat", OutputFormatFor(sampleRate));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("efficientai", "1.0"));

        using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await HttpFailures.EnsureSuccessAsync(response, _options.ApiKey, _timeProvider, cancellationToken).ConfigureAwait(false);
        byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        AudioClip clip;
        if (_options.OutputContainer == "riff")
        {
            try
            {
                clip = WavFile.Parse(body);
            }
            catch (FormatException e)
            {
                throw new ProviderAttemptException(ProviderFailureCause.BadAudio, $"the RIFF body could not be read: {e.Message}", innerException: e);
            }

            if (clip.Samples.Length == 0)
            {
                throw new ProviderAttemptException(ProviderFailureCause.BadAudio, "the RIFF body held no samples");
            }
        }
        else
        {
            clip = PcmAudio.FromLittleEndian(body, ServiceRateFor(sampleRate));
        }

        return SilenceTrim.Trim(Resampler.Resample(clip, sampleRate), SilenceTrim.DefaultAmplitude, SilenceTrim.DefaultPadding);
    }

    private static int ServiceRateFor(int sampleRate)
    {
        foreach (int rate in ServiceRates)
        {
            if (rate >= sampleRate)
            {
                return rate;
            }
        }

        return ServiceRates[^1];
    }

    // SSML 1.0 with prosody rate as a relative change ("+14%"), the form Azure documents.
    private string Ssml(string text, string voiceName, double speed)
    {
        string rate = ((speed - 1) * 100).ToString("+0;-0;+0", CultureInfo.InvariantCulture) + "%";
        string language = SecurityElement.Escape(_options.Language);
        return $"<speak version=\"1.0\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xml:lang=\"{language}\">"
            + $"<voice name=\"{SecurityElement.Escape(voiceName)}\"><prosody rate=\"{rate}\">{SecurityElement.Escape(text)}</prosody></voice></speak>";
    }
}
