using EfficientAI.Telephony.Providers.Configuration;

namespace EfficientAI.Telephony.Providers.Stt;

/// <summary>An OpenAI-compatible <c>/audio/transcriptions</c> endpoint (OpenAI, Azure OpenAI v1, vLLM, speaches, LocalAI).</summary>
public sealed record OpenAiTranscriptionOptions
{
    /// <summary>The API root that <c>audio/transcriptions</c> is appended to, version included.</summary>
    public Uri BaseUrl { get; init; } = new("https://api.openai.com/v1/");

    /// <summary>Sent as <c>Authorization: Bearer</c>; may be empty for a local server without auth.</summary>
    public string? ApiKey { get; init; }

    public string Model { get; init; } = "whisper-1";

    /// <summary>ISO-639-1 code passed as a hint; null lets the model detect it.</summary>
    public string? Language { get; init; } = "en";

    /// <summary>Rate of the uploaded WAV; telephone audio is upsampled because Whisper-family models run at 16 kHz.</summary>
    public int UploadSampleRate { get; init; } = 16000;

    public void Validate(string section = "Providers:Stt:OpenAi")
    {
        OptionChecks.RequireAbsoluteHttpUrl(BaseUrl, $"{section}:BaseUrl");
        OptionChecks.RequireText(Model, $"{section}:Model", "whisper-1");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(UploadSampleRate, $"{section}:UploadSampleRate");
    }
}
