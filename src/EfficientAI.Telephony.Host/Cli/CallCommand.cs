using System.CommandLine;
using EfficientAI.Telephony.Evaluation.Dialplans;
using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.Host.Reports;
using EfficientAI.Telephony.Host.Running;
using EfficientAI.Telephony.Host.Trunks;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.UserAgent;

namespace EfficientAI.Telephony.Host.Cli;

/// <summary>`call &lt;sip-uri&gt;`: one call with a dialplan's persona; exit code from its assertions.</summary>
internal static class CallCommand
{
    /// <summary>The dialplan used when none is given: say hello, expect the call to complete.</summary>
    private static string DefaultDialplan(string target) => $$"""
        name: default
        target: "{{target}}"
        persona:
          type: scripted
          lines:
            - "Hello, this is a test call. Can you hear me?"
        limits:
          maxDurationSeconds: 60
          maxSilenceSeconds: 5
        assertions:
          outcome: answered
        """;

    public static Command Create()
    {
        var target = new Argument<string>("target") { Description = "The SIP URI to call, e.g. sip:agent@127.0.0.1:5080; with --trunk, an E.164 number such as +15551234567" };
        var trunk = new Option<string?>("--trunk") { Description = "Dial the number through the trunk configured as Trunks:<NAME> (host, credentials, outbound proxy)" };
        var json = CommonOptions.Json();
        var verbose = CommonOptions.Verbose();
        var record = CommonOptions.Record();
        var dialplan = CommonOptions.Dialplan();
        var junit = ReportOptions.JUnit();
        var html = ReportOptions.Html();
        var noStore = new Option<bool>("--no-store") { Description = "Do not write the result to PostgreSQL" };
        var repeat = CommonOptions.Repeat();
        var command = new Command("call", "Place one call and print the report") { target, trunk, json, verbose, record, dialplan, noStore, junit, html, repeat };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var text = parse.GetRequiredValue(target);
                var trunkOptions = parse.GetValue(trunk) is { } trunkName ? TrunkOptions.Load(Runtime.LoadConfiguration(), trunkName) : null;
                SipUri? uri = trunkOptions?.TargetFor(text);
                string? error = null;
                if (uri is null && (!SipUri.TryParse(text, out uri, out error) || !uri.IsSip))
                {
                    Console.Error.WriteLine($"efficientai: '{text}' is not a SIP URI ({error ?? "only sip: and sips: can be called"}); example: sip:agent@127.0.0.1:5080");
                    return 2;
                }

                var file = parse.GetValue(dialplan);
                var plan = file is null ? DialplanLoader.Parse(DefaultDialplan(uri.ToString()), "(default dialplan)") : DialplanLoader.Load(file.FullName);
                await using var runtime = Runtime.Create(parse.GetValue(verbose));
                if (trunkOptions is not null)
                {
                    // The carrier's challenges are answered with the trunk's credentials; its proxy is the first hop,
                    // reached over the trunk's transport.
                    runtime.UseTrunk(trunkOptions);
                }

                // sip:…;transport=tcp, sips: and the trunk's Transport start the transport they need (RFC 3263 §4.1).
                runtime.RequireTransport(SipUserAgent.ProtocolFor(trunkOptions?.ToAccount().OutboundProxy ?? uri, trunkOptions?.Transport));

                await using var store = parse.GetValue(noStore) ? null : await ResultStore.OpenAsync(runtime.Configuration, runtime.Loggers, ct);
                var runner = runtime.Runner();
                var count = parse.GetValue(repeat) ?? plan.Repeat;
                var runs = await runner.RunSeriesAsync(plan, uri, count, i => ReportFiles.Numbered(parse.GetValue(record), i, count), ct);
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
}
