using System.Diagnostics;
using EfficientAI.Telephony.Calls;
using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.Media.Sessions;
using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Host.Bench;

/// <summary>What our UAC did in one media run.</summary>
public sealed record MediaClientResult(
    int Calls,
    int Failed,
    double Seconds,
    long PacketsSent,
    long PacketsReceived,
    long PacketsLost,
    long Frames,
    long LateFrames,
    double CpuSeconds,
    long ManagedBytesPerCall,
    string? FirstFailure);

/// <summary>
/// Holds <c>calls</c> full-duplex G.711 calls to an echoing peer for <c>seconds</c>: every call sends a 20 ms frame on
/// the shared pacer's grid and decodes what comes back through its jitter buffer, as a real test call does. CPU is
/// this process's over the media phase (all calls up → hang-up), not start-up or call set-up.
/// </summary>
internal static class MediaClient
{
    public static async Task<MediaClientResult> RunAsync(SipUri target, int calls, int seconds, CancellationToken cancellationToken)
    {
        await using var runtime = Runtime.Create(verbose: false);
        var dialer = runtime.Dialer();
        var tone = Tone();

        GC.Collect();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var dials = new Task<DialResult>[calls];
        for (var i = 0; i < calls; i++)
        {
            // 200 calls per second: set-up is not what this benchmark measures.
            dials[i] = dialer.DialAsync(target, new LoopSource(tone), CountingSink.Instance, new DialOptions { RingTimeout = TimeSpan.FromSeconds(30) }, cancellationToken);
            if (i % 10 == 9)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), runtime.Time, cancellationToken).ConfigureAwait(false);
            }
        }

        var results = await Task.WhenAll(dials).ConfigureAwait(false);
        var sessions = results.Where(r => r.Session is not null).Select(r => r.Session!).ToList();
        var firstFailure = results.FirstOrDefault(r => r.Session is null) is { } failedDial ? $"{failedDial.Outcome}: {failedDial.Cause}" : null;
        var memoryPerCall = (GC.GetTotalMemory(forceFullCollection: true) - memoryBefore) / Math.Max(1, sessions.Count);

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var before = sessions.Select(s => s.Media.Counters).ToList();
        var pacerTicks = runtime.Pacer.StreamTicksTotal;
        var pacerLate = runtime.Pacer.LateStreamTicksTotal;
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds), runtime.Time, cancellationToken).ConfigureAwait(false);
        var elapsed = clock.Elapsed.TotalSeconds;
        var after = sessions.Select(s => s.Media.Counters).ToList();
        var frames = runtime.Pacer.StreamTicksTotal - pacerTicks;
        var late = runtime.Pacer.LateStreamTicksTotal - pacerLate;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;

        var ended = sessions.Count(s => s.Ended.IsCompleted);
        await Task.WhenAll(sessions.Select(async s =>
        {
            await s.HangUpAsync(CancellationToken.None).ConfigureAwait(false);
            await s.DisposeAsync().ConfigureAwait(false);
        })).ConfigureAwait(false);

        return new MediaClientResult(
            calls,
            calls - sessions.Count + ended,
            elapsed,
            after.Sum(c => c.PacketsSent) - before.Sum(c => c.PacketsSent),
            after.Sum(c => c.PacketsReceived) - before.Sum(c => c.PacketsReceived),
            after.Sum(c => c.PacketsLost) - before.Sum(c => c.PacketsLost),
            frames,
            late,
            cpu,
            memoryPerCall,
            firstFailure ?? (ended > 0 ? $"{ended} call(s) ended by the peer during the media phase" : null));
    }

    /// <summary>Two seconds of a 440 Hz tone at -12 dBFS with a 4 Hz envelope: speech-like levels for the codec and the jitter buffer.</summary>
    private static short[] Tone()
    {
        var samples = new short[16000];
        for (var i = 0; i < samples.Length; i++)
        {
            var envelope = 0.5 + (0.5 * Math.Sin(2 * Math.PI * 4 * i / 8000.0));
            samples[i] = (short)(8000 * envelope * Math.Sin(2 * Math.PI * 440 * i / 8000.0));
        }

        return samples;
    }

    private sealed class LoopSource(short[] samples) : IMediaSource
    {
        public void ReadFrame(long sampleIndex, Span<short> frame)
        {
            var offset = (int)(sampleIndex % samples.Length);
            var first = Math.Min(frame.Length, samples.Length - offset);
            samples.AsSpan(offset, first).CopyTo(frame);
            samples.AsSpan(0, frame.Length - first).CopyTo(frame[first..]);
        }
    }

    private sealed class CountingSink : IMediaSink
    {
        public static readonly CountingSink Instance = new();

        public void OnFrame(long remoteSampleIndex, long arrivalSampleIndex, ReadOnlySpan<short> pcm)
        {
        }

        public void OnDtmf(char digit, long remoteSampleIndex, bool end)
        {
        }
    }
}
