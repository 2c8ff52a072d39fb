namespace EfficientAI.Telephony.Providers.Tts;

/// <summary>Neither espeak-ng nor flite (or not the one asked for) is installed.</summary>
public sealed class SpeechEngineNotFoundException : InvalidOperationException
{
    public SpeechEngineNotFoundException()
        : base("No local speech synthesiser found: install espeak-ng: apt-get install espeak-ng")
    {
    }

    public SpeechEngineNotFoundException(string message)
        : base(message)
    {
    }

    public SpeechEngineNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
