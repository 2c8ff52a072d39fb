using EfficientAI.Telephony.Conversation.Personas;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Providers.Azure;
using EfficientAI.Telephony.Providers.Deepgram;
using EfficientAI.Telephony.Providers.Llm;
using EfficientAI.Telephony.Providers.Resilience;
using EfficientAI.Telephony.Providers.Stt;
using EfficientAI.Telephony.Providers.Tts;
using EfficientAI.Telephony.Providers.Whisper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Providers.Configuration;

/// <summary>
/// Builds the providers that <see cref="ProvidersOptions"/> selects. One instance per process:
/// the HTTP client, the retry pipeline and a loaded Whisper model are shared by every call.
/// </summary>
public sealed class ProviderFactory : IDisposable
{
    private readonly ProvidersOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggers;
    private readonly ProviderRetry _retry;
    private readonly Lazy<ISpeechToText?> _speechToText;
    private readonly Lazy<ITextToSpeech> _textToSpeech;

    /// <param name="http">Shared client for every remote provider; its own Timeout should exceed the attempt time-out.</param>
    public ProviderFactory(ProvidersOptions options, HttpClient http, TimeProvider timeProvider, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _retry = new ProviderRetry(options.Resilience, timeProvider, _loggers.CreateLogger<ProviderRetry>());
        _speechToText = new Lazy<ISpeechToText?>(BuildSpeechToText);
        _textToSpeech = new Lazy<ITextToSpeech>(BuildTextToSpeech);
    }

    /// <summary>The configured recogniser, or null with <c>SpeechToText: none</c>.</summary>
    public ISpeechToText? SpeechToText => _speechToText.Value;

    public ITextToSpeech TextToSpeech => _textToSpeech.Value;

    /// <summary>
    /// The caller's persona: the model with <c>Persona: llm</c> (which needs <paramref name="profile"/>),
    /// else the dialplan's <paramref name="scriptedLines"/>.
    /// </summary>
    public IPersona CreatePersona(IReadOnlyList<string> scriptedLines, LlmPersonaProfile? profile)
    {
        if (_options.Persona == "llm")
        {
            return new LlmPersona(_http, _options.Llm, profile ?? throw new ArgumentException(
                $"{ProvidersOptions.SectionName}:Persona is \"llm\", so the dialplan must describe the persona, its scenario and its goal.", nameof(profile)),
                _retry, _timeProvider, _loggers.CreateLogger<LlmPersona>());
        }

        return new ScriptedPersona(scriptedLines);
    }

    /// <summary>A model playing the caller (Providers:Llm names the endpoint), whatever Providers:Persona says: the dialplan asked for it.</summary>
    public IPersona CreateLlmPersona(LlmPersonaProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _options.Llm.Validate($"{ProvidersOptions.SectionName}:Llm");
        return new LlmPersona(_http, _options.Llm, profile, _retry, _timeProvider, _loggers.CreateLogger<LlmPersona>());
    }

    /// <summary>The judge's model (Providers:Judge = llm), or null when the judge is off.</summary>
    public StructuredChat? CreateJudgeChat() =>
        _options.Judge == "llm" ? new StructuredChat(_http, _options.Llm, _options.JudgeModel, _retry, _timeProvider) : null;

    public void Dispose()
    {
        if (_speechToText.IsValueCreated && _speechToText.Value is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private ISpeechToText? BuildSpeechToText() => _options.SpeechToText switch
    {
        "whisper" => new WhisperSpeechToText(_options.Whisper, _timeProvider, _loggers.CreateLogger<WhisperSpeechToText>()),
        "openai" => new OpenAiSpeechToText(_http, _options.OpenAiTranscription, _retry, _timeProvider),
        "azure" => new AzureSpeechToText(_http, _options.Azure, _retry, _timeProvider),
        "deepgram" => new DeepgramSpeechToText(_http, _options.Deepgram, _retry, _timeProvider),
        _ => null,
    };

    private ITextToSpeech BuildTextToSpeech() => _options.TextToSpeech switch
    {
        "openai" => new OpenAiTextToSpeech(_http, _options.OpenAiSpeech, _retry, _timeProvider),
        "azure" => new AzureTextToSpeech(_http, _options.Azure, _retry, _timeProvider),
        _ => new LocalTextToSpeech(_options.Local, _timeProvider, _loggers.CreateLogger<LocalTextToSpeech>()),
    };
}
