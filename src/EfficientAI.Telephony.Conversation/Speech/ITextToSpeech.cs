using EfficientAI.Telephony.Conversation.Audio;

namespace EfficientAI.Telephony.Conversation.Speech;

/// <summary>Speech synthesis: text in, mono PCM16 at the requested sample rate out.</summary>
public interface ITextToSpeech
{
    /// <remarks>
    /// The returned clip may be shared through a cache: do not modify its samples. Implementations
    /// trim leading and trailing silence to a few milliseconds, so that the clip's first and last
    /// voiced samples are close to its ends.
    /// </remarks>
    Task<AudioClip> SynthesizeAsync(string text, VoiceOptions voice, int sampleRate, CancellationToken cancellationToken);
}
