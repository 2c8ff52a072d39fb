using System.Net;
using System.Net.Sockets;
using EfficientAI.Telephony.Media.Codecs;
using EfficientAI.Telephony.Media.Pacing;
using EfficientAI.Telephony.Media.Playout;
using EfficientAI.Telephony.Media.Rtp;
using EfficientAI.Telephony.Media.Sdp;
using EfficientAI.Telephony.Media.Sessions;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Media.Tests.Playout;

/// <summary>The jitter buffer inside a real session: a raw socket plays the peer, so loss and order are chosen.</summary>
public sealed class PlayoutSessionTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly MediaPacer _pacer = new(TimeProvider.System);

    public void Dispose() => _pacer.Dispose();

    [Fact]
    public async Task WithAJitterBuffer_TheSinkGetsEveryPositionOnce_InOrder_OnThePacerThread_WithLossConcealed()
    {
        await using var session = RtpMediaSession.Bind(IPAddress.Loopback, 20000, 29999, TimeProvider.System, _pacer, NullLogger.Instance);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var sink = new ThreadRecordingSink();

        // Wide bounds, so that a loaded machine stalling the test's sender or the pacer for a while still leaves
        // every position to play or conceal; what happens at tighter bounds is the unit tests' business.
        session.JitterBuffer = new JitterBufferOptions(TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        session.Start(
            new NegotiatedMedia((IPEndPoint)peer.LocalEndPoint!, MediaFormat.Pcmu, null, 20, MediaDirection.SendRecv),
            new SilenceSource(),
            sink);

        // 50 packets of 20 ms from a dedicated thread on its own clock (the thread pool of a busy test run stalls,
        // and timer lateness would add up to drift), packet 20 never sent.
        var sender = new Thread(() =>
        {
            var packet = new byte[RtpHeader.FixedLength + 160];
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            for (int i = 0; i < 50; i++)
            {
                while (System.Diagnostics.Stopwatch.GetElapsedTime(start) < TimeSpan.FromMilliseconds(20 * i))
                {
                    Thread.Sleep(1);
                }

                if (i != 20)
                {
                    new RtpHeader(0, (ushort)(1000 + i), (uint)(5000 + (160 * i)), 0xFEED).Write(packet);
                    packet.AsSpan(RtpHeader.FixedLength).Fill(MuLaw.Encode((short)(100 * (i + 1))));
                    peer.SendTo(packet, session.LocalEndPoint);
                }
            }
        })
        { IsBackground = true, Priority = ThreadPriority.AboveNormal };
        sender.Start();
        Assert.True(sender.Join(Patience));

        await Until(() => session.Counters.Playout.FramesPlayed + session.Counters.Playout.FramesConcealed >= 50, () => session.Counters.ToString());
        var playedBeforeStop = sink.Frames;
        await session.StopAsync();
        var frames = sink.Frames.Where(f => f.Index < 50 * 160).ToList();

        Assert.Equal(Enumerable.Range(0, 50).Select(i => i * 160L), frames.Select(f => f.Index));
        Assert.All(playedBeforeStop, f => Assert.Equal("MediaPacer", f.Thread));

        // Packet 20 never came, so its position was concealed (what concealment sounds like is the unit tests' subject:
        // here a stalled receive loop could make any frame late).
        var counters = session.Counters;
        Assert.Equal(1, counters.PacketsLost);
        Assert.True(counters.Playout.FramesConcealed >= 1);
        Assert.True(counters.Playout.FramesPlayed + counters.Playout.PacketsLate + counters.Playout.PacketsOverflow == 49);
        Assert.True(counters.Playout.MeanAddedDelayMs >= 0);
    }

    private static async Task Until(Func<bool> condition, Func<string> describe)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            Assert.False(timeout.IsCancellationRequested, describe());
            await Task.Delay(TimeSpan.FromMilliseconds(10), CancellationToken.None);
        }
    }

    private sealed class SilenceSource : IMediaSource
    {
        public void ReadFrame(long sampleIndex, Span<short> frame) => frame.Clear();
    }

    private sealed class ThreadRecordingSink : IMediaSink
    {
        private readonly Lock _gate = new();
        private readonly List<(long Index, short[] Pcm, string? Thread)> _frames = [];

        public List<(long Index, short[] Pcm, string? Thread)> Frames
        {
            get
            {
                lock (_gate)
                {
                    return [.. _frames];
                }
            }
        }

        public void OnFrame(long remoteSampleIndex, long arrivalSampleIndex, ReadOnlySpan<short> pcm)
        {
            lock (_gate)
            {
                _frames.Add((remoteSampleIndex, pcm.ToArray(), Thread.CurrentThread.Name));
            }
        }

        public void OnDtmf(char digit, long remoteSampleIndex, bool end)
        {
        }
    }
}
