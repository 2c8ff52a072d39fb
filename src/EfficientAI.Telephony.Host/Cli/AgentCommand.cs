using System.CommandLine;
using System.Net;
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
        var verbose = CommonOptions.Verbose();
        var command = new Command("agent", "Run the built-in reference voice agent") { listen, greeting, replies, delay, groundTruth, verbose };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                if (!IPEndPoint.TryParse(parse.GetRequiredValue(listen), out var endpoint))
                {
                    Console.Error.WriteLine($"efficientai: --listen '{parse.GetValue(listen)}' is not address:port");
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
}
