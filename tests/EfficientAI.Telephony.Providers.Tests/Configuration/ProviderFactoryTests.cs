using EfficientAI.Telephony.Conversation.Personas;
using EfficientAI.Telephony.Providers.Azure;
using EfficientAI.Telephony.Providers.Configuration;
using EfficientAI.Telephony.Providers.Deepgram;
using EfficientAI.Telephony.Providers.Llm;
using EfficientAI.Telephony.Providers.Tts;

namespace EfficientAI.Telephony.Providers.Tests.Configuration;

public sealed class ProviderFactoryTests
{
    private static readonly LlmPersonaProfile Profile = new("Maria", "returns shoes", "a refund");

    [Fact]
    public void Defaults_AreOffline_NoRecogniser_LocalSpeech_ScriptedPersona()
    {
        using var http = new HttpClient();
        using var factory = new ProviderFactory(new ProvidersOptions(), http, TimeProvider.System);

        Assert.Null(factory.SpeechToText);
        Assert.IsType<LocalTextToSpeech>(factory.TextToSpeech);
        Assert.IsType<ScriptedPersona>(factory.CreatePersona(["Hello."], Profile));
    }

    [Fact]
    public void SelectedProviders_AreBuiltFromTheirSections()
    {
        using var http = new HttpClient();
        var options = new ProvidersOptions
        {
            SpeechToText = "deepgram",
            TextToSpeech = "azure",
            Persona = "llm",
            Deepgram = new DeepgramOptions { ApiKey = "dg-key" },
            Azure = new AzureSpeechOptions { Region = "westeurope", ApiKey = "az-key" },
            Llm = new LlmOptions { BaseUrl = new Uri("http://127.0.0.1:11434/v1"), Model = "llama3.1:8b" },
        };
        using var factory = new ProviderFactory(options, http, TimeProvider.System);

        Assert.IsType<DeepgramSpeechToText>(factory.SpeechToText);
        Assert.IsType<AzureTextToSpeech>(factory.TextToSpeech);
        Assert.IsType<LlmPersona>(factory.CreatePersona(["Hello."], Profile));
        Assert.Throws<ArgumentException>(() => factory.CreatePersona(["Hello."], profile: null));
    }

    [Theory]
    [InlineData("SpeechToText", "Providers:SpeechToText")]
    [InlineData("DeepgramKey", "Providers:Deepgram:ApiKey")]
    [InlineData("AzureRegion", "Providers:Azure:Region")]
    [InlineData("LlmUrl", "Providers:Llm:BaseUrl")]
    public void BadConfiguration_IsRefused_NamingTheKey(string mistake, string key)
    {
        ProvidersOptions options = mistake switch
        {
            "SpeechToText" => new ProvidersOptions { SpeechToText = "google" },
            "DeepgramKey" => new ProvidersOptions { SpeechToText = "deepgram" },
            "AzureRegion" => new ProvidersOptions { TextToSpeech = "azure", Azure = new AzureSpeechOptions { ApiKey = "k" } },
            _ => new ProvidersOptions { Persona = "llm", Llm = new LlmOptions { BaseUrl = new Uri("ftp://example.invalid/") } },
        };

        ArgumentException error = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
