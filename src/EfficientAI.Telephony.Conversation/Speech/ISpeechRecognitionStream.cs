using System.Threading.Channels;

namespace EfficientAI.Telephony.Conversation.Speech;

/// <summary>
/// One recognition session: the caller writes the frames of an utterance, ends it when its
/// end-of-turn detector fires, and reads partial and final results (with their sample ranges on the
/// call's media clock) from <see cref="Results"/> or from the return value of <see cref="EndUtteranceAsync"/>.
/// </summary>
public interface ISpeechRecognitionStream : IAsyncDisposable
{
    /// <summary>The rate of the samples written, as given to <see cref="ISpeechToText.OpenStream"/>.</summary>
    int SampleRate { get; }

    /// <summary>
    /// Appends audio whose first sample sits at <paramref name="firstSampleIndex"/> on the media clock.
    /// Frames are written in order; a gap in the indices is treated as silence the stream did not hear.
    /// </summary>
    ValueTask WriteAsync(ReadOnlyMemory<short> samples, long firstSampleIndex, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the current utterance and returns its final result (empty text when nothing was
    /// recognised). The stream is then ready for the next utterance.
    /// </summary>
    ValueTask<SpeechRecognitionResult> EndUtteranceAsync(CancellationToken cancellationToken);

    /// <summary>Every result as it is produced, partial ones included; completes when the stream is disposed.</summary>
    ChannelReader<SpeechRecognitionResult> Results { get; }
}
