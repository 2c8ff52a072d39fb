using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Conversation.Timeline;
using EfficientAI.Telephony.Conversation.Vad;
using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Conversation.Caller;

/// <summary>
/// Transcribes the agent's turns: the frames of each turn (from its first voiced sample, which the detector confirms
/// only later, hence a short pre-roll) go to one recognition stream; the text of a turn is known by its start sample.
/// </summary>
/// <remarks>
/// The receive thread only copies frames into pooled buffers and queues them; one background task talks to the
/// recogniser (which may upload or stream), so a slow provider never stalls media.
/// </remarks>
internal sealed class AgentTranscriber : IAsyncDisposable
{
    private const int PreRollFrames = 32;

    private readonly ISpeechRecognitionStream _stream;
    private readonly CallTimeline _timeline;
    private readonly Func<long> _now;
    private readonly ILogger _logger;
    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly ConcurrentDictionary<long, string> _texts = new();
    private readonly ConcurrentQueue<TaskCompletionSource> _ends = new();
    private readonly Task _worker;

    // Receive thread: the last frames heard, to send the start of a turn once its onset is confirmed.
    private readonly (short[] Samples, int Length, long Start)[] _preRoll = new (short[], int, long)[PreRollFrames];
    private int _preRollNext;
    private bool _inTurn;
    private long _turnStart;

    /// <param name="now">The media clock now (the pacer's position), to stamp each text when it arrives.</param>
    public AgentTranscriber(ISpeechRecognitionStream stream, CallTimeline timeline, Func<long> now, ILogger logger)
    {
        _stream = stream;
        _timeline = timeline;
        _now = now;
        _logger = logger;
        for (int i = 0; i < _preRoll.Length; i++)
        {
            _preRoll[i] = (Array.Empty<short>(), 0, long.MinValue);
        }

        _worker = Task.Run(RunAsync);
    }

    /// <summary>One received frame and what the agent's turn detector made of it. Receive thread only.</summary>
    public void OnFrame(long sampleIndex, ReadOnlySpan<short> frame, TurnEdge edge)
    {
        if (edge.Kind == TurnEdgeKind.SpeechStarted)
        {
            _inTurn = true;
            _turnStart = edge.SampleIndex;
            for (int i = 0; i < PreRollFrames; i++)
            {
                var (samples, length, start) = _preRoll[(_preRollNext + i) % PreRollFrames];
                if (length > 0 && start + length > edge.SampleIndex)
                {
                    Queue(start, samples.AsSpan(0, length));
                }
            }
        }

        if (_inTurn)
        {
            Queue(sampleIndex, frame);
        }

        Remember(sampleIndex, frame);
        if (_inTurn && edge.Kind == TurnEdgeKind.SpeechEnded)
        {
            _inTurn = false;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _ends.Enqueue(done);
            _work.Writer.TryWrite(new Work(null, 0, _turnStart, done));
        }
    }

    /// <summary>The recognised text of the agent turn that started at <paramref name="startSample"/>, when known.</summary>
    public string? TextOf(long startSample) => _texts.TryGetValue(startSample, out string? text) ? text : null;

    /// <summary>Completes when every turn ended so far has its text (or failed), or when <paramref name="timeout"/> passes.</summary>
    public async Task WaitForTextsAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        Task[] pending = [.. _ends.Select(e => e.Task)];
        try
        {
            await Task.WhenAll(pending).WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The persona or the report goes on without the late texts.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _work.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    private void Remember(long sampleIndex, ReadOnlySpan<short> frame)
    {
        ref var slot = ref _preRoll[_preRollNext];
        if (slot.Samples.Length < frame.Length)
        {
            slot.Samples = new short[frame.Length];
        }

        frame.CopyTo(slot.Samples);
        slot.Length = frame.Length;
        slot.Start = sampleIndex;
        _preRollNext = (_preRollNext + 1) % PreRollFrames;
    }

    private void Queue(long sampleIndex, ReadOnlySpan<short> frame)
    {
        short[] copy = ArrayPool<short>.Shared.Rent(frame.Length);
        frame.CopyTo(copy);
        _work.Writer.TryWrite(new Work(copy, frame.Length, sampleIndex, null));
    }

    private async Task RunAsync()
    {
        long next = 0;
        await foreach (Work work in _work.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (work.Samples is { } samples)
                {
                    // Pre-roll and live frames can overlap by part of a frame; the stream takes each sample once, in order.
                    int skip = (int)Math.Clamp(next - work.Start, 0, work.Length);
                    if (skip < work.Length)
                    {
                        await _stream.WriteAsync(samples.AsMemory(skip, work.Length - skip), work.Start + skip, CancellationToken.None).ConfigureAwait(false);
                        next = work.Start + work.Length;
                    }

                    ArrayPool<short>.Shared.Return(samples);
                }
                else
                {
                    SpeechRecognitionResult result = await _stream.EndUtteranceAsync(CancellationToken.None).ConfigureAwait(false);
                    _texts[work.Start] = result.Text;
                    _timeline.Append(_now(), TimelineEventKind.Transcript, Speaker.Agent, result.Text);
                    CallerLog.AgentTranscribed(_logger, work.Start, result.Text);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                CallerLog.TranscriptionFailed(_logger, work.Start, e);
            }
            finally
            {
                work.Done?.TrySetResult();
            }
        }
    }

    private readonly record struct Work(short[]? Samples, int Length, long Start, TaskCompletionSource? Done);
}
