using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Conversation.Speech;

namespace EfficientAI.Telephony.Providers.Stt;

/// <summary>
/// A recogniser that transcribes whole utterances (an upload to a REST API, a local model): its
/// streams collect the frames of an utterance and transcribe them when the utterance ends, so it
/// gives final results only.
/// </summary>
public abstract class UtteranceSpeechToText : ISpeechToText
{
    /// <summary>"openai", "azure", "deepgram", "whisper".</summary>
    public abstract string ProviderName { get; }

    public ISpeechRecognitionStream OpenStream(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        return new UtteranceRecognitionStream(this, sampleRate);
    }

    /// <summary>Transcribes one utterance; an empty transcript when nothing intelligible was said.</summary>
    public abstract Task<UtteranceTranscript> TranscribeAsync(AudioClip utterance, CancellationToken cancellationToken);
}
