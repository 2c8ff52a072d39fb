using System.CommandLine;
using System.Text.Json;
using EfficientAI.Telephony.Host.Bench;
using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Host.Cli;

/// <summary>`bench signaling`: side-by-side benchmarks with SIPp (numbers for closing notes, never timed tests).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var calls = new Option<int>("--calls") { Description = "Calls each client places", DefaultValueFactory = _ => 20_000 };
        var rate = new Option<int>("--rate") { Description = "Target calls per second", DefaultValueFactory = _ => 5_000 };
        var signaling = new Command("signaling", "SIPp UAC and our UAC, same calls at the same rate against sipp -sn uas; prints a table") { calls, rate };
        signaling.SetAction(async (parse, ct) =>
        {
            var rows = await SignalingBenchmark.RunAsync(parse.GetValue(calls), parse.GetValue(rate), typeof(BenchCommand).Assembly.Location, ct);
            Console.Out.Write(SignalingBenchmark.Table(rows, parse.GetValue(rate)));
            return rows.All(r => r.Failed == 0) ? 0 : 1;
        });

        var target = new Option<string>("--target") { Required = true };
        var clientCalls = new Option<int>("--calls") { DefaultValueFactory = _ => 1000 };
        var clientRate = new Option<int>("--rate") { DefaultValueFactory = _ => 1000 };
        var client = new Command("signaling-client", "Our UAC half of `bench signaling` (prints one JSON line)") { target, clientCalls, clientRate };
        client.Hidden = true;
        client.SetAction(async (parse, ct) =>
        {
            var result = await SignalingClient.RunAsync(SipUri.Parse(parse.GetRequiredValue(target)), parse.GetValue(clientCalls), parse.GetValue(clientRate), ct);
            Console.Out.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
            return 0;
        });

        return new Command("bench", "Benchmarks, side by side with SIPp where it applies") { signaling, client };
    }
}
