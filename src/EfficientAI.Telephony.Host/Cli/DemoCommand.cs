using System.CommandLine;
using EfficientAI.Telephony.Evaluation.Dialplans;
using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.Host.Reports;
using EfficientAI.Telephony.Host.Running;
using EfficientAI.Telephony.ReferenceAgent;
using EfficientAI.Telephony.Conversation.Speech;

namespace EfficientAI.Telephony.Host.Cli;

/// <summary>`demo`: embedded PostgreSQL + the reference agent + one scripted call; prints the call report.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var json = CommonOptions.Json();
        var verbose = CommonOptions.Verbose();
        var record = CommonOptions.Record();
        var dialplan = CommonOptions.Dialplan();
        var junit = ReportOptions.JUnit();
        var html = ReportOptions.Html();
        var command = new Command("demo", "Call the built-in reference agent with dialplans/demo.yaml, store and print the result") { json, verbose, record, dialplan, junit, html };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var plan = DialplanLoader.Load(parse.GetValue(dialplan)?.FullName ?? HostPaths.Dialplan("demo.yaml"));
                await using var runtime = Runtime.Create(parse.GetValue(verbose));
                await using var store = await ResultStore.OpenAsync(runtime.Configuration, runtime.Loggers, ct);
                var recording = parse.GetValue(record) ?? NewRecordingPath();
                var run = await RunAgainstReferenceAgentAsync(runtime, plan, recording, ct);
                await ReportFiles.WriteAsync(run, parse.GetValue(junit), parse.GetValue(html), ct);
                return await CallOutput.FinishAsync(run, store, parse.GetValue(json), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return CallOutput.Fail(ex);
            }
        });
        return command;
    }

    /// <summary>
    /// One call of <paramref name="plan"/> to a reference agent started for it (with the dialplan's agent settings),
    /// measured against the agent's own ground truth; the agent stops when the call is done. Used by `demo` and the API.
    /// </summary>
    internal static async Task<CallRun> RunAgainstReferenceAgentAsync(Runtime runtime, Dialplan plan, string recording, CancellationToken ct)
    {
        await using var agent = StartAgent(runtime, plan);
        var (_, traces) = runtime.Caller();
        var runner = new CallRunner(runtime.Dialer(), traces, runtime.Tts, runtime.Time, runtime.Loggers)
        {
            GroundTruth = async (callId, token) => [.. (await agent.GroundTruthAsync(callId, token)).Turns.Select(t => t.LatencyMs)],
            AgentScript = async (callId, token) => [plan.Agent.Greeting, .. (await agent.GroundTruthAsync(callId, token)).Turns.Select(t => t.ReplyText)],
        };
        return await runner.RunAsync(plan, agent.Uri, recording, ct);
    }

    internal static ReferenceAgentServer StartAgent(Runtime runtime, Dialplan plan) =>
        ReferenceAgentServer.Start(
            new ReferenceAgentOptions
            {
                Greeting = plan.Agent.Greeting,
                Replies = plan.Agent.Replies.Count > 0 ? plan.Agent.Replies : new ReferenceAgentOptions().Replies,
                ReplyDelay = TimeSpan.FromMilliseconds(plan.Agent.ReplyDelayMs),
                Voice = new VoiceOptions(plan.Agent.Voice),
                Listen = new(System.Net.IPAddress.Parse(runtime.Options.SipAddress), 0),
            },
            runtime.Tts,
            runtime.Pacer,
            runtime.Media,
            runtime.Time,
            runtime.Loggers);

    internal static string NewRecordingPath()
    {
        var folder = Path.Combine(HostPaths.DataDirectory, "recordings");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"call-{Guid.NewGuid():N}.wav"[..17] + ".wav");
    }
}
