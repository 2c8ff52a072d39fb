using System.Buffers;
using System.Threading.Channels;
using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Conversation.Speech;

namespace EfficientAI.Telephony.Providers.Stt;

/// <summary>Collects an utterance's frames and hands the clip to the recogniser when the utterance ends.</summary>
internal sealed class UtteranceRecognitionStream(UtteranceSpeechToText recogniser, int sampleRate) : ISpeechRecognitionStream
{
    // A gap longer than this between frames is not bridged with silence: it means the writer lost
    // track of the clock, and minutes of zeros would only cost upload time.
    private static readonly TimeSpan MaxBridgedGap = TimeSpan.FromSeconds(5);

    private readonly Channel<SpeechRecognitionResult> _results = Channel.CreateUnbounded<SpeechRecognitionResult>();
    private readonly ArrayBufferWriter<short> _utterance = new();
    private long _utteranceStart = -1;
    private long _nextSample;
    private bool _disposed;

    public int SampleRate => sampleRate;

    public ChannelReader<SpeechRecognitionResult> Results => _results.Reader;

    public ValueTask WriteAsync(ReadOnlyMemory<short> samples, long firstSampleIndex, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(firstSampleIndex);
        cancellationToken.ThrowIfCancellationRequested();
        if (samples.IsEmpty)
        {
            return ValueTask.CompletedTask;
        }

        if (firstSampleIndex < _nextSample)
        {
            throw new ArgumentOutOfRangeException(nameof(firstSampleIndex), firstSampleIndex, $"Frames must be written in order: the next sample expected is {_nextSample} or later.");
        }

        if (_utteranceStart < 0)
        {
            _utteranceStart = firstSampleIndex;
        }
        else if (firstSampleIndex > _nextSample)
        {
            long gap = firstSampleIndex - _nextSample;
            if (gap > MaxBridgedGap.TotalSeconds * sampleRate)
            {
                throw new ArgumentOutOfRangeException(nameof(firstSampleIndex), firstSampleIndex, $"A gap of {gap} samples inside one utterance: end the utterance before a long silence.");
            }

            _utterance.GetSpan((int)gap)[..(int)gap].Clear();
            _utterance.Advance((int)gap);
        }

        samples.Span.CopyTo(_utterance.GetSpan(samples.Length));
        _utterance.Advance(samples.Length);
        _nextSample = firstSampleIndex + samples.Length;
        return ValueTask.CompletedTask;
    }

    public async ValueTask<SpeechRecognitionResult> EndUtteranceAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_utteranceStart < 0)
        {
            var nothing = new SpeechRecognitionResult(string.Empty, IsFinal: true, _nextSample, _nextSample);
            _results.Writer.TryWrite(nothing);
            return nothing;
        }

        var clip = new AudioClip(_utterance.WrittenSpan.ToArray(), sampleRate);
        long start = _utteranceStart;
        long end = _nextSample;
        _utterance.ResetWrittenCount();
        _utteranceStart = -1;

        UtteranceTranscript transcript = await recogniser.TranscribeAsync(clip, cancellationToken).ConfigureAwait(false);

        // Narrow the range to where the provider heard speech, when it says; never beyond the utterance.
        long speechStart = transcript.SpeechStart is { } s ? Math.Clamp(start + ToSamples(s), start, end) : start;
        long speechEnd = transcript.SpeechEnd is { } e ? Math.Clamp(start + ToSamples(e), speechStart, end) : end;
        var result = new SpeechRecognitionResult(transcript.Text.Trim(), IsFinal: true, speechStart, speechEnd, transcript.Confidence);
        _results.Writer.TryWrite(result);
        return result;
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _results.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    private long ToSamples(TimeSpan offset) => (long)Math.Round(offset.TotalSeconds * sampleRate);
}
