using System.CommandLine;
using EfficientAI.Telephony.Evaluation.Dialplans;
using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.Host.Reports;
using EfficientAI.Telephony.Host.Running;
using EfficientAI.Telephony.ReferenceAgent;
using EfficientAI.Telephony.Conversation.Agent;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Sip.Messages;

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
        var repeat = CommonOptions.Repeat();
        var command = new Command("demo", "Call the built-in reference agent with dialplans/demo.yaml, store and print the result") { json, verbose, record, dialplan, junit, html, repeat };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var plan = DialplanLoader.Load(parse.GetValue(dialplan)?.FullName ?? HostPaths.Dialplan("demo.yaml"));
                await using var runtime = Runtime.Create(parse.GetValue(verbose));
                await using var store = await ResultStore.OpenAsync(runtime.Configuration, runtime.Loggers, ct);
                var recording = parse.GetValue(record) ?? NewRecordingPath();
                var count = parse.GetValue(repeat) ?? plan.Repeat;
                var runs = await RunAgainstReferenceAgentAsync(runtime, plan, count, i => ReportFiles.Numbered(recording, i, count), ct);
                await ReportFiles.WriteAsync(runs, parse.GetValue(junit), parse.GetValue(html), ct);
                return await CallOutput.FinishAsync(plan.Name, runs, store, parse.GetValue(json), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return CallOutput.Fail(ex);
            }
        });
        return command;
    }

    /// <summary>
    /// <paramref name="repeat"/> calls of <paramref name="plan"/> to a reference agent started for them (with the
    /// dialplan's agent settings), each measured against the agent's own ground truth; the agent stops when they are
    /// done. Used by `demo` and the API.
    /// </summary>
    internal static async Task<IReadOnlyList<CallRun>> RunAgainstReferenceAgentAsync(Runtime runtime, Dialplan plan, int repeat, Func<int, string?> recording, CancellationToken ct)
    {
        await using var agent = StartAgent(runtime, plan);
        var runner = runtime.Runner(
            groundTruth: async (callId, token) => [.. (await agent.GroundTruthAsync(callId, token)).Turns.Select(t => t.LatencyMs)],
            agentScript: async (callId, token) => [.. OpeningLines(plan.Agent), .. (await agent.GroundTruthAsync(callId, token)).Turns.Select(t => t.ReplyText)]);
        return await runner.RunSeriesAsync(plan, agent.Uri, repeat, recording, ct);
    }

    /// <summary>One call of <paramref name="plan"/> to a reference agent started for it.</summary>
    internal static async Task<CallRun> RunAgainstReferenceAgentAsync(Runtime runtime, Dialplan plan, string recording, CancellationToken ct) =>
        (await RunAgainstReferenceAgentAsync(runtime, plan, 1, _ => recording, ct))[0];

    internal static ReferenceAgentServer StartAgent(Runtime runtime, Dialplan plan) =>
        ReferenceAgentServer.Start(
            AgentOptions(plan.Agent) with { Listen = new(System.Net.IPAddress.Parse(runtime.Options.SipAddress), 0) },
            runtime.Tts,
            runtime.Pacer,
            runtime.Media,
            runtime.Time,
            runtime.Loggers);

    /// <summary>What the reference agent says before it answers anything: its greeting and menu, played back to back as one turn.</summary>
    internal static IEnumerable<string> OpeningLines(AgentSpec agent)
    {
        if (agent.Silent)
        {
            yield break;
        }

        yield return agent.Ivr?.Prompt is { } prompt ? $"{agent.Greeting} {prompt}" : agent.Greeting;
    }

    /// <summary>The reference agent as the dialplan's agent section describes it.</summary>
    internal static ReferenceAgentOptions AgentOptions(AgentSpec agent)
    {
        SipUri? transferUri = null;
        string? transferUser = null;
        if (agent.TransferTo is { } transfer && !SipUri.TryParse(transfer, out transferUri, out _))
        {
            transferUser = transfer;
        }

        return new ReferenceAgentOptions
        {
            Greeting = agent.Greeting,
            Replies = agent.Replies.Count > 0 ? agent.Replies : new ReferenceAgentOptions().Replies,
            ReplyDelay = TimeSpan.FromMilliseconds(agent.ReplyDelayMs),
            ReplyDelayMax = agent.ReplyDelayMaxMs is { } max ? TimeSpan.FromMilliseconds(max) : null,
            Seed = agent.Seed,
            GreetingDelay = TimeSpan.FromMilliseconds(agent.GreetingDelayMs),
            Silent = agent.Silent,
            StopWhenInterrupted = agent.StopWhenInterruptedMs is not null,
            StopAfterInterruption = TimeSpan.FromMilliseconds(agent.StopWhenInterruptedMs ?? 0),
            InterruptCallerAfter = agent.InterruptCallerAfterMs is { } after ? TimeSpan.FromMilliseconds(after) : null,
            Ivr = agent.Ivr is { Prompt: { } prompt } ivr
                ? new IvrMenu(prompt, ivr.Options.Where(o => o.Key is { Length: 1 } && o.Say is not null).ToDictionary(o => o.Key![0], o => o.Say!), ivr.InvalidChoice)
                : null,
            DtmfAfterOpening = agent.SendDtmf,
            HangUpDuringReply = agent.HangUpDuringReply,
            HangUpAfter = TimeSpan.FromMilliseconds(agent.HangUpAfterMs),
            HoldMusic = agent.HoldMusicMs is { } music ? TimeSpan.FromMilliseconds(music) : null,
            Voicemail = agent.Voicemail,
            TransferTo = transferUri,
            TransferToUser = transferUser,
            TransferAfter = TimeSpan.FromMilliseconds(agent.TransferAfterMs),
            HoldAfter = agent.HoldAfterMs is { } hold ? TimeSpan.FromMilliseconds(hold) : null,
            HoldFor = TimeSpan.FromMilliseconds(agent.HoldMs),
            Voice = new VoiceOptions(agent.Voice),
        };
    }

    internal static string NewRecordingPath()
    {
        var folder = Path.Combine(HostPaths.DataDirectory, "recordings");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"call-{Guid.NewGuid():N}.wav"[..17] + ".wav");
    }
}
