using EfficientAI.Telephony.Providers.Configuration;

namespace EfficientAI.Telephony.Providers.Llm;

/// <summary>
/// An OpenAI-compatible chat completions endpoint: OpenAI (<c>https://api.openai.com/v1</c>), Azure
/// OpenAI's v1 API (<c>https://NAME.openai.azure.com/openai/v1/</c>), vLLM, Ollama
/// (<c>http://127.0.0.1:11434/v1</c>), LM Studio.
/// </summary>
public sealed record LlmOptions
{
    public Uri BaseUrl { get; init; } = new("https://api.openai.com/v1/");

    /// <summary>Sent as <c>Authorization: Bearer</c>; local servers usually ignore it, so it may be empty.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Model (or Azure deployment) name.</summary>
    public string Model { get; init; } = "gpt-4o-mini";

    public float Temperature { get; init; } = 0.7f;

    /// <summary>A caller's turn is a few sentences; the cap bounds the cost of a runaway answer.</summary>
    public int MaxOutputTokens { get; init; } = 200;

    public void Validate(string section = "Providers:Llm")
    {
        OptionChecks.RequireAbsoluteHttpUrl(BaseUrl, $"{section}:BaseUrl");
        OptionChecks.RequireText(Model, $"{section}:Model", "gpt-4o-mini");
        if (Temperature is < 0 or > 2)
        {
            throw new ArgumentOutOfRangeException($"{section}:Temperature", Temperature, "Temperature must be between 0 and 2.");
        }

        if (MaxOutputTokens is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException($"{section}:MaxOutputTokens", MaxOutputTokens, "MaxOutputTokens must be between 1 and 4096.");
        }
    }
}
