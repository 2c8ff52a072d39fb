namespace EfficientAI.Telephony.Providers.Stt;

/// <summary>
/// A provider's transcript of one utterance clip. <see cref="SpeechStart"/>/<see cref="SpeechEnd"/>
/// are offsets into the clip where the provider heard speech, when it says (word or segment times).
/// </summary>
public sealed record UtteranceTranscript(string Text, TimeSpan? SpeechStart = null, TimeSpan? SpeechEnd = null, double? Confidence = null)
{
    public static UtteranceTranscript Empty { get; } = new(string.Empty);
}
