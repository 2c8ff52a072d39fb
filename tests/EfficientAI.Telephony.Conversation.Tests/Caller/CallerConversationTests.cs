using EfficientAI.Telephony.Conversation.Caller;
using EfficientAI.Telephony.Conversation.Personas;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Conversation.Tests.Support;
using EfficientAI.Telephony.Conversation.Timeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EfficientAI.Telephony.Conversation.Tests.Caller;

public sealed class CallerConversationTests
{
    private const int Frame = 160;
    private const int Hangover = 4800; // 600 ms, the default for greetings and replies
    private const int Lead = ToneTextToSpeech.LeadingSilence;

    [Fact]
    public async Task PureAudio_MeasuresTheAgentsResponseLatencyToTheSample_AndEveryTurn()
    {
        const int gap = 2345; // 293.125 ms from the caller's last voiced sample to the agent's first
        var agent = new FakeToneAgent(greetingStart: 800, greetingLength: 2400, replyGap: gap, replyLength: 1600);
        var caller = NewCaller(new ScriptedPersona(["Hi there", "Book a table"]), out CallTimeline timeline);

        (CallerResult result, _) = await RunAsync(caller, agent);

        // Each caller line starts on the first frame after the agent's end of turn is detected
        // (last voiced + hangover) and carries the synthesiser's 80 samples of leading silence.
        long greetingEnd = 800 + 2400 - 1;
        long line1Start = FrameAfter(greetingEnd + Hangover) + Lead;
        long line1End = line1Start + ToneTextToSpeech.BurstLength("Hi there") - 1;
        long reply1Start = line1End + gap;
        long reply1End = reply1Start + 1600 - 1;
        long line2Start = FrameAfter(reply1End + Hangover) + Lead;
        long line2End = line2Start + ToneTextToSpeech.BurstLength("Book a table") - 1;
        long reply2Start = line2End + gap;
        Assert.Equal(
            [
                new Turn(Speaker.Agent, 800, greetingEnd, null),
                new Turn(Speaker.Caller, line1Start, line1End, "Hi there"),
                new Turn(Speaker.Agent, reply1Start, reply1End, null),
                new Turn(Speaker.Caller, line2Start, line2End, "Book a table"),
                new Turn(Speaker.Agent, reply2Start, reply2Start + 1600 - 1, null),
            ],
            result.Turns);
        Assert.Equal([gap / 8.0, gap / 8.0], result.ResponseLatenciesMs);
        Assert.Equal(CallerEndReason.PersonaHungUp, result.Reason);
        Assert.Equal([line1End, line2End], agent.CallerLinesEndedAt);

        IReadOnlyList<TimelineEvent> events = timeline.Snapshot();
        Assert.Contains(new TimelineEvent(line1Start - Lead, TimelineEventKind.TtsStarted, Speaker.Caller, "Hi there"), events);
        Assert.Contains(new TimelineEvent(line1End, TimelineEventKind.SpeechEnded, Speaker.Caller, null), events);
        Assert.Contains(new TimelineEvent(reply1Start, TimelineEventKind.SpeechStarted, Speaker.Agent, null), events);
    }

    [Fact]
    public async Task ThePersona_SeesTheTranscriptSoFar_InOrder()
    {
        var persona = new DelegatePersona(context => context.TurnNumber == 0 ? PersonaReply.Say("Hello") : PersonaReply.HangUpNow);
        var caller = NewCaller(persona, out _);

        await RunAsync(caller, new FakeToneAgent(800, 2400, 2000, 1600));

        PersonaContext[] contexts = [.. persona.Contexts];
        Assert.Equal([0, 1], contexts.Select(c => c.TurnNumber));
        Assert.Equal([Speaker.Agent], contexts[0].Transcript.Select(t => t.Speaker));
        Assert.Equal([Speaker.Agent, Speaker.Caller, Speaker.Agent], contexts[1].Transcript.Select(t => t.Speaker));
        Assert.Equal([null, "Hello", null], contexts[1].Transcript.Select(t => t.Text));
        Assert.Equal(contexts[1].Transcript[2], contexts[1].LastAgentTurn);
    }

    [Fact]
    public async Task AnAgentThatNeverSpeaks_EndsTheCallAfterTheMaximumSilence()
    {
        var caller = NewCaller(new ScriptedPersona(["Hello"]), out _);

        (CallerResult result, long endedAtFrame) = await RunAsync(caller, new FakeToneAgent(0, 0, 0, 0));

        // 10 s = 80000 samples after the first frame's first sample: the frame that reaches it ends the call.
        Assert.Equal(80000 - Frame, endedAtFrame);
        Assert.Equal(CallerEndReason.NoGreeting, result.Reason);
        Assert.Contains("did not speak within 10 s", result.EndReason, StringComparison.Ordinal);
        Assert.Empty(result.Turns);
    }

    [Fact]
    public async Task AnAgentThatStopsAnswering_EndsTheCallMaxSilenceAfterTheCallersLastVoicedSample()
    {
        var caller = NewCaller(new ScriptedPersona(["Hello", "Are you there"]), out _);

        (CallerResult result, long endedAtFrame) = await RunAsync(caller, new FakeToneAgent(800, 2400, 2000, 1600, maxReplies: 0));

        long lineEnd = FrameAfter(3199 + Hangover) + Lead + ToneTextToSpeech.BurstLength("Hello") - 1;
        Assert.Equal(CallerEndReason.AgentSilent, result.Reason);
        Assert.Equal(FrameContaining(lineEnd + 80000 - 1), endedAtFrame);
        Assert.Equal([Speaker.Agent, Speaker.Caller], result.Turns.Select(t => t.Speaker));
        Assert.Empty(result.ResponseLatenciesMs);
    }

    [Fact]
    public async Task ACallReachingItsMaximumDuration_Ends()
    {
        var options = new CallerConversationOptions { MaxCallDuration = TimeSpan.FromSeconds(2) };
        var caller = NewCaller(new ScriptedPersona(["Hello"]), out _, options);

        // The agent talks for 5 s without pausing.
        (CallerResult result, long endedAtFrame) = await RunAsync(caller, new FakeToneAgent(0, 40000, 0, 0));

        Assert.Equal(CallerEndReason.MaxDurationReached, result.Reason);
        Assert.Equal(16000 - Frame, endedAtFrame);
    }

    [Fact]
    public async Task APersonaSayingGoodbye_HangsUpRightAfterTheLastLineIsPlayed()
    {
        var persona = new DelegatePersona(_ => PersonaReply.SayAndHangUp("Goodbye"));
        var caller = NewCaller(persona, out _);

        (CallerResult result, long endedAtFrame) = await RunAsync(caller, new FakeToneAgent(800, 2400, 2000, 1600));

        long lineStart = FrameAfter(3199 + Hangover);
        long clipEnd = lineStart + ToneTextToSpeech.Render("Goodbye").Length - 1;
        Assert.Equal(CallerEndReason.PersonaHungUp, result.Reason);
        Assert.Equal(FrameContaining(clipEnd), endedAtFrame);
        Assert.Equal(new Turn(Speaker.Caller, lineStart + Lead, lineStart + Lead + ToneTextToSpeech.BurstLength("Goodbye") - 1, "Goodbye"), result.Turns[^1]);
    }

    [Fact]
    public async Task ABackchannelDuringTheCallersLine_IsNotTakenAsTheReply()
    {
        const string line = "Hi there, I would like to book a table please";
        long lineStart = FrameAfter(3199 + Hangover) + Lead;
        long lineEnd = lineStart + ToneTextToSpeech.BurstLength(line) - 1;
        var agent = new FakeToneAgent(800, 2400, replyGap: 6000, replyLength: 1600);
        agent.AddBurst(lineStart + 720, 1600); // "uh-huh" in the middle of the caller's line
        var caller = NewCaller(new ScriptedPersona([line]), out CallTimeline timeline);

        (CallerResult result, _) = await RunAsync(caller, agent);

        Assert.Equal([6000 / 8.0], result.ResponseLatenciesMs);
        Assert.Equal(
            [Speaker.Agent, Speaker.Caller, Speaker.Agent, Speaker.Agent],
            result.Turns.Select(t => t.Speaker));
        Assert.Equal(new Turn(Speaker.Agent, lineEnd + 6000, lineEnd + 6000 + 1599, null), result.Turns[^1]);
        Assert.Contains(timeline.Snapshot(), e => e.Kind == TimelineEventKind.Overlap && e.SampleIndex == lineStart + 720);
    }

    [Fact]
    public async Task ASynthesisFailure_EndsTheCallWithTheReason()
    {
        var tts = new ToneTextToSpeech { FailWith = _ => new InvalidOperationException("espeak-ng exited with code 1") };
        var caller = NewCaller(new ScriptedPersona(["Hello"]), out _, tts: tts);

        (CallerResult result, _) = await RunAsync(caller, new FakeToneAgent(800, 2400, 2000, 1600));

        Assert.Equal(CallerEndReason.Failed, result.Reason);
        Assert.Equal("line 1: espeak-ng exited with code 1", result.EndReason);
    }

    [Fact]
    public async Task Stop_EndsTheCall_KeepingWhatWasMeasured()
    {
        var caller = NewCaller(new ScriptedPersona(["Hello"]), out _);
        var agent = new FakeToneAgent(800, 2400, 2000, 1600);
        var frame = new short[Frame];
        for (long s = 0; s < 8000; s += Frame)
        {
            caller.ReadCallerFrame(s, frame);
            agent.Speak(s, frame);
            caller.OnAgentFrame(s, frame);
            await caller.PendingWork;
        }

        caller.Stop("the agent hung up");
        CallerResult result = await caller.Completion;

        Assert.Equal(CallerEndReason.Stopped, result.Reason);
        Assert.Equal("the agent hung up", result.EndReason);
        Assert.Equal([new Turn(Speaker.Agent, 800, 3199, null)], result.Turns);
    }

    [Fact]
    public async Task TheFramePaths_DoNotAllocate_WhileALineIsPlaying()
    {
        string line = new('a', 200); // 2 s of tone
        var caller = NewCaller(new ScriptedPersona([line]), out _);
        var agent = new FakeToneAgent(800, 2400, 2000, 1600);
        var outgoing = new short[Frame];
        var incoming = new short[Frame];
        long s = 0;
        for (; s < 8320; s += Frame)
        {
            caller.ReadCallerFrame(s, outgoing);
            agent.Speak(s, incoming);
            caller.OnAgentFrame(s, incoming);
            await caller.PendingWork;
        }

        Assert.NotEqual(0, outgoing[100]); // the line is playing

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (long end = s + 50 * Frame; s < end; s += Frame)
        {
            caller.ReadCallerFrame(s, outgoing);
            caller.OnAgentFrame(s, incoming);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static CallerConversation NewCaller(IPersona persona, out CallTimeline timeline, CallerConversationOptions? options = null, ToneTextToSpeech? tts = null)
    {
        timeline = new CallTimeline(8000);
        return new CallerConversation(
            persona,
            tts ?? new ToneTextToSpeech(),
            VoiceOptions.Default,
            options ?? new CallerConversationOptions(),
            timeline,
            new FakeTimeProvider(),
            NullLogger<CallerConversation>.Instance);
    }

    /// <summary>
    /// Steps both sides frame by frame on one media clock with no network in between, waiting for the
    /// caller's background work after each frame so that playback timing is deterministic. Returns the
    /// result and the index of the frame after which the call had ended.
    /// </summary>
    private static async Task<(CallerResult Result, long EndedAtFrame)> RunAsync(CallerConversation caller, FakeToneAgent agent)
    {
        var outgoing = new short[Frame];
        var incoming = new short[Frame];
        for (long s = 0; s < 8000 * 120; s += Frame)
        {
            caller.ReadCallerFrame(s, outgoing);
            agent.Hear(s, outgoing);
            agent.Speak(s, incoming);
            caller.OnAgentFrame(s, incoming);
            await caller.PendingWork;
            if (caller.Completion.IsCompleted)
            {
                return (await caller.Completion, s);
            }
        }

        throw new Xunit.Sdk.XunitException("The conversation did not end within 120 s of audio.");
    }

    private static long FrameContaining(long sample) => sample / Frame * Frame;

    private static long FrameAfter(long sample) => FrameContaining(sample) + Frame;
}
