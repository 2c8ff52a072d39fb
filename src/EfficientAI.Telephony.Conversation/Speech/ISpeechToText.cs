namespace EfficientAI.Telephony.Conversation.Speech;

/// <summary>
/// Speech recognition over the PCM frames of one side of a call. A provider that only transcribes
/// whole utterances (a REST upload, a local model) and one that streams partial results share this
/// shape: frames go in as they arrive, results come out stamped with the media-clock samples they cover.
/// </summary>
public interface ISpeechToText
{
    /// <summary>Starts recognising mono PCM16 audio at <paramref name="sampleRate"/> (8000 for G.711).</summary>
    ISpeechRecognitionStream OpenStream(int sampleRate);
}
