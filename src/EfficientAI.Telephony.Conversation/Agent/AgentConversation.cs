using System.Collections.Concurrent;
using EfficientAI.Telephony.Conversation.Playback;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Conversation.Timeline;
using EfficientAI.Telephony.Conversation.Vad;
using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Conversation.Agent;

/// <summary>
/// The reference voice agent's behaviour on PCM frames: an opening (greeting, voicemail beep, hold
/// music, IVR prompt), then replies to the caller's turns or keys, with configurable misbehaviour
/// (slow greeting, random reply delays, interrupting the caller, ignoring or honouring barge-in, hanging
/// up mid-reply, pressing DTMF); every behaviour logs its own ground truth on the media clock, so the
/// caller's measurements can be checked against what really happened.
/// </summary>
/// <remarks>
/// All clips are prepared by <see cref="StartAsync"/>, so answering costs no synthesis time: a reply's
/// latency is end-of-turn detection (hangover) + the reply delay + alignment to the next outgoing frame
/// + the reply's leading silence, and the log records it exactly. Threads: the receive thread
/// (<see cref="OnCallerFrame"/>, <see cref="OnCallerDtmf"/>) detects turns and queues play requests
/// through a lock-free single-producer queue; the pacer (<see cref="ReadAgentFrame"/>) plays without
/// locks or per-frame allocation.
/// </remarks>
public sealed partial class AgentConversation
{
    private const int MaxPendingReplies = 16;

    private readonly AgentConversationOptions _options;
    private readonly ITextToSpeech _tts;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly EnergyVad _vad;
    private readonly EndOfTurnDetector _callerTurns;
    private readonly SingleProducerQueue<PlayRequest> _requests = new(MaxPendingReplies);
    private readonly ConcurrentQueue<GroundTruthTurn> _groundTruth = new();
    private readonly ConcurrentQueue<AgentEvent> _events = new();
    private readonly TaskCompletionSource<long> _hangUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _replyDelaySamples;
    private readonly long _replyDelaySpread;
    private readonly long _greetingDelaySamples;
    private readonly long _stopAfterSamples;
    private readonly long _interruptAfterSamples;
    private readonly long _hangUpAfterSamples;
    private readonly long _dtmfSpacingSamples;

    private AgentClips? _clips;
    private int _started;

    // Receive thread.
    private readonly Random _delays;
    private int _callerTurnCount;
    private bool _interruptingTurn;

    // Receive thread → pacer: stop the clip playing at _stopHeard once the pacer reaches _stopAt.
    private long _stopHeard = -1;
    private long _stopAt = -1;

    // Pacer → receive thread: [from, until) of the agent's clip on the wire, for overlap and barge-in.
    private long _playingFrom = -1;
    private long _playingUntil = -1;
    private int _hungUpFlag;

    // Pacer thread.
    private readonly UtterancePlayer _player = new();
    private AgentClipKind _playingKind;
    private long _firstSample = long.MinValue;
    private int _openingPosition;
    private int _dtmfPosition;
    private long _nextDtmfAt;
    private int _repliesStarted;
    private long _hangUpAt = -1;

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
        _replyDelaySpread = options.ReplyDelayMax is { } max ? timeline.ToSampleIndex(max) - _replyDelaySamples : 0;
        _greetingDelaySamples = timeline.ToSampleIndex(options.GreetingDelay);
        _stopAfterSamples = timeline.ToSampleIndex(options.StopAfterInterruption);
        _interruptAfterSamples = options.InterruptCallerAfter is { } after ? timeline.ToSampleIndex(after) : -1;
        _hangUpAfterSamples = timeline.ToSampleIndex(options.HangUpAfter);

        // RFC 4733 events go out one per 20 ms tick: 100 ms of key, two more end packets and a 40 ms pause
        // take 9 ticks, so digits 240 ms apart each start exactly on the tick they were queued.
        _dtmfSpacingSamples = timeline.ToSampleIndex(TimeSpan.FromMilliseconds(240));
        _delays = new Random(options.Seed);
    }

    public CallTimeline Timeline { get; }

    /// <summary>True once every clip is prepared; until then the agent sends silence.</summary>
    public bool IsReady => Volatile.Read(ref _clips) is not null;

    /// <summary>One entry per reply that started playing, in order.</summary>
    public IReadOnlyList<GroundTruthTurn> GroundTruth => [.. _groundTruth];

    /// <summary>Everything the agent did or heard that a caller could measure, in the order it happened per thread.</summary>
    public IReadOnlyList<AgentEvent> Events => [.. _events];

    /// <summary>
    /// Sends one DTMF digit (wired to the media session's RFC 4733 sender); called on the pacer thread,
    /// so the event starts on the tick being filled. False when the peer cannot receive telephone events.
    /// </summary>
    public Func<char, bool>? SendDtmf { get; set; }

    /// <summary>Completes with the sample where the agent cut its audio when it decides to hang up (the call owner then sends BYE).</summary>
    public Task<long> HangUpRequested => _hangUp.Task;

    /// <summary>Prepares every clip; call once, before or while the call is answered.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("The agent conversation has already been started.");
        }

        long began = _timeProvider.GetTimestamp();
        AgentClips clips = await AgentClips.PrepareAsync(_options, _tts, _vad, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _clips, clips);
        AgentLog.Prepared(_logger, clips.Opening.Length + clips.Replies.Length + clips.IvrChoices.Count, _timeProvider.GetElapsedTime(began).TotalMilliseconds);
    }

    /// <summary>Received caller audio, stamped on the local media clock. Receive thread only.</summary>
    public void OnCallerFrame(long sampleIndex, ReadOnlySpan<short> frame)
    {
        TurnEdge edge = _callerTurns.Process(sampleIndex, frame);
        if (edge.Kind == TurnEdgeKind.SpeechStarted)
        {
            OnCallerOnset(edge.SampleIndex);
        }
        else if (edge.Kind == TurnEdgeKind.SpeechEnded)
        {
            Timeline.Append(edge.SampleIndex, TimelineEventKind.SpeechEnded, Speaker.Caller);
            if (_interruptingTurn)
            {
                // This turn was already answered by talking over it.
                _interruptingTurn = false;
            }
            else if (_options.Ivr is null)
            {
                ScheduleReply(edge);
            }
        }
    }

    /// <summary>A DTMF event from the caller, on the local media clock. Receive thread only.</summary>
    public void OnCallerDtmf(char digit, long sampleIndex, bool end)
    {
        if (!end)
        {
            Timeline.Append(sampleIndex, TimelineEventKind.DtmfReceived, Speaker.Caller, digit.ToString());
            _events.Enqueue(new AgentEvent(AgentEventKind.DtmfReceived, null, sampleIndex, digit.ToString()));
            return;
        }

        if (_options.Ivr is not null && Volatile.Read(ref _hungUpFlag) == 0)
        {
            var request = new PlayRequest(AgentClipKind.IvrChoice, digit, sampleIndex + NextReplyDelay(), sampleIndex);
            if (!_requests.TryEnqueue(request))
            {
                AgentLog.ReplyDropped(_logger, sampleIndex, MaxPendingReplies);
            }
        }
    }

    private void OnCallerOnset(long onset)
    {
        Timeline.Append(onset, TimelineEventKind.SpeechStarted, Speaker.Caller);
        if (onset >= Volatile.Read(ref _playingFrom) && onset < Volatile.Read(ref _playingUntil))
        {
            Timeline.Append(onset, TimelineEventKind.Overlap, Speaker.Caller, "caller spoke while the agent was speaking");
            if (_options.StopWhenInterrupted)
            {
                // Heard first, then the moment: the pacer reads them in the opposite order.
                Volatile.Write(ref _stopHeard, onset);
                Volatile.Write(ref _stopAt, onset + _stopAfterSamples);
            }
            else
            {
                _events.Enqueue(new AgentEvent(AgentEventKind.TalkedOverCaller, null, onset));
            }

            return;
        }

        if (_interruptAfterSamples >= 0 && _options.Ivr is null && _options.Replies.Count > 0 && !_options.Voicemail)
        {
            int index = _callerTurnCount++ % _options.Replies.Count;
            if (_requests.TryEnqueue(new PlayRequest(AgentClipKind.Interrupting, index, onset + _interruptAfterSamples, onset)))
            {
                _interruptingTurn = true;
            }
        }
    }

    private void ScheduleReply(TurnEdge end)
    {
        int count = _options.Replies.Count;
        if (count == 0 || _options.Voicemail || Volatile.Read(ref _hungUpFlag) == 1)
        {
            return;
        }

        int index = _callerTurnCount++ % count;

        // The reply may start at the first outgoing frame at or after the detection point + delay.
        var request = new PlayRequest(AgentClipKind.Reply, index, end.DetectedAtSampleIndex + NextReplyDelay(), end.SampleIndex);
        if (_requests.TryEnqueue(request))
        {
            AgentLog.ReplyScheduled(_logger, end.SampleIndex, index, request.NotBefore);
        }
        else
        {
            AgentLog.ReplyDropped(_logger, end.SampleIndex, MaxPendingReplies);
        }
    }

    private long NextReplyDelay() =>
        _replyDelaySpread == 0 ? _replyDelaySamples : _replyDelaySamples + _delays.NextInt64(_replyDelaySpread + 1);

    /// <summary>A request from the receive thread: what to play, not before which sample, answering what was heard when.</summary>
    private readonly record struct PlayRequest(AgentClipKind Kind, int Index, long NotBefore, long Heard);
}
