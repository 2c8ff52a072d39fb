using System.CommandLine;
using System.Net;
using EfficientAI.Telephony.Conversation.Agent;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.ReferenceAgent;

namespace EfficientAI.Telephony.Host.Cli;

/// <summary>`agent --listen 127.0.0.1:5080`: runs the reference voice agent until stopped.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "SIP address:port to listen on (UDP)", DefaultValueFactory = _ => "127.0.0.1:5080" };
        var greeting = new Option<string?>("--greeting") { Description = "What the agent says when it answers" };
        var replies = new Option<string[]>("--reply") { Description = "A reply line (repeat for several; used in order, cycled)", AllowMultipleArgumentsPerToken = false };
        var delay = new Option<int>("--reply-delay-ms") { Description = "Extra delay before each reply, after the caller's end of turn" };
        var groundTruth = new Option<string?>("--ground-truth") { Description = "Append one JSON line of ground truth per call to this file" };
        var delayMax = new Option<int?>("--reply-delay-max-ms") { Description = "Draw each reply delay uniformly from [--reply-delay-ms, this]" };
        var seed = new Option<int>("--seed") { Description = "Seed of the random reply delays (call n uses seed + n)" };
        var greetingDelay = new Option<int>("--greeting-delay-ms") { Description = "Silence before the greeting (a slow greeting)" };
        var silent = new Option<bool>("--silent") { Description = "Never say anything" };
        var stopAfter = new Option<int?>("--stop-when-interrupted-ms") { Description = "Stop talking this long after the caller starts speaking over the agent (default: never stop)" };
        var interruptAfter = new Option<int?>("--interrupt-after-ms") { Description = "Start replying this long after the caller starts speaking, talking over them" };
        var ivrPrompt = new Option<string?>("--ivr-prompt") { Description = "Say this menu after the greeting; keys pressed choose the reply" };
        var ivrOptions = new Option<string[]>("--ivr-option") { Description = "A menu choice as KEY=line (repeat)", AllowMultipleArgumentsPerToken = false };
        var sendDtmf = new Option<string?>("--send-dtmf") { Description = "Digits the agent presses after its opening" };
        var hangUpReply = new Option<int>("--hang-up-during-reply") { Description = "Hang up during this reply (1 = the first)" };
        var hangUpAfter = new Option<int>("--hang-up-after-ms") { Description = "How far into that reply to hang up", DefaultValueFactory = _ => 500 };
        var holdMusic = new Option<int?>("--hold-music-ms") { Description = "Play generated hold music this long after the greeting" };
        var voicemail = new Option<bool>("--voicemail") { Description = "Act as voicemail: greeting, beep, then silence" };
        var transferTo = new Option<string?>("--transfer-to") { Description = "Transfer each call to this SIP URI (REFER), then hang up" };
        var transferAfter = new Option<int>("--transfer-after-ms") { Description = "When to transfer, after answering", DefaultValueFactory = _ => 3000 };
        var holdAfter = new Option<int?>("--hold-after-ms") { Description = "Put the caller on hold (re-INVITE sendonly) this long after answering" };
        var holdFor = new Option<int>("--hold-ms") { Description = "How long to hold before resuming", DefaultValueFactory = _ => 2000 };
        var verbose = CommonOptions.Verbose();
        var command = new Command("agent", "Run the built-in reference voice agent")
        {
            listen, greeting, replies, delay, groundTruth, delayMax, seed, greetingDelay, silent, stopAfter, interruptAfter,
            ivrPrompt, ivrOptions, sendDtmf, hangUpReply, hangUpAfter, holdMusic, voicemail, transferTo, transferAfter, holdAfter, holdFor, verbose,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                if (!IPEndPoint.TryParse(parse.GetRequiredValue(listen), out var endpoint))
                {
                    Console.Error.WriteLine($"efficientai: --listen '{parse.GetValue(listen)}' is not address:port");
                    return 2;
                }

                Sip.Messages.SipUri? transferTarget = null;
                if (parse.GetValue(transferTo) is { } transferText && !Sip.Messages.SipUri.TryParse(transferText, out transferTarget, out var uriError))
                {
                    Console.Error.WriteLine($"efficientai: --transfer-to '{transferText}' is not a SIP URI: {uriError}");
                    return 2;
                }

                await using var runtime = Runtime.Create(parse.GetValue(verbose));
                var defaults = new ReferenceAgentOptions();
                var lines = parse.GetValue(replies);
                await using var agent = ReferenceAgentServer.Start(
                    new ReferenceAgentOptions
                    {
                        Listen = endpoint,
                        Greeting = parse.GetValue(greeting) ?? defaults.Greeting,
                        Replies = lines is { Length: > 0 } ? lines : defaults.Replies,
                        ReplyDelay = TimeSpan.FromMilliseconds(parse.GetValue(delay)),
                        GroundTruthPath = parse.GetValue(groundTruth),
                        Voice = VoiceOptions.Default,
                        ReplyDelayMax = parse.GetValue(delayMax) is { } max ? TimeSpan.FromMilliseconds(max) : null,
                        Seed = parse.GetValue(seed),
                        GreetingDelay = TimeSpan.FromMilliseconds(parse.GetValue(greetingDelay)),
                        Silent = parse.GetValue(silent),
                        StopWhenInterrupted = parse.GetValue(stopAfter) is not null,
                        StopAfterInterruption = TimeSpan.FromMilliseconds(parse.GetValue(stopAfter) ?? 0),
                        InterruptCallerAfter = parse.GetValue(interruptAfter) is { } after ? TimeSpan.FromMilliseconds(after) : null,
                        Ivr = parse.GetValue(ivrPrompt) is { } prompt ? new IvrMenu(prompt, ParseIvrOptions(parse.GetValue(ivrOptions) ?? [])) : null,
                        DtmfAfterOpening = parse.GetValue(sendDtmf),
                        HangUpDuringReply = parse.GetValue(hangUpReply),
                        HangUpAfter = TimeSpan.FromMilliseconds(parse.GetValue(hangUpAfter)),
                        HoldMusic = parse.GetValue(holdMusic) is { } hold ? TimeSpan.FromMilliseconds(hold) : null,
                        Voicemail = parse.GetValue(voicemail),
                        TransferTo = transferTarget,
                        TransferAfter = TimeSpan.FromMilliseconds(parse.GetValue(transferAfter)),
                        HoldAfter = parse.GetValue(holdAfter) is { } holdMs ? TimeSpan.FromMilliseconds(holdMs) : null,
                        HoldFor = TimeSpan.FromMilliseconds(parse.GetValue(holdFor)),
                    },
                    runtime.Tts,
                    runtime.Pacer,
                    runtime.Media,
                    runtime.Time,
                    runtime.Loggers);
                Console.Out.WriteLine($"reference agent listening on {agent.Uri}");
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, runtime.Time, ct);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C / SIGTERM: stop cleanly
                }

                return 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return CallOutput.Fail(ex);
            }
        });
        return command;
    }

    /// <summary>"1=Sales" → '1' → "Sales"; a malformed choice names itself and the expected shape.</summary>
    private static Dictionary<char, string> ParseIvrOptions(string[] values)
    {
        var options = new Dictionary<char, string>();
        foreach (var value in values)
        {
            if (value.Length < 3 || value[1] != '=')
            {
                throw new ArgumentException($"--ivr-option '{value}' is not KEY=line (for example 1=Sales).");
            }

            options[char.ToUpperInvariant(value[0])] = value[2..];
        }

        return options;
    }
}
