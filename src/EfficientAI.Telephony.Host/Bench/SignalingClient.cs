using System.Diagnostics;
using System.Net;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.UserAgent;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Host.Bench;

/// <summary>What our UAC did in one signaling run.</summary>
public sealed record SignalingClientResult(int Calls, int Failed, double WallSeconds, double CpuSeconds, long AllocatedBytes, string? FirstFailure);

/// <summary>
/// Places calls at a fixed rate, signaling only: INVITE → 100/180/200 → ACK → BYE → 200, the same flow as SIPp's
/// built-in UAC scenario. CPU time is this process's, measured over the calling phase only (not JIT or start-up).
/// </summary>
internal static class SignalingClient
{
    private const string Sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    public static async Task<SignalingClientResult> RunAsync(SipUri target, int calls, int rate, CancellationToken cancellationToken)
    {
        await using var ua = SipUserAgent.Start(new SipUserAgentOptions { ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0), UserName = "bench" }, TimeProvider.System, NullLogger.Instance);

        // Warm up at the same rate first (tiered JIT recompiles hot methods during the first thousands of calls), so
        // the measurement is of steady state, as SIPp's is. Warm-up calls are not counted.
        await PlaceAtRateAsync(ua, target, Math.Clamp(calls / 5, 100, 2000), rate, cancellationToken).ConfigureAwait(false);

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();
        var (failed, firstFailure) = await PlaceAtRateAsync(ua, target, calls, rate, cancellationToken).ConfigureAwait(false);
        var wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        return new SignalingClientResult(calls, failed, wall, cpu, GC.GetTotalAllocatedBytes() - allocatedBefore, firstFailure);
    }

    private static async Task<(int Failed, string? FirstFailure)> PlaceAtRateAsync(SipUserAgent ua, SipUri target, int calls, int rate, CancellationToken cancellationToken)
    {
        var failed = 0;
        string? firstFailure = null;
        var tasks = new Task[calls];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            // Calls start on a fixed grid (i / rate); when ahead of it, yield a millisecond.
            var due = TimeSpan.FromSeconds((double)i / rate);
            while (clock.Elapsed < due)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }

            tasks[i] = RunCallAsync();
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        return (failed, firstFailure);

        async Task RunCallAsync()
        {
            var error = await PlaceOneAsync(ua, target, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstFailure, error, null);
            }
        }
    }

    /// <summary>One call; null when it went INVITE → 200 → ACK → BYE → 200, else why not.</summary>
    private static async Task<string?> PlaceOneAsync(SipUserAgent ua, SipUri target, CancellationToken cancellationToken)
    {
        var result = await ua.InviteAsync(new InviteRequest(target, Sdp) { RingTimeout = TimeSpan.FromSeconds(32) }, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return $"INVITE: {result.StatusCode} {result.ReasonPhrase}";
        }

        var end = await result.Dialog!.ByeAsync(cancellationToken).ConfigureAwait(false);
        return end.ByeStatus == 200 ? null : $"BYE: {end.ByeStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no response"}";
    }
}
