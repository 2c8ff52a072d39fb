using EfficientAI.Telephony.Providers.Configuration;

namespace EfficientAI.Telephony.Providers.Deepgram;

/// <summary>Deepgram's pre-recorded transcription API (<c>POST /v1/listen</c>).</summary>
public sealed record DeepgramOptions
{
    public Uri BaseUrl { get; init; } = new("https://api.deepgram.com/");

    /// <summary>Sent as <c>Authorization: Token …</c>.</summary>
    public string? ApiKey { get; init; }

    public string Model { get; init; } = "nova-2";

    public string Language { get; init; } = "en";

    public void Validate(string section = "Providers:Stt:Deepgram")
    {
        OptionChecks.RequireAbsoluteHttpUrl(BaseUrl, $"{section}:BaseUrl");
        OptionChecks.RequireKey(ApiKey, $"{section}:ApiKey");
        OptionChecks.RequireText(Model, $"{section}:Model", "nova-2");
        OptionChecks.RequireText(Language, $"{section}:Language", "en");
    }
}
