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

        var mediaCalls = new Option<string>("--calls") { Description = "Concurrent calls, one run per count (comma-separated)", DefaultValueFactory = _ => "100,500,1000" };
        var seconds = new Option<int>("--seconds") { Description = "Seconds of media per call", DefaultValueFactory = _ => 20 };
        seconds.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 600)
            {
                r.AddError("--seconds must be between 1 and 600");
            }
        });
        var media = new Command("media", "SIPp UAC playing a G.711 pcap and our full-duplex UAC, same calls against sipp -sn uas -rtp_echo; prints a table") { mediaCalls, seconds };
        media.SetAction(async (parse, ct) =>
        {
            var counts = parse.GetValue(mediaCalls)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(c => int.TryParse(c, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 2000 ? n : -1).ToList();
            if (counts.Count == 0 || counts.Any(c => c < 0))
            {
                Console.Error.WriteLine($"efficientai: --calls '{parse.GetValue(mediaCalls)}' must be counts from 1 to 2000, comma-separated");
                return 2;
            }

            var rows = await MediaBenchmark.RunAsync(counts, parse.GetValue(seconds), typeof(BenchCommand).Assembly.Location, ct);
            Console.Out.Write(MediaBenchmark.Table(rows, parse.GetValue(seconds)));
            return rows.All(r => r.Failed == 0) ? 0 : 1;
        });

        var mediaTarget = new Option<string>("--target") { Required = true };
        var mediaClientCalls = new Option<int>("--calls") { DefaultValueFactory = _ => 100 };
        var mediaClientSeconds = new Option<int>("--seconds") { DefaultValueFactory = _ => 20 };
        var mediaClient = new Command("media-client", "Our UAC half of `bench media` (prints one JSON line)") { mediaTarget, mediaClientCalls, mediaClientSeconds };
        mediaClient.Hidden = true;
        mediaClient.SetAction(async (parse, ct) =>
        {
            var result = await MediaClient.RunAsync(SipUri.Parse(parse.GetRequiredValue(mediaTarget)), parse.GetValue(mediaClientCalls), parse.GetValue(mediaClientSeconds), ct);
            Console.Out.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
            return 0;
        });

        var soakCalls = new Option<int>("--calls") { Description = "Concurrent calls kept going", DefaultValueFactory = _ => 200 };
        var soakMinutes = new Option<double>("--minutes") { Description = "How long", DefaultValueFactory = _ => 10 };
        soakCalls.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                r.AddError("--calls must be between 1 and 1000");
            }
        });
        soakMinutes.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is < 0.1 or > 240)
            {
                r.AddError("--minutes must be between 0.1 and 240");
            }
        });
        var soak = new Command("soak", "Concurrent demo calls against the reference agent for a while: memory trend, open files, failures") { soakCalls, soakMinutes };
        soak.SetAction(async (parse, ct) =>
        {
            var result = await SoakBenchmark.RunAsync(parse.GetValue(soakCalls), parse.GetValue(soakMinutes), Console.Error, ct);
            Console.Out.Write(SoakBenchmark.Table(result, parse.GetValue(soakCalls), parse.GetValue(soakMinutes)));
            return result.Passed ? 0 : 1;
        });

        var waves = new Option<string>("--calls") { Description = "Concurrent scripted calls per wave (comma-separated)", DefaultValueFactory = _ => "25,50,100" };
        var pipeline = new Command("pipeline", "Waves of concurrent scripted calls against the reference agent: late frames, CPU per call, the harness's own audio delays, latency error") { waves };
        pipeline.SetAction(async (parse, ct) =>
        {
            var counts = parse.GetValue(waves)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(c => int.TryParse(c, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1000 ? n : -1).ToList();
            if (counts.Count == 0 || counts.Any(c => c < 0))
            {
                Console.Error.WriteLine($"efficientai: --calls '{parse.GetValue(waves)}' must be counts from 1 to 1000, comma-separated");
                return 2;
            }

            var rows = await PipelineBenchmark.RunAsync(counts, typeof(BenchCommand).Assembly.Location, ct);
            Console.Out.Write(PipelineBenchmark.Table(rows));
            return rows.All(r => r.Failed == 0) ? 0 : 1;
        });

        return new Command("bench", "Benchmarks, side by side with SIPp where it applies") { signaling, client, media, mediaClient, soak, pipeline };
    }
}
