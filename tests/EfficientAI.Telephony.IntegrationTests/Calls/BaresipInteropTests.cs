using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Evaluation.Dialplans;
using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.Host.Running;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.TestKit.Peers;

namespace EfficientAI.Telephony.IntegrationTests.Calls;

/// <summary>Our caller against baresip, a real SIP phone, auto-answering on loopback.</summary>
public sealed class BaresipInteropTests
{
    [Fact]
    public async Task Call_ToAutoAnsweringBaresip_Completes_HearsItsAudio_AndSendsOurs()
    {
        // baresip "says" one second of a 500 Hz tone after half a second of silence, then stays silent.
        var source = Path.Combine(Path.GetTempPath(), $"baresip-source-{Guid.NewGuid():N}.wav");
        var samples = new short[8000 * 12];
        for (var i = 4000; i < 12000; i++)
        {
            samples[i] = (short)(8000 * Math.Sin(2 * Math.PI * 500 * i / 8000.0));
        }

        await WavFile.WriteAsync(source, new AudioClip(samples, 8000), CancellationToken.None);
        await using var baresip = await BaresipAgent.StartAsync(source);
        var plan = DialplanLoader.Parse("""
            name: baresip
            target: "sip:bob@127.0.0.1"
            persona:
              lines: ["Hello, can you hear me?"]
            limits:
              maxSilenceSeconds: 3
            assertions:
              outcome: completed
            """, "baresip.yaml");
        await using var runtime = Runtime.Create(verbose: false);
        var (_, traces) = runtime.Caller();
        var runner = new CallRunner(runtime.Dialer(), traces, runtime.Tts, runtime.Time, runtime.Loggers);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = await runner.RunAsync(plan, SipUri.Parse(baresip.Uri), null, timeout.Token);

        var report = run.Report;
        Assert.True(report.Outcome == "completed", $"{report.Outcome}: {report.Cause}\n{baresip.Output}");
        Assert.Equal(200, report.SipStatus);
        Assert.True(report.Rtp.Received > 0 && report.Rtp.Sent > 0);
        // The tone is heard as the agent's first turn, about 0.5-1.5 s into the call; then our caller spoke.
        var first = Assert.Single(report.Turns, t => t.Speaker == "agent");
        Assert.InRange(first.EndMs - first.StartMs, 800, 1200);
        Assert.Contains(report.Turns, t => t.Speaker == "caller");
        File.Delete(source);
    }
}
