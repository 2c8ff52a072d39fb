using EfficientAI.Telephony.Providers.Azure;
using EfficientAI.Telephony.Providers.Deepgram;
using EfficientAI.Telephony.Providers.Llm;
using EfficientAI.Telephony.Providers.Resilience;
using EfficientAI.Telephony.Providers.Stt;
using EfficientAI.Telephony.Providers.Tts;
using EfficientAI.Telephony.Providers.Whisper;

namespace EfficientAI.Telephony.Providers.Configuration;

/// <summary>
/// The "Providers" configuration section: which recogniser, synthesiser and persona a call uses,
/// and the settings of each. Only the selected providers are validated, so an unused one may stay empty.
/// </summary>
public sealed record ProvidersOptions
{
    public const string SectionName = "Providers";

    /// <summary>"none", "whisper", "openai", "azure" or "deepgram".</summary>
    public string SpeechToText { get; init; } = "none";

    /// <summary>"local" (espeak-ng/flite), "openai" or "azure".</summary>
    public string TextToSpeech { get; init; } = "local";

    /// <summary>"scripted" (lines from the dialplan) or "llm".</summary>
    public string Persona { get; init; } = "scripted";

    public WhisperOptions Whisper { get; init; } = new();

    public OpenAiTranscriptionOptions OpenAiTranscription { get; init; } = new();

    public OpenAiSpeechOptions OpenAiSpeech { get; init; } = new();

    public AzureSpeechOptions Azure { get; init; } = new();

    public DeepgramOptions Deepgram { get; init; } = new();

    public LocalTextToSpeechOptions Local { get; init; } = new();

    public LlmOptions Llm { get; init; } = new();

    /// <summary>"off" (default) or "llm": the dialplans' judge criteria are scored by the model at Providers:Llm.</summary>
    public string Judge { get; init; } = "off";

    /// <summary>The judge's model when it should differ from Providers:Llm:Model (often a stronger one).</summary>
    public string? JudgeModel { get; init; }

    public ProviderResilienceOptions Resilience { get; init; } = new();

    public void Validate()
    {
        switch (SpeechToText)
        {
            case "none":
                break;
            case "whisper":
                Whisper.Validate($"{SectionName}:Whisper");
                break;
            case "openai":
                OpenAiTranscription.Validate($"{SectionName}:OpenAiTranscription");
                break;
            case "azure":
                Azure.Validate($"{SectionName}:Azure");
                break;
            case "deepgram":
                Deepgram.Validate($"{SectionName}:Deepgram");
                break;
            default:
                throw new ArgumentException($"{SectionName}:SpeechToText must be \"none\", \"whisper\", \"openai\", \"azure\" or \"deepgram\", not \"{SpeechToText}\".", $"{SectionName}:SpeechToText");
        }

        switch (TextToSpeech)
        {
            case "local":
                Local.Validate();
                break;
            case "openai":
                OpenAiSpeech.Validate($"{SectionName}:OpenAiSpeech");
                break;
            case "azure":
                Azure.Validate($"{SectionName}:Azure");
                break;
            default:
                throw new ArgumentException($"{SectionName}:TextToSpeech must be \"local\", \"openai\" or \"azure\", not \"{TextToSpeech}\".", $"{SectionName}:TextToSpeech");
        }

        switch (Persona)
        {
            case "scripted":
                break;
            case "llm":
                Llm.Validate($"{SectionName}:Llm");
                break;
            default:
                throw new ArgumentException($"{SectionName}:Persona must be \"scripted\" or \"llm\", not \"{Persona}\".", $"{SectionName}:Persona");
        }

        switch (Judge)
        {
            case "off":
                break;
            case "llm":
                Llm.Validate($"{SectionName}:Llm");
                break;
            default:
                throw new ArgumentException($"{SectionName}:Judge must be \"off\" or \"llm\", not \"{Judge}\".", $"{SectionName}:Judge");
        }

        Resilience.Validate();
    }
}
