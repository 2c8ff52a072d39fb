using EfficientAI.Telephony.Conversation.Agent;
using EfficientAI.Telephony.Conversation.Tests.Support;
using EfficientAI.Telephony.Conversation.Timeline;
using EfficientAI.Telephony.Conversation.Vad;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EfficientAI.Telephony.Conversation.Tests.Agent;

public sealed class AgentConversationTests
{
    private const int Frame = 160;
    private const int Hangover = 4800;
    private const int Lead = ToneTextToSpeech.LeadingSilence;

    [Fact]
    public async Task TheAgent_GreetsAtTheFirstFrame_AndLogsTheExactLatencyOfEveryReply()
    {
        var agent = await StartAgentAsync(new AgentConversationOptions { Greeting = "Hello caller", Replies = ["Sure", "Okay then"] });
        short[] caller = CallerAudio(40000, (4000, 2400), (20004, 1600), (30000, 800));

        short[] sent = Run(agent, caller);

        // Each reply starts on the first frame at or after the caller's last voiced sample + hangover,
        // and its first voiced sample is the clip's leading silence later.
        Assert.Equal(Lead, new EnergyVad().FindFirstVoicedSample(sent));
        Assert.Equal(
            [
                Expected(6399, "Sure"),
                Expected(21603, "Okay then"),
                Expected(30799, "Sure"),
            ],
            agent.GroundTruth);

        // The log agrees with the audio actually sent.
        foreach (GroundTruthTurn turn in agent.GroundTruth)
        {
            Assert.Equal(turn.ReplyFirstVoicedSample, new EnergyVad().FindFirstVoicedSample(sent, (int)turn.CallerLastVoicedSample));
        }

        static GroundTruthTurn Expected(long callerLast, string reply)
        {
            long firstVoiced = FrameAtOrAfter(callerLast + Hangover) + Lead;
            return new GroundTruthTurn(callerLast, firstVoiced, (firstVoiced - callerLast) / 8.0, reply);
        }
    }

    [Fact]
    public async Task AReplyDelay_PostponesTheReplyByThatMuch()
    {
        var agent = await StartAgentAsync(new AgentConversationOptions { Greeting = null, Replies = ["Sure"], ReplyDelay = TimeSpan.FromMilliseconds(250) });

        Run(agent, CallerAudio(24000, (4000, 2400)));

        long firstVoiced = FrameAtOrAfter(6399 + Hangover + 2000) + Lead;
        Assert.Equal([new GroundTruthTurn(6399, firstVoiced, (firstVoiced - 6399) / 8.0, "Sure")], agent.GroundTruth);
    }

    [Fact]
    public async Task AnAgentThatStopsWhenInterrupted_FallsSilentOnTheFrameAfterTheCallersOnsetIsConfirmed()
    {
        var options = new AgentConversationOptions { Greeting = new string('g', 300), Replies = ["Sure"], StopWhenInterrupted = true };
        var agent = await StartAgentAsync(options);

        short[] sent = Run(agent, CallerAudio(24000, (4000, 4000)));

        // The caller's onset is confirmed at 4000 + 799 = 4799 (frame 4640); the agent stops at frame 4800.
        Assert.NotEqual(0, sent[4799]);
        Assert.All(sent.AsSpan(4800, 12800 - 4800).ToArray(), s => Assert.Equal(0, s));
        IReadOnlyList<TimelineEvent> events = agent.Timeline.Snapshot();
        Assert.Contains(new TimelineEvent(4800, TimelineEventKind.TtsInterrupted, Speaker.Agent, null), events);
        Assert.Contains(new TimelineEvent(4000, TimelineEventKind.Overlap, Speaker.Caller, "caller spoke while the agent was speaking"), events);
        Assert.Single(agent.GroundTruth);
    }

    [Fact]
    public async Task AnAgentThatIsNotInterruptible_FinishesItsGreeting_ThenAnswers()
    {
        var agent = await StartAgentAsync(new AgentConversationOptions { Greeting = new string('g', 300), Replies = ["Sure"] });

        short[] sent = Run(agent, CallerAudio(40000, (4000, 4000)));

        // The greeting occupies samples 0..24159; the reply was due at 12800 and waits for it.
        Assert.NotEqual(0, sent[10000]);
        Assert.Equal([new GroundTruthTurn(7999, 24160 + Lead, (24160 + Lead - 7999) / 8.0, "Sure")], agent.GroundTruth);
    }

    [Fact]
    public async Task BeforeItsLinesAreSynthesised_TheAgentSendsSilence()
    {
        var agent = NewAgent(new AgentConversationOptions(), out _);
        var frame = new short[Frame];
        Array.Fill(frame, (short)99);

        agent.ReadAgentFrame(0, frame);

        Assert.False(agent.IsReady);
        Assert.All(frame, s => Assert.Equal(0, s));
        await agent.StartAsync(CancellationToken.None);
        Assert.True(agent.IsReady);
        await Assert.ThrowsAsync<InvalidOperationException>(() => agent.StartAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TheTimeline_HoldsBothPartiesSpeechEdges()
    {
        var agent = await StartAgentAsync(new AgentConversationOptions { Greeting = "Hi", Replies = ["Sure"] });

        Run(agent, CallerAudio(24000, (4000, 2400)));

        long replyStart = FrameAtOrAfter(6399 + Hangover);
        Assert.Equal(
            [
                new TimelineEvent(0, TimelineEventKind.TtsStarted, Speaker.Agent, "Hi"),
                new TimelineEvent(Lead, TimelineEventKind.SpeechStarted, Speaker.Agent, null),
                new TimelineEvent(Lead + 159, TimelineEventKind.SpeechEnded, Speaker.Agent, null),
                new TimelineEvent(320, TimelineEventKind.TtsFinished, Speaker.Agent, null),
                new TimelineEvent(4000, TimelineEventKind.SpeechStarted, Speaker.Caller, null),
                new TimelineEvent(6399, TimelineEventKind.SpeechEnded, Speaker.Caller, null),
                new TimelineEvent(replyStart, TimelineEventKind.TtsStarted, Speaker.Agent, "Sure"),
                new TimelineEvent(replyStart + Lead, TimelineEventKind.SpeechStarted, Speaker.Agent, null),
                new TimelineEvent(replyStart + Lead + 319, TimelineEventKind.SpeechEnded, Speaker.Agent, null),
                new TimelineEvent(replyStart + Lead + 320 + 80, TimelineEventKind.TtsFinished, Speaker.Agent, null),
            ],
            agent.Timeline.Snapshot());
    }

    [Fact]
    public async Task TheFramePaths_DoNotAllocate_WhileSpeakingOrListening()
    {
        // Mid-greeting while the caller is silent: no turn boundary (which appends to the timeline) in the window.
        var agent = await StartAgentAsync(new AgentConversationOptions { Greeting = new string('g', 300), Replies = ["Sure"] });
        short[] caller = CallerAudio(24000, (12000, 8000));
        var frame = new short[Frame];
        agent.ReadAgentFrame(0, frame);
        agent.OnCallerFrame(0, caller.AsSpan(0, Frame));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int s = Frame; s < 9600; s += Frame)
        {
            agent.ReadAgentFrame(s, frame);
            agent.OnCallerFrame(s, caller.AsSpan(s, Frame));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static AgentConversation NewAgent(AgentConversationOptions options, out CallTimeline timeline)
    {
        timeline = new CallTimeline(8000);
        return new AgentConversation(options, new ToneTextToSpeech(), timeline, new FakeTimeProvider(), NullLogger<AgentConversation>.Instance);
    }

    private static async Task<AgentConversation> StartAgentAsync(AgentConversationOptions options)
    {
        AgentConversation agent = NewAgent(options, out _);
        await agent.StartAsync(CancellationToken.None);
        return agent;
    }

    private static short[] CallerAudio(int length, params (int Start, int Length)[] bursts)
    {
        short[] audio = Signal.Noise(length, 200, seed: 11);
        foreach ((int start, int count) in bursts)
        {
            Signal.MixInto(audio, Signal.Burst(count), start);
        }

        return audio;
    }

    /// <summary>Plays the caller's audio to the agent frame by frame; returns everything the agent sent.</summary>
    private static short[] Run(AgentConversation agent, short[] caller)
    {
        var sent = new short[caller.Length];
        for (int s = 0; s + Frame <= caller.Length; s += Frame)
        {
            agent.ReadAgentFrame(s, sent.AsSpan(s, Frame));
            agent.OnCallerFrame(s, caller.AsSpan(s, Frame));
        }

        return sent;
    }

    private static long FrameAtOrAfter(long sample) => (sample + Frame - 1) / Frame * Frame;
}
