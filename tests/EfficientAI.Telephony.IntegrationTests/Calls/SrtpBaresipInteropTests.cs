using EfficientAI.Telephony.Calls;
using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Evaluation.Dialplans;
using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.Host.Running;
using EfficientAI.Telephony.Media.Srtp;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.TestKit.Peers;

namespace EfficientAI.Telephony.IntegrationTests.Calls;

/// <summary>
/// SRTP interop with an independent implementation: baresip's srtp module (libre/librem's own SRTP) with SDES keys,
/// auto-answering on loopback. We hear its tone only if we decrypt its SRTP, and its stream sees our RTP only if it
/// decrypts ours.
/// </summary>
public sealed class SrtpBaresipInteropTests
{
    [Theory]
    [InlineData("srtp-mand", SrtpMode.Require)]
    [InlineData("srtp", SrtpMode.Offer)]
    public async Task SrtpCall_ToBaresip_BothSidesDecryptEachOther(string baresipMediaEncryption, SrtpMode ours)
    {
        var source = Path.Combine(Path.GetTempPath(), $"baresip-srtp-source-{Guid.NewGuid():N}.wav");
        var samples = new short[8000 * 12];
        for (var i = 4000; i < 12000; i++)
        {
            samples[i] = (short)(8000 * Math.Sin(2 * Math.PI * 500 * i / 8000.0));
        }

        await WavFile.WriteAsync(source, new AudioClip(samples, 8000), CancellationToken.None);
        await using var baresip = await BaresipAgent.StartAsync(source, baresipMediaEncryption);
        var plan = DialplanLoader.Parse("""
            name: baresip-srtp
            target: "sip:bob@127.0.0.1"
            persona:
              lines: ["Hello, can you hear me?"]
            limits:
              maxSilenceSeconds: 3
            assertions:
              outcome: completed
            """, "baresip-srtp.yaml");
        await using var runtime = Runtime.Create(verbose: false);
        var (userAgent, traces) = runtime.Caller();
        var dialer = new CallDialer(userAgent, runtime.Pacer, runtime.Media with { Srtp = ours }, runtime.Time, runtime.Loggers);
        var runner = new CallRunner(dialer, traces, runtime.Tts, runtime.Time, runtime.Loggers);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = await runner.RunAsync(plan, SipUri.Parse(baresip.Uri), null, timeout.Token);

        var report = run.Report;
        Assert.True(report.Outcome == "completed", $"{report.Outcome}: {report.Cause}\n{baresip.Output}");
        Assert.True(report.Rtp.Received > 0 && report.Rtp.Sent > 0);
        // We decrypted baresip's SRTP: its tone is the agent's turn, about a second long.
        var first = Assert.Single(report.Turns, t => t.Speaker == "agent");
        Assert.InRange(first.EndMs - first.StartMs, 800, 1200);

        // baresip decrypted ours: its srtp module drops what fails to unprotect (logging "failed to decrypt"), so its
        // stream sees incoming RTP only once a packet of ours passed authentication and decryption. (This baresip's
        // aufile module cannot record, so its log is the evidence.)
        Assert.Contains("SRTP is Enabled (cryptosuite=AES_CM_128_HMAC_SHA1_80)", baresip.Output, StringComparison.Ordinal);
        Assert.Contains("incoming rtp for 'audio' established", baresip.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("failed to decrypt", baresip.Output, StringComparison.Ordinal);
        File.Delete(source);
    }
}
