using EfficientAI.Telephony.Conversation.Speech;

namespace EfficientAI.Telephony.Providers.Tts;

/// <summary>How a persona's <see cref="VoiceOptions"/> maps onto a cloud voice.</summary>
internal static class RemoteVoice
{
    /// <summary>The persona's own voice, or the provider's configured one when the persona kept the local engine's default.</summary>
    public static string NameFor(VoiceOptions voice, string configured) =>
        voice.Voice == VoiceOptions.Default.Voice ? configured : voice.Voice;

    /// <summary>The persona's rate relative to the typical 175 words per minute of a synthesiser at speed 1.</summary>
    public static double SpeedFor(VoiceOptions voice) => voice.WordsPerMinute / 175.0;
}
