using System.Collections.Concurrent;
using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Conversation.Playback;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Conversation.Timeline;
using EfficientAI.Telephony.Conversation.Vad;
using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Conversation.Agent;

/// <summary>
/// The reference voice agent's behaviour on PCM frames: greet, listen for the caller's end of turn,
/// answer with the next scripted line, and keep a ground-truth log of exactly when each reply started
/// relative to the caller's last voiced sample, so the caller's own measurement can be checked.
/// </summary>
/// <remarks>
/// All lines are synthesised up front by <see cref="StartAsync"/>, so answering costs no synthesis
/// time: the latency the agent produces is end-of-turn detection (hangover) + <see cref="AgentConversationOptions.ReplyDelay"/>
/// + alignment to the next outgoing frame + the reply's leading silence, and the log records it exactly.
/// Threads as in the caller: the receive thread (<see cref="OnCallerFrame"/>) detects turns and
/// queues reply requests through a lock-free single-producer queue; the pacer (<see cref="ReadAgentFrame"/>)
/// plays without locks or per-frame allocation.
/// </remarks>
public sealed class AgentConversation
{
    private const int MaxPendingReplies = 16;

    private readonly AgentConversationOptions _options;
    private readonly ITextToSpeech _tts;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly EnergyVad _vad;
    private readonly EndOfTurnDetector _callerTurns;
    private readonly SingleProducerQueue<ReplyRequest> _requests = new(MaxPendingReplies);
    private readonly ConcurrentQueue<GroundTruthTurn> _groundTruth = new();
    private readonly long _replyDelaySamples;

    private PreparedLines? _prepared;
    private int _started;

    // Receive thread.
    private long _callerTurnStart;
    private int _callerTurnCount;

    // Receive thread → pacer: the caller started speaking over the agent.
    private int _interruptRequested;

    // Pacer → receive thread: [from, until) of the agent's clip on the wire, for overlap and barge-in.
    private long _playingFrom = -1;
    private long _playingUntil = -1;

    // Pacer thread.
    private readonly UtterancePlayer _player = new();
    private bool _greetingDone;

    public AgentConversation(
        AgentConversationOptions options,
        ITextToSpeech textToSpeech,
        CallTimeline timeline,
        TimeProvider timeProvider,
        ILogger<AgentConversation> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeline);
        options.Validate();
        if (timeline.SampleRate != options.SampleRate)
        {
            throw new ArgumentException($"The timeline counts {timeline.SampleRate} Hz samples but the conversation runs at {options.SampleRate} Hz.", nameof(timeline));
        }

        _options = options;
        _tts = textToSpeech ?? throw new ArgumentNullException(nameof(textToSpeech));
        Timeline = timeline;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _vad = new EnergyVad(options.TurnDetection.Vad);
        _callerTurns = new EndOfTurnDetector(options.SampleRate, options.TurnDetection);
        _replyDelaySamples = timeline.ToSampleIndex(options.ReplyDelay);
        _greetingDone = options.Greeting is null;
    }

    public CallTimeline Timeline { get; }

    /// <summary>True once every line is synthesised; until then the agent sends silence.</summary>
    public bool IsReady => Volatile.Read(ref _prepared) is not null;

    /// <summary>One entry per reply that started playing, in order.</summary>
    public IReadOnlyList<GroundTruthTurn> GroundTruth => [.. _groundTruth];

    /// <summary>Synthesises the greeting and every reply; call once, before or while the call is answered.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("The agent conversation has already been started.");
        }

        long began = _timeProvider.GetTimestamp();
        var byText = new Dictionary<string, Utterance>(StringComparer.Ordinal);
        Utterance? greeting = _options.Greeting is null ? null : await PrepareAsync(_options.Greeting).ConfigureAwait(false);
        var replies = new Utterance[_options.Replies.Count];
        for (int i = 0; i < replies.Length; i++)
        {
            replies[i] = await PrepareAsync(_options.Replies[i]).ConfigureAwait(false);
        }

        Volatile.Write(ref _prepared, new PreparedLines(greeting, replies));
        AgentLog.Prepared(_logger, byText.Count, _timeProvider.GetElapsedTime(began).TotalMilliseconds);

        async Task<Utterance> PrepareAsync(string text)
        {
            if (!byText.TryGetValue(text, out Utterance? utterance))
            {
                AudioClip clip = await _tts.SynthesizeAsync(text, _options.Voice, _options.SampleRate, cancellationToken).ConfigureAwait(false);
                utterance = new Utterance(text, Resampler.Resample(clip, _options.SampleRate).Samples, _vad);
                byText.Add(text, utterance);
            }

            return utterance;
        }
    }

    /// <summary>Received caller audio, stamped on the local media clock. Receive thread only.</summary>
    public void OnCallerFrame(long sampleIndex, ReadOnlySpan<short> frame)
    {
        TurnEdge edge = _callerTurns.Process(sampleIndex, frame);
        if (edge.Kind == TurnEdgeKind.SpeechStarted)
        {
            _callerTurnStart = edge.SampleIndex;
            Timeline.Append(edge.SampleIndex, TimelineEventKind.SpeechStarted, Speaker.Caller);
            if (edge.SampleIndex >= Volatile.Read(ref _playingFrom) && edge.SampleIndex < Volatile.Read(ref _playingUntil))
            {
                Timeline.Append(edge.SampleIndex, TimelineEventKind.Overlap, Speaker.Caller, "caller spoke while the agent was speaking");
                if (_options.StopWhenInterrupted)
                {
                    Volatile.Write(ref _interruptRequested, 1);
                }
            }
        }
        else if (edge.Kind == TurnEdgeKind.SpeechEnded)
        {
            Timeline.Append(edge.SampleIndex, TimelineEventKind.SpeechEnded, Speaker.Caller);
            ScheduleReply(edge);
        }
    }

    /// <summary>Fills the next outgoing frame (agent speech or silence). Pacer thread only; never blocks.</summary>
    public void ReadAgentFrame(long sampleIndex, Span<short> frame)
    {
        PreparedLines? prepared = Volatile.Read(ref _prepared);
        if (prepared is null)
        {
            frame.Clear();
            return;
        }

        if (Interlocked.Exchange(ref _interruptRequested, 0) == 1 && _player.IsPlaying)
        {
            StopPlayback(interrupted: true);
        }

        if (!_player.IsPlaying)
        {
            if (!_greetingDone)
            {
                _greetingDone = true;
                StartPlayback(prepared.Greeting!, sampleIndex);
            }
            else if (_requests.TryPeek(out ReplyRequest request) && sampleIndex >= request.NotBefore)
            {
                _requests.Dequeue();
                Utterance reply = prepared.Replies[request.ReplyIndex];
                StartPlayback(reply, sampleIndex);
                RecordGroundTruth(request, reply, sampleIndex);
            }
        }

        if (_player.Fill(frame))
        {
            StopPlayback(interrupted: false);
        }
    }

    private void ScheduleReply(TurnEdge end)
    {
        int count = _options.Replies.Count;
        if (count == 0)
        {
            return;
        }

        int index = _callerTurnCount++ % count;

        // The reply may start at the first outgoing frame at or after the detection point + delay.
        var request = new ReplyRequest(index, end.DetectedAtSampleIndex + _replyDelaySamples, end.SampleIndex);
        if (_requests.TryEnqueue(request))
        {
            AgentLog.ReplyScheduled(_logger, end.SampleIndex, index, request.NotBefore);
        }
        else
        {
            AgentLog.ReplyDropped(_logger, end.SampleIndex, MaxPendingReplies);
        }
    }

    private void RecordGroundTruth(ReplyRequest request, Utterance reply, long startSample)
    {
        if (!reply.HasSpeech)
        {
            return;
        }

        long firstVoiced = startSample + reply.FirstVoicedOffset;
        double latencyMs = Timeline.ToMilliseconds(firstVoiced - request.CallerLastVoiced);
        _groundTruth.Enqueue(new GroundTruthTurn(request.CallerLastVoiced, firstVoiced, latencyMs, reply.Text));
        AgentLog.ReplyStarted(_logger, reply.Text, latencyMs);
    }

    private void StartPlayback(Utterance utterance, long sampleIndex)
    {
        _player.Start(utterance, sampleIndex);
        Volatile.Write(ref _playingFrom, sampleIndex);
        Volatile.Write(ref _playingUntil, sampleIndex + utterance.Samples.Length);
        Timeline.Append(sampleIndex, TimelineEventKind.TtsStarted, Speaker.Agent, utterance.Text);
        if (utterance.HasSpeech)
        {
            Timeline.Append(sampleIndex + utterance.FirstVoicedOffset, TimelineEventKind.SpeechStarted, Speaker.Agent);
        }
    }

    private void StopPlayback(bool interrupted)
    {
        Utterance utterance = _player.Current!;
        long end = _player.PlayedUntil;
        long lastVoiced = interrupted
            ? _player.LastVoicedPlayed(_vad)
            : (utterance.HasSpeech ? _player.StartSample + utterance.LastVoicedOffset : -1);
        _player.Stop();
        Volatile.Write(ref _playingUntil, end);
        Timeline.Append(end, interrupted ? TimelineEventKind.TtsInterrupted : TimelineEventKind.TtsFinished, Speaker.Agent);
        if (lastVoiced >= 0)
        {
            Timeline.Append(lastVoiced, TimelineEventKind.SpeechEnded, Speaker.Agent);
        }
    }

    private readonly record struct ReplyRequest(int ReplyIndex, long NotBefore, long CallerLastVoiced);

    private sealed record PreparedLines(Utterance? Greeting, Utterance[] Replies);
}
