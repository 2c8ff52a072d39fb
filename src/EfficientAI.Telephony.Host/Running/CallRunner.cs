using EfficientAI.Telephony.Calls;
using EfficientAI.Telephony.Conversation.Caller;
using EfficientAI.Telephony.Conversation.Personas;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Conversation.Timeline;
using EfficientAI.Telephony.Conversation.Vad;
using EfficientAI.Telephony.Evaluation.Assertions;
using EfficientAI.Telephony.Evaluation.Dialplans;
using EfficientAI.Telephony.Evaluation.Judging;
using EfficientAI.Telephony.Media.Recording;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Storage.Calls;
using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Host.Running;

/// <summary>What a finished call produced: the report users read, the record stored, and the evaluation reports are drawn from.</summary>
public sealed record CallRun(CallReport Report, CallRecord Record, CallEvaluation Evaluation);

/// <summary>
/// Runs one call of a dialplan: dial, let the scripted caller talk over the call's media, hang up, and turn what was
/// measured into a report (the CallRunner of ARCHITECTURE.md).
/// </summary>
public sealed class CallRunner(CallDialer dialer, SipTraceRecorder traces, ITextToSpeech tts, TimeProvider time, ILoggerFactory loggers)
{
    private const int SampleRate = 8000;

    /// <summary>Fetches the reference agent's ground truth for a call, when the target is the built-in agent.</summary>
    public Func<string, CancellationToken, Task<IReadOnlyList<double>>>? GroundTruth { get; init; }

    /// <summary>What the agent said, in order (greeting first), when it is known without speech-to-text: the reference agent's script.</summary>
    public Func<string, CancellationToken, Task<IReadOnlyList<string>>>? AgentScript { get; init; }

    /// <summary>The caller's persona for a dialplan; the dialplan's scripted lines when not set.</summary>
    public Func<Dialplan, IPersona>? PersonaFor { get; init; }

    /// <summary>Transcribes the agent's turns (for an LLM persona, and for the report's agent text); none when not set.</summary>
    public ISpeechToText? AgentSpeechToText { get; init; }

    /// <summary>Scores the dialplan's judge criteria; off until a provider is configured, and the report says so.</summary>
    public IJudge Judge { get; init; } = DisabledJudge.Instance;

    /// <summary>The dialplan's call placed <paramref name="repeat"/> times, one after the other.</summary>
    public async Task<IReadOnlyList<CallRun>> RunSeriesAsync(Dialplan plan, SipUri target, int repeat, Func<int, string?> recordingPath, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeat, 1);
        var runs = new List<CallRun>(repeat);
        for (var i = 0; i < repeat; i++)
        {
            runs.Add(await RunAsync(plan, target, recordingPath(i), cancellationToken).ConfigureAwait(false));
        }

        return runs;
    }

    public async Task<CallRun> RunAsync(Dialplan plan, SipUri target, string? recordingPath, CancellationToken cancellationToken)
    {
        var timeline = new CallTimeline(SampleRate);
        var caller = new CallerConversation(
            PersonaFor?.Invoke(plan) ?? new ScriptedPersona(plan.ScriptLines()),
            tts,
            new VoiceOptions(plan.Persona.Voice, plan.Persona.WordsPerMinute),
            CallerPlan.Options(plan, SampleRate),
            timeline,
            time,
            loggers.CreateLogger<CallerConversation>())
        {
            AgentSpeechToText = AgentSpeechToText,
        };

        var startedAt = time.GetUtcNow();
        StereoWavRecorder? recorder = recordingPath is null ? null : new StereoWavRecorder(recordingPath, SampleRate);
        DialResult dial;
        CallerResult? conversation = null;
        CallEnd? end = null;
        Media.Sessions.RtpCounters? counters = null;
        IReadOnlyList<CallSessionEvent> sessionEvents = [];
        string? transferTarget = null;
        RtpWatch? rtpWatch = null;
        var agentHungUp = false;
        string? codecName = null;
        var media = new CallerMedia(caller, recorder);
        try
        {
            dial = await dialer.DialAsync(target, media, media, new DialOptions { RingTimeout = TimeSpan.FromSeconds(plan.Limits.RingTimeoutSeconds) }, cancellationToken)
                .ConfigureAwait(false);
            if (dial.Session is { } session)
            {
                await using (session.ConfigureAwait(false))
                {
                    caller.SendDtmf = digit => session.Media.QueueDtmf(digit);
                    media.Now = () => session.Media.Clock.Now;
                    var watch = new RtpWatch(session.Media, time);
                    await using var watching = watch.ConfigureAwait(false);
                    rtpWatch = watch;
                    var hardLimit = Task.Delay(TimeSpan.FromSeconds(plan.Limits.MaxDurationSeconds + 5), time, cancellationToken);
                    var first = await Task.WhenAny(caller.Completion, session.Ended, hardLimit).ConfigureAwait(false);
                    if (first == session.Ended)
                    {
                        agentHungUp = true;
                        caller.OnAgentHangUp();
                    }
                    else if (first == hardLimit)
                    {
                        caller.Stop("maximum call duration reached");
                    }

                    conversation = await caller.Completion.ConfigureAwait(false);
                    end = await session.HangUpAsync(CancellationToken.None).ConfigureAwait(false);
                    counters = session.Media.Counters;
                    codecName = session.Negotiated.Codec.EncodingName;
                    sessionEvents = session.Events;
                    transferTarget = session.TransferTarget;
                }
            }
        }
        finally
        {
            recorder?.Dispose();
        }

        var endedAt = time.GetUtcNow();
        var trace = traces.Take(dial.CallId);
        var answeredTs = dial.AnsweredTimestamp ?? dial.InviteSentTimestamp;
        foreach (var entry in trace)
        {
            var offset = time.GetElapsedTime(answeredTs, entry.Timestamp);
            timeline.Append((long)Math.Round(offset.TotalSeconds * SampleRate), TimelineEventKind.SipMessage, null, (entry.Outgoing ? "→ " : "← ") + entry.StartLine);
        }

        foreach (var e in sessionEvents)
        {
            var offset = time.GetElapsedTime(answeredTs, e.Timestamp);
            timeline.Append((long)Math.Round(offset.TotalSeconds * SampleRate), TimelineEventKind.DialogEvent, null, e.Detail is null ? e.Kind : $"{e.Kind} {e.Detail}");
        }

        foreach (var (from, until) in rtpWatch?.Stops ?? [])
        {
            var at = (long)Math.Round(time.GetElapsedTime(answeredTs, from).TotalSeconds * SampleRate);
            timeline.Append(at, TimelineEventKind.Note, Speaker.Agent, until is { } resumed
                ? $"RTP from the agent stopped for {time.GetElapsedTime(from, resumed).TotalMilliseconds:0} ms"
                : "RTP from the agent stopped and never resumed");
        }

        if (rtpWatch?.OpenStop is { } open && conversation is { Reason: CallerEndReason.AgentSilent or CallerEndReason.NoGreeting })
        {
            var at = time.GetElapsedTime(answeredTs, open.From).TotalSeconds;
            var why = counters is { PacketsReceived: 0 } ? "no RTP from the agent at all" : $"RTP from the agent stopped at {at:0.0} s and never resumed";
            conversation = conversation with { EndReason = $"{conversation.EndReason}; {why}" };
        }

        if (end is { Reason: not (CallEndReason.LocalHangup or CallEndReason.RemoteHangup) } ended && conversation is not null)
        {
            conversation = conversation with { EndReason = $"{conversation.EndReason}; the dialog ended: {EndWords(ended.Reason)}" };
        }

        // Agent-side stamps were taken with the first packet's transit; move them to the best (minimum) transit.
        var correction = media.Clock.Correction;
        var correctionMs = correction * 1000.0 / SampleRate;
        IReadOnlyList<double> latencies = [.. (conversation?.ResponseLatenciesMs ?? []).Select(l => l + correctionMs)];
        var observations = (conversation?.Observations ?? CallerObservations.Empty).Corrected(correction);
        var measuredTurns = (conversation?.Turns ?? [])
            .Select(t => t.Speaker == Speaker.Agent ? t with { StartSample = t.StartSample + correction, EndSample = t.EndSample + correction } : t)
            .ToList();
        GroundTruthReport? groundTruth = null;
        if (GroundTruth is { } fetch && dial.Session is not null)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(10));
            var agent = await fetch(dial.CallId, wait.Token).ConfigureAwait(false);
            var n = Math.Min(agent.Count, latencies.Count);
            groundTruth = new GroundTruthReport(agent, [.. Enumerable.Range(0, n).Select(i => Math.Round(latencies[i] - agent[i], 2))]);
        }

        string? agentTextSource = AgentSpeechToText is not null && measuredTurns.Any(t => t.Speaker == Speaker.Agent && t.Text is not null)
            ? "speech-to-text"
            : null;
        if (AgentScript is { } script && dial.Session is not null)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(10));
            var said = await script(dial.CallId, wait.Token).ConfigureAwait(false);
            // Only when every agent turn maps to one scripted line; a split or merged turn would put words at the wrong time.
            var agentTurns = measuredTurns.Where(t => t.Speaker == Speaker.Agent).ToList();
            if (agentTurns.Count == said.Count)
            {
                var next = 0;
                measuredTurns = [.. measuredTurns.Select(t => t.Speaker == Speaker.Agent ? t with { Text = said[next++] } : t)];
                agentTextSource = "the reference agent's script";
            }
        }

        var outcome = dial.Outcome.ToWireName();
        string? outcomeCause = null;
        if (outcome == "completed")
        {
            // What answered: a voicemail box (it beeped), an agent that never said a word, or one that hung up without one.
            // An onset counts even when the turn never ended (the agent's media died mid-sentence).
            var agentSpoke = observations.FirstAgentOnsetSample >= 0 || measuredTurns.Any(t => t.Speaker == Speaker.Agent);
            // A voicemail box speaks its greeting, then beeps; a tone with no speech before it is just what the agent plays.
            if (observations.Cues.FirstOrDefault(c => c.Kind == AudioCueKind.Beep
                && observations.FirstAgentOnsetSample >= 0 && c.StartSample - observations.FirstAgentOnsetSample > timeline.ToSampleIndex(TimeSpan.FromMilliseconds(500))) is { } beep)
            {
                outcome = "voicemail";
                outcomeCause = $"voicemail: a {beep.FrequencyHz:0} Hz beep at {timeline.ToMilliseconds(beep.StartSample) / 1000:0.0} s";
            }
            else if (!agentSpoke && agentHungUp)
            {
                outcome = "idle-hang-up";
                outcomeCause = "the agent hung up without saying anything";
            }
            else if (!agentSpoke)
            {
                outcome = "dead-air";
            }
        }

        var turns = measuredTurns.Select(t => new TurnReport(
            t.Speaker == Speaker.Caller ? "caller" : "agent",
            Math.Round(timeline.ToMilliseconds(t.StartSample), 1),
            Math.Round(timeline.ToMilliseconds(t.EndSample), 1),
            t.Text)).ToList();
        var rtp = counters is not { } c ? new RtpReport() : new RtpReport
        {
            Sent = c.PacketsSent,
            Received = c.PacketsReceived,
            Lost = c.PacketsLost,
            JitterMs = Math.Round(c.JitterMs, 3),
            LateFrames = c.LateFrames,
            Codec = codecName,
            Mos = codecName is null || c.PacketsReceived == 0 ? null : Math.Round(ListeningQuality(codecName, c), 2),
        };
        var events = timeline.Snapshot().OrderBy(e => e.SampleIndex).ToList();
        var pdd = dial.PostDialDelay(time)?.TotalMilliseconds;
        var cause = dial.Cause ?? outcomeCause ?? conversation?.EndReason;
        var report = new CallReport
        {
            CallId = dial.CallId,
            Target = target.ToString(),
            Outcome = outcome,
            SipStatus = dial.SipStatus,
            Cause = cause,
            PddMs = pdd is null ? null : Math.Round(pdd.Value, 1),
            DurationMs = end is null || dial.AnsweredTimestamp is null ? null : Math.Round(time.GetElapsedTime(dial.AnsweredTimestamp.Value, end.Timestamp).TotalMilliseconds, 1),
            Turns = turns,
            ResponseLatencyMs = [.. latencies.Select(l => Math.Round(l, 2))],
            Rtp = rtp,
            Recording = dial.Session is null || recordingPath is null ? null : Path.GetFullPath(recordingPath),
            GroundTruth = groundTruth,
            Timeline = [.. events.Select(e => new TimelineEntryReport(Math.Round(timeline.ToMilliseconds(e.SampleIndex), 1), e.SampleIndex, e.Kind.ToString(), e.Speaker?.ToString().ToLowerInvariant(), e.Text))],
            TransferTarget = transferTarget,
            Redirects = dial.Redirects,
            Harness = HarnessDelays(media, events, timeline),
            BargeIns = [.. observations.BargeIns.Select(b => new BargeInReport(
                Math.Round(timeline.ToMilliseconds(b.CallerOnsetSample), 1),
                b.AgentStopped ? Math.Round(timeline.ToMilliseconds(b.AgentStopSample), 1) : null,
                b.StaleAudio))],
        };
        var evaluation = await new CallEvaluator(Judge).EvaluateAsync(plan, Assertions.Observe(report, startedAt, agentTextSource, conversation is { Reason: CallerEndReason.Failed } failed ? failed.EndReason : null), cancellationToken).ConfigureAwait(false);
        report = Assertions.Apply(report, evaluation);

        var record = new CallRecord(
            report.CallId, report.Target, "outbound", outcome, report.SipStatus, startedAt,
            dial.AnsweredTimestamp is { } a ? startedAt + time.GetElapsedTime(dial.InviteSentTimestamp, a) : null,
            endedAt, report.PddMs, cause, report.Recording, rtp.Sent, rtp.Received, rtp.Lost, rtp.JitterMs, rtp.LateFrames, plan.Name,
            [.. turns.Select(t => new CallTurnRecord(t.Speaker, t.StartMs, t.EndMs, t.Text))],
            report.ResponseLatencyMs,
            [.. report.Timeline.Select(e => new TimelineEventRecord(e.SampleIndex, e.AtMs, e.Kind, e.Speaker, e.Text))]);
        return new CallRun(report, record, evaluation);
    }

    /// <summary>
    /// What the harness itself adds to the audio path, so that a latency number can be read against it: agent audio
    /// from packet arrival to the caller's pipeline (jitter buffer included), and caller audio from synthesis done to
    /// its first frame on the wire.
    /// </summary>
    private static HarnessReport? HarnessDelays(CallerMedia media, IReadOnlyList<TimelineEvent> events, CallTimeline timeline)
    {
        var input = media.InputDelayMs();
        var output = new List<double>();
        foreach (var ready in events.Where(e => e.Kind == TimelineEventKind.TtsReady))
        {
            if (events.FirstOrDefault(e => e.Kind == TimelineEventKind.TtsStarted && e.Text == ready.Text && e.SampleIndex >= ready.SampleIndex) is { } started)
            {
                output.Add(timeline.ToMilliseconds(started.SampleIndex - ready.SampleIndex));
            }
        }

        return input is null && output.Count == 0 ? null : new HarnessReport
        {
            WireToPipelineP50Ms = input?.P50,
            WireToPipelineP99Ms = input?.P99,
            TtsReadyToWireMaxMs = output.Count == 0 ? null : Math.Round(output.Max(), 1),
        };
    }

    /// <summary>
    /// E-model MOS (ITU-T G.107) of the agent's audio as received: the codec, the loss we counted (RFC 3550 A.3), and a
    /// one-way delay of half the RTCP round trip (0 on loopback or before a round trip is known) plus twice the
    /// interarrival jitter, the cushion a receiver's jitter buffer would hold.
    /// </summary>
    private static double ListeningQuality(string codec, Media.Sessions.RtpCounters c)
    {
        var expected = c.PacketsReceived + Math.Max(0, c.PacketsLost);
        var lossPercent = expected == 0 ? 0 : 100.0 * Math.Max(0, c.PacketsLost) / expected;
        var oneWay = ((c.Rtcp.RoundTripMs ?? 0) / 2) + (2 * c.JitterMs);
        return Media.Quality.EModel.Mos(Media.Quality.CodecImpairment.For(codec), lossPercent, oneWay);
    }

    private static string EndWords(CallEndReason reason) => reason switch
    {
        CallEndReason.SessionExpired => "the session timer ran out (RFC 4028)",
        CallEndReason.PeerLost => "the agent stopped answering in the dialog (481/408)",
        CallEndReason.TransferFailed => "the agent transferred the call and the transfer target did not answer",
        CallEndReason.AckTimeout => "our 2xx was never acknowledged",
        CallEndReason.Shutdown => "the harness shut down",
        _ => reason.ToString(),
    };
}
