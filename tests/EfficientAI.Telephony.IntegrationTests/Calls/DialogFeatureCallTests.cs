using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Evaluation.Dialplans;
using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.Host.Running;
using EfficientAI.Telephony.ReferenceAgent;

namespace EfficientAI.Telephony.IntegrationTests.Calls;

/// <summary>
/// What agents do inside a call, end to end over real SIP/RTP on loopback: the reference agent transfers the caller
/// (REFER) to a second agent, or puts it on hold (re-INVITE sendonly), and the harness follows and records it.
/// </summary>
public sealed class DialogFeatureCallTests
{
    [Fact]
    public async Task AgentTransfersTheCall_TheHarnessFollowsIt_TalksToTheTarget_AndRecordsTheTarget()
    {
        var plan = DialplanLoader.Load(HostPaths.Dialplan("demo.yaml"));
        await using var runtime = Runtime.Create(verbose: false);
        await using var target = Agent(runtime, plan, o => o with { Greeting = "This is the returns desk. How can I help?" });
        await using var first = Agent(runtime, plan, o => o with { TransferTo = target.Uri, TransferAfter = TimeSpan.FromSeconds(1) });
        plan.Assertions.TransferTarget = target.Uri.ToString();
        var (_, traces) = runtime.Caller();
        var runner = new CallRunner(runtime.Dialer(), traces, runtime.Tts, runtime.Time, runtime.Loggers);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var report = (await runner.RunAsync(plan, first.Uri, null, timeout.Token)).Report;

        Assert.Equal("completed", report.Outcome);
        Assert.Equal(target.Uri.ToString(), report.TransferTarget);
        var transferred = Assert.Single(report.Timeline, e => e.Kind == "DialogEvent" && e.Text!.StartsWith("transferred", StringComparison.Ordinal));
        // The conversation went on with the target: its agent spoke after the transfer and answered the caller.
        Assert.Contains(report.Turns, t => t.Speaker == "agent" && t.StartMs > transferred.AtMs);
        Assert.NotEmpty(report.ResponseLatencyMs);
        var assertion = Assert.Single(report.Assertions, a => a.Name == "transferTarget");
        Assert.True(assertion.Passed, assertion.Detail);
        // Both legs are in the SIP trace: the REFER from the first agent and our INVITE to the target.
        Assert.Contains(report.Timeline, e => e.Kind == "SipMessage" && e.Text!.Contains("REFER", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AgentPutsTheCallerOnHold_AndResumes_BothAreOnTheTimeline_AndTheCallCompletes()
    {
        var plan = DialplanLoader.Load(HostPaths.Dialplan("demo.yaml"));
        await using var runtime = Runtime.Create(verbose: false);
        await using var agent = Agent(runtime, plan, o => o with { HoldAfter = TimeSpan.FromMilliseconds(500), HoldFor = TimeSpan.FromSeconds(1) });
        var (_, traces) = runtime.Caller();
        var runner = new CallRunner(runtime.Dialer(), traces, runtime.Tts, runtime.Time, runtime.Loggers);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var report = (await runner.RunAsync(plan, agent.Uri, null, timeout.Token)).Report;

        Assert.Equal("completed", report.Outcome);
        var hold = Assert.Single(report.Timeline, e => e.Kind == "DialogEvent" && e.Text!.StartsWith("hold", StringComparison.Ordinal));
        var resume = Assert.Single(report.Timeline, e => e.Kind == "DialogEvent" && e.Text!.StartsWith("resume", StringComparison.Ordinal));
        Assert.Contains("recvonly", hold.Text, StringComparison.Ordinal);
        Assert.InRange(resume.AtMs - hold.AtMs, 800, 3000);
        Assert.Equal(plan.Persona.Lines.Count, report.ResponseLatencyMs.Count);
    }

    private static ReferenceAgentServer Agent(Runtime runtime, Dialplan plan, Func<ReferenceAgentOptions, ReferenceAgentOptions> configure) =>
        ReferenceAgentServer.Start(
            configure(new ReferenceAgentOptions
            {
                Greeting = plan.Agent.Greeting,
                Replies = plan.Agent.Replies,
                ReplyDelay = TimeSpan.FromMilliseconds(plan.Agent.ReplyDelayMs),
                Voice = new VoiceOptions(plan.Agent.Voice),
            }),
            runtime.Tts,
            runtime.Pacer,
            runtime.Media,
            runtime.Time,
            runtime.Loggers);
}
