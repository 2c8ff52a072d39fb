using EfficientAI.Telephony.Conversation.Agent;
using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Conversation.Tests.Support;
using EfficientAI.Telephony.Conversation.Timeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EfficientAI.Telephony.Conversation.Tests.Agent;

/// <summary>The reference agent's scripted misbehaviours, each checked against the audio it sent and the log it kept.</summary>
public sealed class AgentBehaviourTests
{
    private const int Frame = 160;
    private const int Lead = ToneTextToSpeech.LeadingSilence;

    [Fact]
    public async Task ASlowGreeting_StartsAfterItsDelay_AndIsLogged()
    {
        var agent = await StartAsync(new AgentConversationOptions { Greeting = "Hello caller", GreetingDelay = TimeSpan.FromMilliseconds(1500) });

        short[] sent = Run(agent, Silence(24000));

        Assert.All(sent.AsSpan(0, 12000).ToArray(), s => Assert.Equal(0, s));
        Assert.Equal(new AgentEvent(AgentEventKind.GreetingStarted, 12000 + Lead, null), Assert.Single(agent.Events));
    }

    [Fact]
    public async Task AVoicemail_BeepsAfterItsGreeting_AtOneKilohertz_ThenNeverReplies()
    {
        var agent = await StartAsync(new AgentConversationOptions { Greeting = "Leave a message", Replies = ["Sure"], Voicemail = true });
        short[] caller = Silence(48000);
        Signal.MixInto(caller, Signal.Burst(8000), 16000);

        short[] sent = Run(agent, caller);

        long beepStart = agent.Events.Single(e => e.Kind == AgentEventKind.BeepStarted).SentSample!.Value;
        long beepEnd = agent.Events.Single(e => e.Kind == AgentEventKind.BeepEnded).SentSample!.Value;
        Assert.Equal(4000, beepEnd - beepStart);
        Assert.InRange(Signal.ToneAmplitude(sent.AsSpan((int)beepStart + 400, 3200), 1000, 8000), 7500, 8100);
        Assert.Empty(agent.GroundTruth);
    }

    [Fact]
    public async Task HoldMusic_PlaysForItsDuration_AfterTheGreeting()
    {
        var agent = await StartAsync(new AgentConversationOptions { Greeting = "Please hold", HoldMusic = TimeSpan.FromSeconds(2) });

        short[] sent = Run(agent, Silence(40000));

        long start = agent.Events.Single(e => e.Kind == AgentEventKind.HoldMusicStarted).SentSample!.Value;
        Assert.Equal(start + 16000, agent.Events.Single(e => e.Kind == AgentEventKind.HoldMusicEnded).SentSample);
        Assert.True(Signal.Rms(sent.AsSpan((int)start, 16000)) > 1000);
    }

    [Fact]
    public async Task HangingUpMidReply_CutsTheAudio_AtTheConfiguredPoint_AndSaysSo()
    {
        var agent = await StartAsync(new AgentConversationOptions { Greeting = null, Replies = [new string('r', 200)], HangUpDuringReply = 1, HangUpAfter = TimeSpan.FromMilliseconds(500) });
        short[] caller = Silence(48000);
        Signal.MixInto(caller, Signal.Burst(4000), 800);

        short[] sent = Run(agent, caller);

        AgentEvent reply = agent.Events.Single(e => e.Kind == AgentEventKind.ReplyStarted);
        long replyStart = reply.SentSample!.Value - Lead;
        Assert.True(agent.HangUpRequested.IsCompleted);
        Assert.Equal(replyStart + 4000, await agent.HangUpRequested);
        Assert.NotEqual(0, sent[replyStart + 3999]);
        Assert.All(sent.AsSpan((int)replyStart + 4000).ToArray(), s => Assert.Equal(0, s));
    }

    [Fact]
    public async Task RandomReplyDelays_StayInTheirRange_AndRepeatWithTheSeed()
    {
        static async Task<double[]> LatenciesAsync(int seed)
        {
            var agent = await StartAsync(new AgentConversationOptions { Greeting = null, Replies = ["Sure thing"], ReplyDelay = TimeSpan.FromMilliseconds(200), ReplyDelayMax = TimeSpan.FromMilliseconds(2000), Seed = seed });
            short[] caller = Silence(8000 * 40);
            for (int i = 0; i < 8; i++)
            {
                Signal.MixInto(caller, Signal.Burst(2400), 8000 + (i * 32000));
            }

            Run(agent, caller);
            return [.. agent.GroundTruth.Select(t => t.LatencyMs)];
        }

        double[] first = await LatenciesAsync(5), again = await LatenciesAsync(5), other = await LatenciesAsync(6);

        Assert.Equal(8, first.Length);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);

        // 600 ms hangover + 200…2000 ms, rounded up to a frame, + the reply's 10 ms of leading silence.
        Assert.All(first, l => Assert.InRange(l, 810, 2630));
        Assert.True(first.Max() - first.Min() > 300, "the delays should spread");
    }

    [Fact]
    public void TheBeep_IsAPureToneAtItsFrequency()
    {
        short[] beep = ToneGenerator.Beep(8000, 1000, 500, 8000);

        Assert.Equal(4000, beep.Length);
        Assert.InRange(Signal.ToneAmplitude(beep.AsSpan(400, 3200), 1000, 8000), 7900, 8001);
        Assert.InRange(Signal.ToneAmplitude(beep.AsSpan(400, 3200), 1400, 8000), 0, 50);
    }

    private static async Task<AgentConversation> StartAsync(AgentConversationOptions options)
    {
        var agent = new AgentConversation(options, new ToneTextToSpeech(), new CallTimeline(8000), new FakeTimeProvider(), NullLogger<AgentConversation>.Instance);
        await agent.StartAsync(CancellationToken.None);
        return agent;
    }

    private static short[] Silence(int length) => new short[length];

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
}
