using EfficientAI.Telephony.Conversation.Agent;
using EfficientAI.Telephony.Conversation.Caller;
using EfficientAI.Telephony.Conversation.Personas;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Conversation.Tests.Support;
using EfficientAI.Telephony.Conversation.Timeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EfficientAI.Telephony.Conversation.Tests.Behaviours;

/// <summary>
/// What the caller detects about the agent, checked against the reference agent's own log, PCM to PCM (no network,
/// so the two media clocks coincide and detections must match the log to the sample).
/// </summary>
public sealed class BehaviourDetectionTests
{
    private const int Frame = 160;

    // The test synthesiser renders 10 ms of tone per character.
    private static readonly string LongLine = new('c', 150);
    private static readonly string LongReply = new('r', 200);

    [Fact]
    public async Task AnAgentThatTalksOverTheCaller_IsDetected_AtTheOnsetItLogged()
    {
        // Replies outlast the caller's line, so each answers it (a shorter one would pass for a backchannel).
        var agent = await StartAgentAsync(new AgentConversationOptions { Greeting = "Hello there", Replies = [LongReply], InterruptCallerAfter = TimeSpan.FromMilliseconds(300) });
        var caller = NewCaller([LongLine, LongLine], new CallerConversationOptions());

        CallerResult result = await RunAsync(caller, agent);

        var logged = agent.Events.Where(e => e.Kind == AgentEventKind.InterruptedCaller).ToList();
        Assert.Equal(2, logged.Count);
        Assert.Equal(logged.Count, result.Observations.Interruptions.Count);
        for (int i = 0; i < logged.Count; i++)
        {
            AgentInterruption seen = result.Observations.Interruptions[i];
            Assert.Equal(logged[i].HeardSample, seen.CallerOnsetSample);
            Assert.Equal(logged[i].SentSample, seen.AgentOnsetSample);
            Assert.True(seen.OverlapSamples > 0);
        }
    }

    [Fact]
    public async Task ACallerWhoYields_StopsItsOwnLine_OnTheFrameAfterTheAgentsOnsetIsConfirmed()
    {
        var agent = await StartAgentAsync(new AgentConversationOptions { Greeting = "Hello there", Replies = ["Sure thing"], InterruptCallerAfter = TimeSpan.FromMilliseconds(300) });
        var caller = NewCaller([LongLine], new CallerConversationOptions { YieldWhenInterrupted = true });

        await RunAsync(caller, agent);

        long agentOnset = agent.Events.Single(e => e.Kind == AgentEventKind.InterruptedCaller).SentSample!.Value;
        long confirmed = agentOnset + 799; // 100 ms of voiced samples confirm the onset
        TimelineEvent cut = caller.Timeline.Snapshot().Single(e => e.Kind == TimelineEventKind.TtsInterrupted && e.Speaker == Speaker.Caller);
        Assert.Equal(FrameAtOrAfter(confirmed + 1), cut.SampleIndex);
    }

    [Fact]
    public async Task ABargeIn_MeasuresTheAgentsStopLatency_AsTheAgentLoggedIt()
    {
        var agent = await StartAgentAsync(new AgentConversationOptions
        {
            Greeting = "Hello there",
            Replies = [LongReply, "Okay then, noted that"],
            StopWhenInterrupted = true,
            StopAfterInterruption = TimeSpan.FromMilliseconds(250),
        });
        var caller = NewCaller(["I would like a taxi", LongLine], new CallerConversationOptions
        {
            BargeIn = new Dictionary<int, TimeSpan> { [1] = TimeSpan.FromMilliseconds(500) },
        });

        CallerResult result = await RunAsync(caller, agent);

        AgentEvent stopped = agent.Events.Single(e => e.Kind == AgentEventKind.StoppedForCaller);
        BargeInObservation seen = Assert.Single(result.Observations.BargeIns);
        Assert.Equal(stopped.HeardSample, seen.CallerOnsetSample);
        Assert.Equal(stopped.SentSample, seen.AgentStopSample);
        Assert.False(seen.StaleAudio);
        // It stops on the first frame at or after onset + 250 ms: its last voiced sample is the one before.
        Assert.InRange(stopped.IntervalMs(8000)!.Value, 249.875, 270);

        // The interrupted reply answers nothing: both sides count the same two answered turns.
        Assert.Equal(agent.GroundTruth.Select(t => t.LatencyMs), result.ResponseLatenciesMs);
    }

    [Fact]
    public async Task DeadAir_IsDetected_ForEveryReplyTheAgentDelayedPastTheThreshold()
    {
        var agent = await StartAgentAsync(new AgentConversationOptions { Greeting = "Hello there", Replies = ["Sure thing"], ReplyDelay = TimeSpan.FromMilliseconds(300), ReplyDelayMax = TimeSpan.FromMilliseconds(2500), Seed = 7 });
        var caller = NewCaller([.. Enumerable.Range(1, 8).Select(i => $"This is caller line number {i}")], new CallerConversationOptions { DeadAirThreshold = TimeSpan.FromMilliseconds(2000) });

        CallerResult result = await RunAsync(caller, agent);

        var expected = agent.GroundTruth.Where(t => t.LatencyMs > 2000).Select(t => (t.CallerLastVoicedSample, t.ReplyFirstVoicedSample)).ToList();
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < agent.GroundTruth.Count, "the seed should give some replies under the threshold too");
        Assert.Equal(expected, result.Observations.DeadAir.Select(d => (d.FromSample, d.UntilSample)));
    }

    [Fact]
    public async Task CallerKeys_DriveTheAgentsIvr_AndTheLatencyFromTheKeysEnd_MatchesTheLog()
    {
        var agent = await StartAgentAsync(new AgentConversationOptions
        {
            Greeting = null,
            Replies = [],
            Ivr = new IvrMenu("For sales press one, for support press two", new Dictionary<char, string> { ['1'] = "Sales here", ['2'] = "Support here" }),
        });
        var caller = NewCaller(["Thanks"], new CallerConversationOptions { Dtmf = new Dictionary<int, string> { [0] = "2" }, MaxTurns = 1 });

        CallerResult result = await RunAsync(caller, agent, callerKeys: true);

        Assert.Equal(CallerEndReason.MaxTurnsReached, result.Reason);
        GroundTruthTurn reply = Assert.Single(agent.GroundTruth);
        Assert.Equal("Support here", reply.ReplyText);
        Assert.Equal([reply.LatencyMs], result.ResponseLatenciesMs);
        Assert.Equal("2", agent.Events.Single(e => e.Kind == AgentEventKind.DtmfReceived).Detail);
    }

    [Fact]
    public async Task AgentKeys_AreHeardByTheCaller_AtTheSamplesTheAgentSentThem()
    {
        var agent = await StartAgentAsync(new AgentConversationOptions { Greeting = "Hello there", Replies = ["Sure thing"], DtmfAfterOpening = "19#" });
        var caller = NewCaller(["This is the only caller line"], new CallerConversationOptions());

        CallerResult result = await RunAsync(caller, agent, agentKeys: true);

        var sent = agent.Events.Where(e => e.Kind == AgentEventKind.DtmfSent).Select(e => (e.Detail![0], e.SentSample!.Value)).ToList();
        Assert.Equal([('1', sent[0].Item2), ('9', sent[0].Item2 + 1920), ('#', sent[0].Item2 + 3840)], sent);
        Assert.Equal(sent, result.Observations.Dtmf.Select(d => (d.Digit, d.Sample)));
    }

    [Fact]
    public async Task APause_DelaysTheNextLine_FromTheEndOfTheAgentsTurn_AndASilence_IsALineOfItsLength()
    {
        var agent = await StartAgentAsync(new AgentConversationOptions { Greeting = "Hello there", Replies = ["Sure thing", "Okay then"] });
        // The reference agent answers speech only, so after the silent line the caller waits out its silence limit.
        var caller = NewCaller([LongLine, LongLine], new CallerConversationOptions
        {
            Pauses = new Dictionary<int, TimeSpan> { [0] = TimeSpan.FromSeconds(1) },
            Silences = new Dictionary<int, TimeSpan> { [1] = TimeSpan.FromMilliseconds(700) },
            MaxAgentSilence = TimeSpan.FromSeconds(2),
        });

        CallerResult result = await RunAsync(caller, agent);

        var events = caller.Timeline.Snapshot();
        long greetingEnd = events.First(e => e.Kind == TimelineEventKind.SpeechEnded && e.Speaker == Speaker.Agent).SampleIndex;
        var lines = events.Where(e => e.Kind == TimelineEventKind.TtsStarted && e.Speaker == Speaker.Caller).ToList();
        Assert.Equal([LongLine, "(silence)"], lines.Select(e => e.Text));
        Assert.Equal(FrameAtOrAfter(greetingEnd + 8000), lines[0].SampleIndex);
        var silenceEnd = events.First(e => e.Kind == TimelineEventKind.TtsFinished && e.SampleIndex > lines[1].SampleIndex);
        Assert.Equal(5600, silenceEnd.SampleIndex - lines[1].SampleIndex);
        Assert.Equal(CallerEndReason.AgentSilent, result.Reason);
    }

    [Fact]
    public async Task ASilentAgent_IsNudgedOnce_WithoutUsingUpAMove_AndItsLateAnswerIsTaken()
    {
        // The agent answers 3 s after the caller's line; the caller says "hello?" after 1 s of silence.
        var agent = await StartAgentAsync(new AgentConversationOptions { Greeting = "Hello there", Replies = [LongReply], ReplyDelay = TimeSpan.FromSeconds(3) });
        var persona = new DelegatePersona(c => c.TurnNumber < 1 ? PersonaReply.Say(LongLine) : PersonaReply.HangUpNow);
        var caller = new CallerConversation(persona, new ToneTextToSpeech(), VoiceOptions.Default,
            new CallerConversationOptions { NudgeAfter = TimeSpan.FromSeconds(1), NudgeLine = "Hello? Are you there?", MaxAgentSilence = TimeSpan.FromSeconds(8) },
            new CallTimeline(8000), new FakeTimeProvider(), NullLogger<CallerConversation>.Instance);

        CallerResult result = await RunAsync(caller, agent);

        var events = caller.Timeline.Snapshot();
        var lines = events.Where(e => e.Kind == TimelineEventKind.TtsStarted && e.Speaker == Speaker.Caller).ToList();
        Assert.Equal([LongLine, "Hello? Are you there?"], lines.Select(e => e.Text));
        long lineEnd = lines[0].SampleIndex + ToneTextToSpeech.LastVoicedOffset(LongLine);
        Assert.InRange(lines[1].SampleIndex - lineEnd, 8000, 8000 + Frame);
        Assert.Single(events, e => e.Kind == TimelineEventKind.Note && e.Text!.StartsWith("caller nudged the silent agent", StringComparison.Ordinal));
        Assert.Equal(2, persona.Contexts.Count);
        Assert.Equal(CallerEndReason.PersonaHungUp, result.Reason);
    }

    [Fact]
    public async Task MaxTurnsZero_HangsUpAfterTheGreeting()
    {
        var agent = await StartAgentAsync(new AgentConversationOptions { Greeting = "Hello there", Replies = ["Sure thing"] });
        var caller = NewCaller(["Hi"], new CallerConversationOptions { MaxTurns = 0 });

        CallerResult result = await RunAsync(caller, agent);

        Assert.Equal(CallerEndReason.MaxTurnsReached, result.Reason);
        Assert.DoesNotContain(result.Turns, t => t.Speaker == Speaker.Caller);
        Assert.Single(result.Turns, t => t.Speaker == Speaker.Agent);
    }

    [Fact]
    public async Task WithSpeechToText_ThePersonaHearsWhatTheAgentSaid_AndTheTurnsCarryIt()
    {
        string[] agentLines = ["Hello there, welcome to the shop", "Sure thing, I can certainly help you with that", "Goodbye now, and take good care"];
        var agent = await StartAgentAsync(new AgentConversationOptions { Greeting = agentLines[0], Replies = [agentLines[1], agentLines[2]] });
        var persona = new DelegatePersona(c => c.TurnNumber < 2 ? PersonaReply.Say(LongLine) : PersonaReply.HangUpNow);
        var caller = new CallerConversation(persona, new ToneTextToSpeech(), VoiceOptions.Default, new CallerConversationOptions(), new CallTimeline(8000),
            new FakeTimeProvider(), NullLogger<CallerConversation>.Instance)
        {
            AgentSpeechToText = new ToneLengthSpeechToText(agentLines),
            TranscriptWait = TimeSpan.FromSeconds(30),
        };

        CallerResult result = await RunAsync(caller, agent);

        // Each time the persona is asked, the agent's latest turn is already transcribed.
        Assert.Equal(agentLines, persona.Contexts.Select(c => c.LastAgentTurn!.Text));
        Assert.Equal(agentLines, result.Turns.Where(t => t.Speaker == Speaker.Agent).Select(t => t.Text));
        Assert.Equal(agentLines, caller.Timeline.Snapshot().Where(e => e.Kind == TimelineEventKind.Transcript).Select(e => e.Text));
    }

    /// <summary>
    /// A recogniser for <see cref="ToneTextToSpeech"/>'s audio: a line is a burst of 80 samples per character, so the
    /// length of the burst heard names the line. It hears the audio only through the recognition stream.
    /// </summary>
    private sealed class ToneLengthSpeechToText(string[] lines) : ISpeechToText
    {
        public ISpeechRecognitionStream OpenStream(int sampleRate) => new Stream(lines, sampleRate);

        private sealed class Stream(string[] lines, int sampleRate) : ISpeechRecognitionStream
        {
            private readonly List<short> _samples = [];
            private readonly System.Threading.Channels.Channel<SpeechRecognitionResult> _results = System.Threading.Channels.Channel.CreateUnbounded<SpeechRecognitionResult>();
            private long _start = -1;

            public int SampleRate => sampleRate;

            public System.Threading.Channels.ChannelReader<SpeechRecognitionResult> Results => _results.Reader;

            public ValueTask WriteAsync(ReadOnlyMemory<short> samples, long firstSampleIndex, CancellationToken cancellationToken)
            {
                if (_start < 0)
                {
                    _start = firstSampleIndex;
                }

                Assert.Equal(_start + _samples.Count, firstSampleIndex);
                _samples.AddRange(samples.ToArray());
                return ValueTask.CompletedTask;
            }

            public ValueTask<SpeechRecognitionResult> EndUtteranceAsync(CancellationToken cancellationToken)
            {
                int first = _samples.FindIndex(v => Math.Abs((int)v) > 100);
                int last = _samples.FindLastIndex(v => Math.Abs((int)v) > 100);
                int burst = first < 0 ? 0 : last - first + 1;
                string text = lines.MinBy(l => Math.Abs(ToneTextToSpeech.BurstLength(l) - burst))!;
                var result = new SpeechRecognitionResult(text, IsFinal: true, _start, _start + _samples.Count);
                _samples.Clear();
                _start = -1;
                _results.Writer.TryWrite(result);
                return ValueTask.FromResult(result);
            }

            public ValueTask DisposeAsync()
            {
                _results.Writer.TryComplete();
                return ValueTask.CompletedTask;
            }
        }
    }

    private static CallerConversation NewCaller(string[] lines, CallerConversationOptions options) => new(
        new ScriptedPersona(lines), new ToneTextToSpeech(), VoiceOptions.Default, options, new CallTimeline(8000), new FakeTimeProvider(), NullLogger<CallerConversation>.Instance);

    private static async Task<AgentConversation> StartAgentAsync(AgentConversationOptions options)
    {
        var agent = new AgentConversation(options, new ToneTextToSpeech(), new CallTimeline(8000), new FakeTimeProvider(), NullLogger<AgentConversation>.Instance);
        await agent.StartAsync(CancellationToken.None);
        return agent;
    }

    /// <summary>Both parties frame by frame over a zero-delay line; RFC 4733 keys become events at the tick they were pressed.</summary>
    private static async Task<CallerResult> RunAsync(CallerConversation caller, AgentConversation agent, bool callerKeys = false, bool agentKeys = false)
    {
        const int length = 8000 * 120;
        var keysToAgent = new List<(char Digit, long Sample)>();
        var keysToCaller = new List<(char Digit, long Sample)>();
        long now = 0;
        if (callerKeys)
        {
            caller.SendDtmf = d => { keysToAgent.Add((d, now)); return true; };
        }

        if (agentKeys)
        {
            agent.SendDtmf = d => { keysToCaller.Add((d, now)); return true; };
        }

        var callerFrame = new short[Frame];
        var agentFrame = new short[Frame];
        for (long s = 0; s < length; s += Frame)
        {
            now = s;
            caller.ReadCallerFrame(s, callerFrame);
            agent.ReadAgentFrame(s, agentFrame);
            foreach ((char digit, long start) in keysToAgent.Where(k => k.Sample == s))
            {
                agent.OnCallerDtmf(digit, start, end: false);
            }

            foreach ((char digit, long start) in keysToAgent.Where(k => k.Sample + 800 == s))
            {
                agent.OnCallerDtmf(digit, start + 800, end: true);
            }

            foreach ((char digit, long start) in keysToCaller.Where(k => k.Sample == s))
            {
                caller.OnAgentDtmf(digit, start, end: false);
            }

            agent.OnCallerFrame(s, callerFrame);
            caller.OnAgentFrame(s, agentFrame);
            await caller.PendingWork;
            if (caller.Completion.IsCompleted)
            {
                return await caller.Completion;
            }
        }

        throw new Xunit.Sdk.XunitException("The conversation did not end within 120 s of audio.");
    }

    private static long FrameAtOrAfter(long sample) => (sample + Frame - 1) / Frame * Frame;
}
