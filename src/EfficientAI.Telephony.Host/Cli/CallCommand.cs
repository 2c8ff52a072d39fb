using System.CommandLine;
using EfficientAI.Telephony.Host.Dialplans;
using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.Host.Running;
using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Host.Cli;

/// <summary>`call &lt;sip-uri&gt;`: one call with a dialplan's persona; exit code from its assertions.</summary>
internal static class CallCommand
{
    /// <summary>The dialplan used when none is given: say hello, expect the call to complete.</summary>
    private const string DefaultDialplan = """
        name: default
        persona:
          type: scripted
          lines:
            - "Hello, this is a test call. Can you hear me?"
        limits:
          maxDurationSeconds: 60
          maxSilenceSeconds: 5
        assertions:
          outcome: completed
        """;

    public static Command Create()
    {
        var target = new Argument<string>("target") { Description = "The SIP URI to call, e.g. sip:agent@127.0.0.1:5080" };
        var json = CommonOptions.Json();
        var verbose = CommonOptions.Verbose();
        var record = CommonOptions.Record();
        var dialplan = CommonOptions.Dialplan();
        var noStore = new Option<bool>("--no-store") { Description = "Do not write the result to PostgreSQL" };
        var command = new Command("call", "Place one call and print the report") { target, json, verbose, record, dialplan, noStore };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var text = parse.GetRequiredValue(target);
                if (!SipUri.TryParse(text, out var uri, out var error) || !uri.IsSip)
                {
                    Console.Error.WriteLine($"efficientai: '{text}' is not a SIP URI ({error ?? "only sip: and sips: can be called"}); example: sip:agent@127.0.0.1:5080");
                    return 2;
                }

                var file = parse.GetValue(dialplan);
                var plan = file is null ? DialplanLoader.Parse(DefaultDialplan, "(default dialplan)") : DialplanLoader.Load(file.FullName);
                await using var runtime = Runtime.Create(parse.GetValue(verbose));
                await using var store = parse.GetValue(noStore) ? null : await ResultStore.OpenAsync(runtime.Configuration, runtime.Loggers, ct);
                var (_, traces) = runtime.Caller();
                var runner = new CallRunner(runtime.Dialer(), traces, runtime.Tts, runtime.Time, runtime.Loggers);
                var run = await runner.RunAsync(plan, uri, parse.GetValue(record), ct);
                return await CallOutput.FinishAsync(run, store, parse.GetValue(json), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return CallOutput.Fail(ex);
            }
        });
        return command;
    }
}
