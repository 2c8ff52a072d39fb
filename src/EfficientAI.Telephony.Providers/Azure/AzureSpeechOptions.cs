using EfficientAI.Telephony.Providers.Configuration;

namespace EfficientAI.Telephony.Providers.Azure;

/// <summary>An Azure AI Speech resource, used through its REST APIs (short-audio recognition and SSML synthesis).</summary>
public sealed record AzureSpeechOptions
{
    /// <summary>The resource's region ("westeurope"); gives the default endpoints.</summary>
    public string? Region { get; init; }

    /// <summary>Recognition endpoint root; default <c>https://{Region}.stt.speech.microsoft.com/</c>.</summary>
    public Uri? SpeechToTextEndpoint { get; init; }

    /// <summary>Synthesis endpoint root; default <c>https://{Region}.tts.speech.microsoft.com/</c>.</summary>
    public Uri? TextToSpeechEndpoint { get; init; }

    /// <summary>Sent as <c>Ocp-Apim-Subscription-Key</c>.</summary>
    public string? ApiKey { get; init; }

    /// <summary>BCP-47 language of recognition and of the SSML document.</summary>
    public string Language { get; init; } = "en-US";

    /// <summary>Neural voice used when the persona's voice is the engine-neutral default.</summary>
    public string Voice { get; init; } = "en-US-JennyNeural";

    /// <summary>"riff" (a WAV, checked and parsed) or "raw" (headerless PCM).</summary>
    public string OutputContainer { get; init; } = "riff";

    public Uri SpeechToTextRoot => OptionChecks.WithTrailingSlash(SpeechToTextEndpoint ?? new Uri($"https://{Region}.stt.speech.microsoft.com/"));

    public Uri TextToSpeechRoot => OptionChecks.WithTrailingSlash(TextToSpeechEndpoint ?? new Uri($"https://{Region}.tts.speech.microsoft.com/"));

    public void Validate(string section = "Providers:Azure")
    {
        if (string.IsNullOrWhiteSpace(Region) && (SpeechToTextEndpoint is null || TextToSpeechEndpoint is null))
        {
            OptionChecks.RequireText(Region, $"{section}:Region", "westeurope");
        }

        if (SpeechToTextEndpoint is not null)
        {
            OptionChecks.RequireAbsoluteHttpUrl(SpeechToTextEndpoint, $"{section}:SpeechToTextEndpoint");
        }

        if (TextToSpeechEndpoint is not null)
        {
            OptionChecks.RequireAbsoluteHttpUrl(TextToSpeechEndpoint, $"{section}:TextToSpeechEndpoint");
        }

        OptionChecks.RequireKey(ApiKey, $"{section}:ApiKey");
        OptionChecks.RequireText(Language, $"{section}:Language", "en-US");
        OptionChecks.RequireText(Voice, $"{section}:Voice", "en-US-JennyNeural");
        if (OutputContainer is not ("riff" or "raw"))
        {
            throw new ArgumentException($"{section}:OutputContainer must be \"riff\" or \"raw\", not \"{OutputContainer}\".", $"{section}:OutputContainer");
        }
    }
}
