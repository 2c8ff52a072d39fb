using EfficientAI.Telephony.Conversation.Agent;
using EfficientAI.Telephony.Conversation.Caller;
using EfficientAI.Telephony.Conversation.Personas;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Conversation.Tests.Support;
using EfficientAI.Telephony.Conversation.Timeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EfficientAI.Telephony.Conversation.Tests.Caller;

/// <summary>The simulated caller against the reference agent, PCM to PCM over a delaying "network".</summary>
public sealed class CallerAndAgentTests
{
    private const int Frame = 160;

    // Lines are rendered as 10 ms of tone per character by the test synthesiser, so every line here is
    // longer than the 100 ms a turn needs before its start counts.

    [Theory]
    [InlineData(0)]
    [InlineData(480)] // 60 ms each way
    [InlineData(1600)]
    public async Task TheCallersMeasuredLatency_IsTheAgentsGroundTruthPlusTheRoundTrip(int oneWayDelay)
    {
        var agent = new AgentConversation(
            new AgentConversationOptions { Greeting = "Hello, how can I help", Replies = ["Certainly, where to?", "Anything else for you?"] },
            new ToneTextToSpeech(),
            new CallTimeline(8000),
            new FakeTimeProvider(),
            NullLogger<AgentConversation>.Instance);
        await agent.StartAsync(CancellationToken.None);
        var caller = new CallerConversation(
            new ScriptedPersona(["I need a taxi please", "To the central station", "No thanks, that is all"]),
            new ToneTextToSpeech(),
            VoiceOptions.Default,
            new CallerConversationOptions(),
            new CallTimeline(8000),
            new FakeTimeProvider(),
            NullLogger<CallerConversation>.Instance);

        CallerResult result = await RunAsync(caller, agent, oneWayDelay);

        // The caller hears the reply `delay` late and the agent heard the caller's line `delay` late.
        Assert.Equal(CallerEndReason.PersonaHungUp, result.Reason);
        Assert.Equal(3, agent.GroundTruth.Count);
        Assert.Equal(
            agent.GroundTruth.Select(t => t.LatencyMs + (2 * oneWayDelay / 8.0)),
            result.ResponseLatenciesMs);
        Assert.Equal(
            [Speaker.Agent, Speaker.Caller, Speaker.Agent, Speaker.Caller, Speaker.Agent, Speaker.Caller, Speaker.Agent],
            result.Turns.Select(t => t.Speaker));
        Assert.Equal(["Certainly, where to?", "Anything else for you?", "Certainly, where to?"], agent.GroundTruth.Select(t => t.ReplyText));
    }

    private static async Task<CallerResult> RunAsync(CallerConversation caller, AgentConversation agent, int delay)
    {
        const int length = 8000 * 60;
        var callerSent = new short[length];
        var agentSent = new short[length];
        for (int s = 0; s < length; s += Frame)
        {
            caller.ReadCallerFrame(s, callerSent.AsSpan(s, Frame));
            agent.ReadAgentFrame(s, agentSent.AsSpan(s, Frame));
            if (s >= delay)
            {
                agent.OnCallerFrame(s, callerSent.AsSpan(s - delay, Frame));
                caller.OnAgentFrame(s, agentSent.AsSpan(s - delay, Frame));
            }

            await caller.PendingWork;
            if (caller.Completion.IsCompleted)
            {
                return await caller.Completion;
            }
        }

        throw new Xunit.Sdk.XunitException("The conversation did not end within 60 s of audio.");
    }
}
