using EfficientAI.Telephony.Providers.Configuration;

namespace EfficientAI.Telephony.Providers.Tts;

/// <summary>An OpenAI-compatible <c>/audio/speech</c> endpoint (OpenAI, Azure OpenAI v1, Kokoro-FastAPI, LocalAI).</summary>
public sealed record OpenAiSpeechOptions
{
    /// <summary>The API root that <c>audio/speech</c> is appended to, version included.</summary>
    public Uri BaseUrl { get; init; } = new("https://api.openai.com/v1/");

    /// <summary>Sent as <c>Authorization: Bearer</c>; may be empty for a local server without auth.</summary>
    public string? ApiKey { get; init; }

    public string Model { get; init; } = "tts-1";

    /// <summary>Voice used when the persona's voice is the engine-neutral default ("en-us").</summary>
    public string Voice { get; init; } = "alloy";

    /// <summary>The rate of <c>response_format: pcm</c>, which the API documents as 24 kHz 16-bit mono.</summary>
    public int PcmSampleRate { get; init; } = 24000;

    public void Validate(string section = "Providers:Tts:OpenAi")
    {
        OptionChecks.RequireAbsoluteHttpUrl(BaseUrl, $"{section}:BaseUrl");
        OptionChecks.RequireText(Model, $"{section}:Model", "tts-1");
        OptionChecks.RequireText(Voice, $"{section}:Voice", "alloy");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PcmSampleRate, $"{section}:PcmSampleRate");
    }
}
