using System.Collections.Concurrent;
using EfficientAI.Telephony.Conversation.Timeline;
using EfficientAI.Telephony.Conversation.Vad;

namespace EfficientAI.Telephony.Conversation.Caller;

/// <summary>
/// The caller's behaviours beyond speaking in turn (barge-in, yielding, DTMF) and what it detects about the
/// agent (talking over the caller, dead air, DTMF, how fast it stops when barged into, stale audio after that).
/// </summary>
public sealed partial class CallerConversation
{
    /// <summary>RFC 4733 keys go out one per 20 ms tick: 100 ms of key, two more end packets and a 40 ms pause take 9 ticks, so keys 240 ms apart each start on the tick they were pressed.</summary>
    internal static readonly TimeSpan DtmfSpacing = TimeSpan.FromMilliseconds(240);

    private static readonly TimeSpan DtmfKeyLength = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentQueue<AgentInterruption> _interruptions = new();
    private readonly ConcurrentQueue<DeadAir> _deadAir = new();
    private readonly ConcurrentQueue<DtmfHeard> _dtmfHeard = new();
    private readonly ConcurrentQueue<BargeInObservation> _bargeIns = new();
    private readonly ConcurrentQueue<AudioCue> _cues = new();
    private long _firstAgentOnset = -1;

    // Receive thread → pacer: the agent talks over the line playing and the caller yields.
    private int _yieldRequested;

    // Receive thread.
    private CallerLine? _interruptedLine;
    private long _interruptionOnset;
    private CallerLine? _bargeLine;
    private CallerLine? _lastBargeLine;
    private long _bargeStop;
    private bool _staleAudio;

    // Pacer.
    private int _keysPressed;

    /// <summary>
    /// Presses one DTMF key (wired to the media session's RFC 4733 sender); called on the pacer thread, so the
    /// event starts on the tick being filled. False when the peer cannot receive telephone events.
    /// </summary>
    public Func<char, bool>? SendDtmf { get; set; }

    /// <summary>A DTMF event from the agent, on the local (receive) media clock. Receive thread only.</summary>
    public void OnAgentDtmf(char digit, long sampleIndex, bool end)
    {
        if (!end && CurrentPhase != Phase.Completed)
        {
            _dtmfHeard.Enqueue(new DtmfHeard(digit, sampleIndex));
            Timeline.Append(sampleIndex, TimelineEventKind.DtmfReceived, Speaker.Agent, digit.ToString());
        }
    }

    /// <summary>The agent hung up (BYE received): stamps it at the current audio position and ends the conversation.</summary>
    public void OnAgentHangUp()
    {
        if (CurrentPhase != Phase.Completed)
        {
            Timeline.Append(Volatile.Read(ref _clock), TimelineEventKind.HangupReceived, Speaker.Agent);
        }

        Complete(CallerEndReason.Stopped, "the agent hung up");
    }

    private void OnAgentOnset(long onset)
    {
        if (Volatile.Read(ref _firstAgentOnset) < 0)
        {
            Volatile.Write(ref _firstAgentOnset, onset);
        }

        Phase phase = CurrentPhase;
        if (Volatile.Read(ref _published) is { } line && line.Utterance.HasSpeech
            && onset >= line.FirstVoicedSample && onset <= line.LastVoicedSample)
        {
            _interruptedLine = line;
            _interruptionOnset = onset;
            Timeline.Append(onset, TimelineEventKind.Overlap, Speaker.Agent, "agent talked over the caller");
            if (_options.YieldWhenInterrupted && phase == Phase.Speaking)
            {
                Volatile.Write(ref _yieldRequested, 1);
            }
        }

        if (phase is Phase.AwaitingReply or Phase.AwaitingGreeting
            && _options.BargeIn.TryGetValue(Volatile.Read(ref _linesSaid), out TimeSpan after)
            && TryMove(phase, Phase.Thinking))
        {
            if (phase == Phase.AwaitingGreeting)
            {
                _greetingHeard = true;
                _agentTurns.Hangover = _options.ReplyHangover;
            }
            else if (Volatile.Read(ref _published) is { IsSilent: false } answered && onset > answered.LastVoicedSample)
            {
                // This reply will end after our barge-in started, so its latency is taken now, at its onset.
                double latencyMs = Timeline.ToMilliseconds(onset - answered.LastVoicedSample);
                _latenciesMs.Enqueue(latencyMs);
                CallerLog.ResponseLatency(_logger, latencyMs);
                RecordDeadAir(answered.LastVoicedSample, onset);
            }

            BeginMove(Volatile.Read(ref _linesSaid), onset + Timeline.ToSampleIndex(after), bargeIn: true);
        }
    }

    private void CompleteInterruption(CallerLine line, long agentEnd)
    {
        if (ReferenceEquals(_interruptedLine, line))
        {
            _interruptions.Enqueue(new AgentInterruption(line.FirstVoicedSample, _interruptionOnset, Math.Min(agentEnd, line.LastVoicedSample)));
            _interruptedLine = null;
        }
    }

    private void RecordDeadAir(long from, long until)
    {
        if (until - from > Timeline.ToSampleIndex(_options.DeadAirThreshold))
        {
            _deadAir.Enqueue(new DeadAir(from, until));
            Timeline.Append(from, TimelineEventKind.Note, Speaker.Agent, $"dead air {Timeline.ToMilliseconds(until - from):0} ms");
        }
    }

    /// <summary>Receive thread, after every agent frame: how the agent reacts to the caller's barge-in line.</summary>
    private void TrackBargeIn(long frameEnd)
    {
        if (_bargeLine is null)
        {
            if (Volatile.Read(ref _published) is not { IsBargeIn: true } started || ReferenceEquals(started, _lastBargeLine))
            {
                return;
            }

            _bargeLine = _lastBargeLine = started;
            _bargeStop = -1;
            _staleAudio = false;
        }

        CallerLine line = _bargeLine;
        long onset = line.Utterance.HasSpeech ? line.FirstVoicedSample : line.StartSample;
        if (frameEnd <= onset)
        {
            return;
        }

        long last = _agentTurns.LastVoicedSample;
        long callerEnd = line.LastVoicedSample;
        long stopSilence = Timeline.ToSampleIndex(_options.StopSilence);
        if (_bargeStop < 0)
        {
            if (frameEnd - 1 - last >= stopSilence)
            {
                _bargeStop = last;
                Timeline.Append(last, TimelineEventKind.Note, Speaker.Agent, $"agent stopped {Timeline.ToMilliseconds(last - onset):0} ms after the caller barged in");
            }
            else if (frameEnd > callerEnd + stopSilence)
            {
                _bargeIns.Enqueue(new BargeInObservation(onset, -1, StaleAudio: false));
                _bargeLine = null;
            }

            return;
        }

        if (last > _bargeStop && last <= callerEnd)
        {
            _staleAudio = true;
        }

        if (frameEnd > callerEnd)
        {
            _bargeIns.Enqueue(new BargeInObservation(onset, _bargeStop, _staleAudio));
            _bargeLine = null;
        }
    }

    /// <summary>Pacer: the agent talks over our line; stop it on this frame and wait for what the agent says.</summary>
    private void YieldToAgent()
    {
        CallerLine line = _playing!;
        long lastVoiced = _player.LastVoicedPlayed(_vad);
        line.Cut(Math.Max(lastVoiced, line.StartSample));
        StopPlayback(interrupted: true);
        TryMove(Phase.Speaking, Phase.AwaitingReply);
    }

    /// <summary>Pacer: presses the line's next key when its moment has come.</summary>
    private void PressDueKey(long sampleIndex)
    {
        CallerLine line = _playing!;
        if (line.Digits is not { } digits || _keysPressed >= digits.Length || SendDtmf is not { } send
            || sampleIndex - line.StartSample - line.KeysFrom < _keysPressed * Timeline.ToSampleIndex(DtmfSpacing))
        {
            return;
        }

        char digit = digits[_keysPressed++];
        if (send(digit))
        {
            Timeline.Append(sampleIndex, TimelineEventKind.DtmfSent, Speaker.Caller, digit.ToString());
        }
    }

    /// <summary>
    /// The silence a DTMF move occupies, one sample past its last key so that the line's last sample is where
    /// RFC 4733 puts the key's end (start + duration), the point an agent answers from.
    /// </summary>
    private short[] DtmfLineSilence(int keys) =>
        new short[(Timeline.ToSampleIndex(DtmfSpacing) * (keys - 1)) + Timeline.ToSampleIndex(DtmfKeyLength) + 1];

    private CallerObservations SnapshotObservations() => new(
        [.. _interruptions],
        [.. _deadAir],
        [.. _dtmfHeard],
        [.. _bargeIns],
        Volatile.Read(ref _firstAgentOnset),
        _firstSample == long.MinValue ? 0 : _firstSample)
    {
        Cues = [.. _cues],
    };

    /// <summary>Receive thread: a beep or hold music in the agent's audio goes on the timeline and into the observations.</summary>
    private void DetectCue(long sampleIndex, ReadOnlySpan<short> frame)
    {
        if (_cueDetector.Process(sampleIndex, frame) is not { } cue)
        {
            return;
        }

        _cues.Enqueue(cue);
        Timeline.Append(cue.StartSample, cue.Kind == AudioCueKind.Beep ? TimelineEventKind.Beep : TimelineEventKind.HoldMusic, Speaker.Agent,
            cue.FrequencyHz is { } hz ? $"{hz:0} Hz, {Timeline.ToMilliseconds(cue.EndSample - cue.StartSample):0} ms" : null);
    }
}
