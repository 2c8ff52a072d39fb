using System.Collections.Concurrent;
using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Conversation.Personas;
using EfficientAI.Telephony.Conversation.Playback;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Conversation.Timeline;
using EfficientAI.Telephony.Conversation.Vad;
using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Conversation.Caller;

/// <summary>
/// The simulated caller, on PCM frames: waits for the agent's greeting, then alternates persona line
/// (synthesised in the background, played sample-exactly) and agent reply until the persona hangs up,
/// measuring every turn and the agent's response latency on the media clock.
/// </summary>
/// <remarks>
/// Three threads meet here and never wait for each other:
/// the receive thread calls <see cref="OnAgentFrame"/> and owns the agent's turn detector;
/// the pacer calls <see cref="ReadCallerFrame"/> and owns playback (no locks, no allocation per frame);
/// a background task asks the persona and the synthesiser and hands the finished line to the pacer.
/// The phase is one integer changed by compare-and-swap; a line is published to the receive thread
/// only after the pacer has stamped its start sample.
/// </remarks>
public sealed partial class CallerConversation
{
    private readonly IPersona _persona;
    private readonly ITextToSpeech _tts;
    private readonly VoiceOptions _voice;
    private readonly CallerConversationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly EnergyVad _vad;
    private readonly EndOfTurnDetector _agentTurns;
    private readonly AgentAudioDetector _cueDetector;
    private readonly TaskCompletionSource<CallerResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<Turn> _turns = new();
    private readonly ConcurrentQueue<double> _latenciesMs = new();
    private readonly ConcurrentQueue<TranscriptEntry> _transcript = new();
    private readonly long _maxSilenceSamples;
    private readonly long _maxDurationSamples;

    private int _phase = (int)Phase.AwaitingGreeting;

    // Created by the receive thread, read by the others.
    private AgentTranscriber? _transcriber;

    // Receive thread.
    private bool _greetingHeard;
    private long _agentTurnStart;

    // Written by the receive thread, read by the pacer: last voiced sample of the agent's turn in progress.
    private long _agentActiveUntil = -1;

    // Background task → pacer: the next line to play. Pacer → receive thread: the line playing or last played.
    private CallerLine? _ready;
    private CallerLine? _published;

    // Pacer thread: the line the caller last nudged the agent about.
    private CallerLine? _nudged;

    // Pacer thread.
    private readonly UtterancePlayer _player = new();
    private CallerLine? _playing;
    private long _firstSample = long.MinValue;

    // Written by the pacer, read by whoever completes: the end of the latest outgoing frame.
    private long _clock;

    // Written by the pacer with _clock: the first sample of the frame it filled last, and when (TimeProvider
    // timestamp) — the moment that sample went out.
    private long _tickSample;
    private long _clockTimestamp;

    // Background task (responses run one at a time).
    private int _linesSaid;
    private int _personaLines;
    private Task _pendingWork = Task.CompletedTask;

    public CallerConversation(
        IPersona persona,
        ITextToSpeech textToSpeech,
        VoiceOptions voice,
        CallerConversationOptions options,
        CallTimeline timeline,
        TimeProvider timeProvider,
        ILogger<CallerConversation> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeline);
        options.Validate();
        if (timeline.SampleRate != options.SampleRate)
        {
            throw new ArgumentException($"The timeline counts {timeline.SampleRate} Hz samples but the conversation runs at {options.SampleRate} Hz.", nameof(timeline));
        }

        _persona = persona ?? throw new ArgumentNullException(nameof(persona));
        _tts = textToSpeech ?? throw new ArgumentNullException(nameof(textToSpeech));
        _voice = voice ?? throw new ArgumentNullException(nameof(voice));
        _options = options;
        Timeline = timeline;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _vad = new EnergyVad(options.TurnDetection.Vad);
        _agentTurns = new EndOfTurnDetector(options.SampleRate, options.TurnDetection with { Hangover = options.GreetingHangover });
        _cueDetector = new AgentAudioDetector(options.SampleRate);
        _maxSilenceSamples = timeline.ToSampleIndex(options.MaxAgentSilence);
        _maxDurationSamples = timeline.ToSampleIndex(options.MaxCallDuration);
    }

    private enum Phase
    {
        AwaitingGreeting,
        Thinking,
        Ready,
        Speaking,
        AwaitingReply,
        Completed,
    }

    public CallTimeline Timeline { get; }

    /// <summary>
    /// Transcribes the agent's turns when set: the persona then sees what the agent said (an LLM caller needs it), the
    /// result's agent turns carry the text, and each text lands on the timeline when it arrives.
    /// </summary>
    public ISpeechToText? AgentSpeechToText { get; init; }

    /// <summary>How long the caller waits for the agent's last turn to be transcribed before it answers anyway.</summary>
    public TimeSpan TranscriptWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Completes when the conversation is over (the lead then sends BYE); never faults.</summary>
    public Task<CallerResult> Completion => _completion.Task;

    /// <summary>The persona/synthesis task in flight, so tests can step frames deterministically.</summary>
    internal Task PendingWork => Volatile.Read(ref _pendingWork);

    /// <summary>Received agent audio, stamped on the local media clock. Receive thread only.</summary>
    public void OnAgentFrame(long sampleIndex, ReadOnlySpan<short> frame)
    {
        if (CurrentPhase == Phase.Completed)
        {
            return;
        }

        TurnEdge edge = _agentTurns.Process(sampleIndex, frame);
        DetectCue(sampleIndex, frame);
        if (AgentSpeechToText is { } stt)
        {
            _transcriber ??= NewTranscriber(stt);
            _transcriber.OnFrame(sampleIndex, frame, edge);
        }
        if (_agentTurns.IsSpeaking)
        {
            Volatile.Write(ref _agentActiveUntil, _agentTurns.LastVoicedSample);
        }

        if (edge.Kind == TurnEdgeKind.SpeechStarted)
        {
            _agentTurnStart = edge.SampleIndex;
            Timeline.Append(edge.SampleIndex, TimelineEventKind.SpeechStarted, Speaker.Agent);
            OnAgentOnset(edge.SampleIndex);
        }
        else if (edge.Kind == TurnEdgeKind.SpeechEnded)
        {
            OnAgentTurnEnded(_agentTurnStart, edge.SampleIndex);
        }

        TrackBargeIn(sampleIndex + frame.Length);
    }

    /// <summary>Fills the next outgoing frame (caller speech or silence). Pacer thread only; never blocks.</summary>
    public void ReadCallerFrame(long sampleIndex, Span<short> frame)
    {
        if (_firstSample == long.MinValue)
        {
            _firstSample = sampleIndex;
        }

        if (CurrentPhase == Phase.Completed)
        {
            if (_playing is not null)
            {
                StopPlayback(interrupted: true);
            }

            frame.Clear();
            return;
        }

        if (_playing is null && Volatile.Read(ref _ready) is { } next && sampleIndex >= next.NotBefore
            && Interlocked.Exchange(ref _ready, null) is { } line)
        {
            StartPlayback(line, sampleIndex);
        }

        if (_playing is not null && Interlocked.Exchange(ref _yieldRequested, 0) == 1)
        {
            YieldToAgent();
        }

        if (_playing is not null)
        {
            PressDueKey(sampleIndex);
            if (_player.Fill(frame))
            {
                StopPlayback(interrupted: false);
            }
        }
        else
        {
            frame.Clear();
        }

        Volatile.Write(ref _clock, sampleIndex + frame.Length);
        Volatile.Write(ref _tickSample, sampleIndex);
        Volatile.Write(ref _clockTimestamp, _timeProvider.GetTimestamp());
        CheckLimits(sampleIndex + frame.Length);
    }

    /// <summary>
    /// Ends the conversation from outside (e.g. the agent sent BYE). The result keeps every completed
    /// turn; a caller line cut short here appears on the timeline (TtsInterrupted) but not in the result.
    /// </summary>
    public void Stop(string reason) => Complete(CallerEndReason.Stopped, reason);

    private Phase CurrentPhase => (Phase)Volatile.Read(ref _phase);

    private void OnAgentTurnEnded(long start, long end)
    {
        CallerLog.AgentTurn(_logger, start, end);
        _turns.Enqueue(new Turn(Speaker.Agent, start, end, null));
        _transcript.Enqueue(new TranscriptEntry(Speaker.Agent, null, start, end));
        Timeline.Append(end, TimelineEventKind.SpeechEnded, Speaker.Agent);

        if (!_greetingHeard)
        {
            if (TryMove(Phase.AwaitingGreeting, Phase.Thinking))
            {
                _greetingHeard = true;
                _agentTurns.Hangover = _options.ReplyHangover;
                BeginResponse(end);
            }

            return;
        }

        // Only a line the pacer has started can be answered; while the next line is being prepared
        // or waits for its first frame, further agent speech is just recorded.
        Phase phase = CurrentPhase;
        if (phase is not (Phase.Speaking or Phase.AwaitingReply) || Volatile.Read(ref _published) is not { } line)
        {
            return;
        }

        CompleteInterruption(line, end);
        if (start < line.StartSample)
        {
            // The turn the caller barged into (or one begun before this line): it answers nothing.
            return;
        }

        long callerEnd = line.LastVoicedSample;
        if (end <= callerEnd)
        {
            // A backchannel inside the caller's line ("uh-huh") does not answer it.
            CallerLog.AgentOverlapped(_logger, start, end);
            Timeline.Append(start, TimelineEventKind.Overlap, Speaker.Agent, "agent spoke during the caller's line");
            return;
        }

        if (start > callerEnd)
        {
            if (!line.IsSilent)
            {
                // Response latency: agent's first voiced sample − caller's last voiced sample, both on the media clock.
                double latencyMs = Timeline.ToMilliseconds(start - callerEnd);
                _latenciesMs.Enqueue(latencyMs);
                CallerLog.ResponseLatency(_logger, latencyMs);
                RecordDeadAir(callerEnd, start);
            }
        }
        else
        {
            CallerLog.AgentOverlapped(_logger, start, end);
            Timeline.Append(start, TimelineEventKind.Overlap, Speaker.Agent, "agent started before the caller finished");
        }

        // The pacer may move Speaking → AwaitingReply at the same moment; either way this reply is answered once.
        if (TryMove(phase, Phase.Thinking) || TryMove(Phase.AwaitingReply, Phase.Thinking))
        {
            BeginResponse(end);
        }
    }

    /// <summary>Prepares the next move, to start once the agent's turn ending at <paramref name="agentTurnEnd"/> is over (plus any pause).</summary>
    private void BeginResponse(long agentTurnEnd)
    {
        int move = Volatile.Read(ref _linesSaid);
        long notBefore = _options.Pauses.TryGetValue(move, out TimeSpan pause) ? agentTurnEnd + Timeline.ToSampleIndex(pause) : long.MinValue;
        BeginMove(move, notBefore, bargeIn: false);
    }

    private void BeginMove(int move, long notBefore, bool bargeIn)
    {
        if (_options.MaxTurns is { } max && move >= max)
        {
            Complete(CallerEndReason.MaxTurnsReached, $"the agent answered {max} caller turns");
            return;
        }

        var context = new PersonaContext(_personaLines, SnapshotTranscript());
        Volatile.Write(ref _pendingWork, Task.Run(() => RespondAsync(move, context, notBefore, bargeIn, _stopping.Token)));
    }

    private async Task RespondAsync(int move, PersonaContext context, long notBefore, bool bargeIn, CancellationToken cancellationToken)
    {
        try
        {
            long started = _timeProvider.GetTimestamp();
            CallerLine line;
            if (_options.Dtmf.TryGetValue(move, out string? digits))
            {
                line = new CallerLine(new Utterance($"(DTMF {digits})", DtmfLineSilence(digits.Length), _vad), notBefore, digits, bargeIn);
            }
            else if (_options.Silences.TryGetValue(move, out TimeSpan silence))
            {
                line = new CallerLine(new Utterance("(silence)", new short[Timeline.ToSampleIndex(silence)], _vad), notBefore, null, bargeIn);
            }
            else
            {
                if (Volatile.Read(ref _transcriber) is { } transcriber)
                {
                    await transcriber.WaitForTextsAsync(TranscriptWait, _timeProvider, cancellationToken).ConfigureAwait(false);
                    context = context with { Transcript = [.. context.Transcript.Select(e => e.Text is null ? e with { Text = transcriber.TextOf(e.StartSample) } : e)] };
                }

                Move next = await AskPersonaAsync(context, cancellationToken).ConfigureAwait(false);
                if (next.Text is null && next.Digits is null)
                {
                    Complete(CallerEndReason.PersonaHungUp, "the persona hung up");
                    return;
                }

                short[] speech = [];
                if (next.Text is not null)
                {
                    Timeline.Append(MediaNow(), TimelineEventKind.TtsRequest, Speaker.Caller, next.Text);
                    AudioClip clip = await _tts.SynthesizeAsync(next.Text, _voice, _options.SampleRate, cancellationToken).ConfigureAwait(false);
                    speech = Resampler.Resample(clip, _options.SampleRate).Samples;
                    Timeline.Append(MediaNow(), TimelineEventKind.TtsReady, Speaker.Caller, next.Text);
                }

                // Keys the persona pressed follow what it said, in the same move.
                short[] samples = next.Digits is { } keys ? [.. speech, .. DtmfLineSilence(keys.Length)] : speech;
                string text = next.Text ?? $"(DTMF {next.Digits})";
                line = new CallerLine(new Utterance(text, samples, _vad, next.HangUp), notBefore, next.Digits, bargeIn, speech.Length);
                _personaLines = context.TurnNumber + 1;
            }

            CallerLog.LineReady(_logger, move, _timeProvider.GetElapsedTime(started).TotalMilliseconds, line.Utterance.Text);
            Volatile.Write(ref _linesSaid, move + 1);

            // Phase first, then the line: the pacer's Ready → Speaking move must find Ready.
            if (TryMove(Phase.Thinking, Phase.Ready))
            {
                Volatile.Write(ref _ready, line);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The conversation already ended.
        }
        catch (Exception e)
        {
            CallerLog.LineFailed(_logger, move, e);
            Complete(CallerEndReason.Failed, $"line {move + 1}: {e.Message}");
        }
    }

    /// <summary>
    /// The persona's next move. A streaming persona (a model) is read action by action: its request, first token and
    /// end land on the timeline, and keys it presses (a tool call) join the move.
    /// </summary>
    private async Task<Move> AskPersonaAsync(PersonaContext context, CancellationToken cancellationToken)
    {
        if (_persona is not IStreamingPersona streaming)
        {
            PersonaReply reply = await _persona.NextAsync(context, cancellationToken).ConfigureAwait(false);
            return new Move(reply.Text, null, reply.HangUp);
        }

        Timeline.Append(MediaNow(), TimelineEventKind.LlmRequest, Speaker.Caller);
        var text = new System.Text.StringBuilder();
        var digits = new System.Text.StringBuilder();
        bool hangUp = false;
        await foreach (PersonaAction action in streaming.StreamAsync(context, cancellationToken).ConfigureAwait(false))
        {
            switch (action)
            {
                case PersonaAction.FirstToken:
                    Timeline.Append(MediaNow(), TimelineEventKind.LlmFirstToken, Speaker.Caller);
                    break;
                case PersonaAction.Sentence sentence:
                    text.Append(text.Length > 0 ? " " : "").Append(sentence.Text);
                    break;
                case PersonaAction.PressDtmf keys:
                    digits.Append(keys.Digits);
                    break;
                case PersonaAction.GoalReached goal:
                    Timeline.Append(MediaNow(), TimelineEventKind.Note, Speaker.Caller, $"persona: goal reached{(goal.Summary is { Length: > 0 } s ? $" ({s})" : "")}");
                    hangUp = true;
                    break;
                case PersonaAction.HangUp:
                    hangUp = true;
                    break;
            }
        }

        Timeline.Append(MediaNow(), TimelineEventKind.LlmDone, Speaker.Caller, text.ToString());
        return new Move(text.Length > 0 ? text.ToString() : null, digits.Length > 0 ? digits.ToString() : null, hangUp);
    }

    /// <summary>
    /// The media clock now, for events that happen off the audio threads (model and synthesiser replies): the end
    /// of the pacer's latest frame plus the time since it was filled.
    /// </summary>
    private long MediaNow()
    {
        long tick = Volatile.Read(ref _tickSample);
        long at = Volatile.Read(ref _clockTimestamp);
        return at == 0 ? Volatile.Read(ref _clock) : tick + Timeline.ToSampleIndex(_timeProvider.GetElapsedTime(at));
    }

    private readonly record struct Move(string? Text, string? Digits, bool HangUp);

    private void StartPlayback(CallerLine line, long sampleIndex)
    {
        line.StartSample = sampleIndex;
        _playing = line;
        _keysPressed = 0;
        _player.Start(line.Utterance, sampleIndex);
        Volatile.Write(ref _published, line);
        TryMove(Phase.Ready, Phase.Speaking);
        Timeline.Append(sampleIndex, TimelineEventKind.TtsStarted, Speaker.Caller, line.Utterance.Text);
        if (line.Utterance.HasSpeech)
        {
            Timeline.Append(line.FirstVoicedSample, TimelineEventKind.SpeechStarted, Speaker.Caller);
        }
    }

    private void StopPlayback(bool interrupted)
    {
        CallerLine line = _playing!;
        long end = _player.PlayedUntil;
        long lastVoiced = interrupted ? _player.LastVoicedPlayed(_vad) : (line.Utterance.HasSpeech ? line.LastVoicedSample : -1);
        _player.Stop();
        _playing = null;

        Timeline.Append(end, interrupted ? TimelineEventKind.TtsInterrupted : TimelineEventKind.TtsFinished, Speaker.Caller);
        if (lastVoiced >= 0)
        {
            Timeline.Append(lastVoiced, TimelineEventKind.SpeechEnded, Speaker.Caller);
            _turns.Enqueue(new Turn(Speaker.Caller, line.FirstVoicedSample, lastVoiced, line.Utterance.Text));
            _transcript.Enqueue(new TranscriptEntry(Speaker.Caller, line.Utterance.Text, line.FirstVoicedSample, lastVoiced));
        }

        if (interrupted)
        {
            return;
        }

        if (line.Utterance.HangUpAfter)
        {
            Complete(CallerEndReason.PersonaHungUp, "the persona said goodbye and hung up");
        }
        else
        {
            TryMove(Phase.Speaking, Phase.AwaitingReply);
        }
    }

    // Limits run on the media clock of the pacer, which ticks even when no agent audio arrives.
    private void CheckLimits(long now)
    {
        if (now - _firstSample >= _maxDurationSamples)
        {
            Complete(CallerEndReason.MaxDurationReached, $"the call reached {_options.MaxCallDuration.TotalSeconds:0.#} s");
            return;
        }

        Phase phase = CurrentPhase;
        long waitingSince;
        if (phase == Phase.AwaitingGreeting)
        {
            waitingSince = _firstSample;
        }
        else if (phase == Phase.AwaitingReply && Volatile.Read(ref _published) is { } line)
        {
            waitingSince = line.LastVoicedSample;
        }
        else
        {
            return;
        }

        long silentSince = Math.Max(waitingSince, Volatile.Read(ref _agentActiveUntil));
        if (phase == Phase.AwaitingReply && _options.NudgeAfter is { } nudgeAfter && now - silentSince >= Timeline.ToSampleIndex(nudgeAfter)
            && Volatile.Read(ref _published) is { IsNudge: false } unanswered && !ReferenceEquals(_nudged, unanswered)
            && now - silentSince < _maxSilenceSamples && TryMove(Phase.AwaitingReply, Phase.Thinking))
        {
            _nudged = unanswered;
            RecordDeadAir(waitingSince, now);
            Timeline.Append(now, TimelineEventKind.Note, Speaker.Caller, $"caller nudged the silent agent after {Timeline.ToMilliseconds(now - silentSince):0} ms");
            Volatile.Write(ref _pendingWork, Task.Run(() => NudgeAsync(_stopping.Token)));
            return;
        }

        if (now - silentSince >= _maxSilenceSamples)
        {
            double seconds = _options.MaxAgentSilence.TotalSeconds;
            if (phase == Phase.AwaitingGreeting)
            {
                Complete(CallerEndReason.NoGreeting, $"the agent did not speak within {seconds:0.#} s of the call start");
            }
            else
            {
                RecordDeadAir(waitingSince, now);
                Complete(CallerEndReason.AgentSilent, $"the agent did not answer within {seconds:0.#} s");
            }
        }
    }

    /// <summary>Background: the nudge line, synthesised and handed to the pacer like any line, without using up a move.</summary>
    private async Task NudgeAsync(CancellationToken cancellationToken)
    {
        try
        {
            AudioClip clip = await _tts.SynthesizeAsync(_options.NudgeLine, _voice, _options.SampleRate, cancellationToken).ConfigureAwait(false);
            var line = new CallerLine(new Utterance(_options.NudgeLine, Resampler.Resample(clip, _options.SampleRate).Samples, _vad), isNudge: true);
            if (TryMove(Phase.Thinking, Phase.Ready))
            {
                Volatile.Write(ref _ready, line);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The conversation already ended.
        }
        catch (Exception e)
        {
            CallerLog.LineFailed(_logger, -1, e);
            Complete(CallerEndReason.Failed, $"nudge line: {e.Message}");
        }
    }

    private bool TryMove(Phase from, Phase to) =>
        Interlocked.CompareExchange(ref _phase, (int)to, (int)from) == (int)from;

    private void Complete(CallerEndReason reason, string detail)
    {
        if (Interlocked.Exchange(ref _phase, (int)Phase.Completed) == (int)Phase.Completed)
        {
            return;
        }

        CallerLog.Ended(_logger, reason, detail);
        Timeline.Append(Volatile.Read(ref _clock), TimelineEventKind.Note, null, $"caller ended: {detail}");

        // CancelAsync runs the token's callbacks (e.g. killing a synthesiser process) off this thread,
        // which may be the pacer.
        _ = _stopping.CancelAsync();

        if (Volatile.Read(ref _transcriber) is { } transcriber)
        {
            _ = CompleteWithTextsAsync(transcriber, reason, detail);
        }
        else
        {
            _completion.TrySetResult(Result(reason, detail, null));
        }
    }

    /// <summary>The result waits (bounded) for the texts of the agent turns already ended.</summary>
    private async Task CompleteWithTextsAsync(AgentTranscriber transcriber, CallerEndReason reason, string detail)
    {
        try
        {
            await transcriber.WaitForTextsAsync(TranscriptWait, _timeProvider, CancellationToken.None).ConfigureAwait(false);
            _completion.TrySetResult(Result(reason, detail, transcriber));
        }
        finally
        {
            _completion.TrySetResult(Result(reason, detail, null));
            await transcriber.DisposeAsync().ConfigureAwait(false);
        }
    }

    private CallerResult Result(CallerEndReason reason, string detail, AgentTranscriber? texts)
    {
        Turn[] turns = [.. _turns.Select(t => texts is not null && t.Speaker == Speaker.Agent && t.Text is null ? t with { Text = texts.TextOf(t.StartSample) } : t)];
        Array.Sort(turns, static (a, b) => a.StartSample.CompareTo(b.StartSample));
        return new CallerResult(turns, [.. _latenciesMs], reason, detail) { Observations = SnapshotObservations() };
    }

    private AgentTranscriber NewTranscriber(ISpeechToText stt)
    {
        var transcriber = new AgentTranscriber(stt.OpenStream(_options.SampleRate), Timeline, () => Volatile.Read(ref _clock), _logger);
        Volatile.Write(ref _transcriber, transcriber);
        return transcriber;
    }

    private TranscriptEntry[] SnapshotTranscript()
    {
        TranscriptEntry[] entries = [.. _transcript];
        Array.Sort(entries, static (a, b) => a.StartSample.CompareTo(b.StartSample));
        return entries;
    }
}
