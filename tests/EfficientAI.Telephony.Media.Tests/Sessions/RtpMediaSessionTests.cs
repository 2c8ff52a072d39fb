using System.Net;
using System.Net.Sockets;
using EfficientAI.Telephony.Media.Codecs;
using EfficientAI.Telephony.Media.Pacing;
using EfficientAI.Telephony.Media.Rtp;
using EfficientAI.Telephony.Media.Sdp;
using EfficientAI.Telephony.Media.Sessions;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Media.Tests.Sessions;

/// <summary>Real UDP sockets on 127.0.0.1 and the real pacer. Assertions are on content and counts, not on timing.</summary>
[Collection("RTP sessions on loopback")]
public sealed class RtpMediaSessionTests : IDisposable
{
    private const int PortMin = 20000;
    private const int PortMax = 29999;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly MediaPacer _pacer = new(TimeProvider.System);

    public void Dispose() => _pacer.Dispose();

    [Fact]
    public async Task TwoSessions_ExchangeAToneForASecond_AndTheReceiverGetsEveryFrameIntact()
    {
        await using var alice = Bind();
        await using var bob = Bind();
        var tone = new ToneSource(frequency: 1000, amplitude: 8000);
        var silence = new ToneSource(frequency: 0, amplitude: 0);
        var atBob = new RecordingSink();
        var atAlice = new RecordingSink();

        // The transport itself: every packet to the sink as it arrives, none judged late by a jitter buffer.
        bob.JitterBuffer = null;
        alice.Start(Media(bob.LocalEndPoint), tone, atAlice);
        bob.Start(Media(alice.LocalEndPoint), silence, atBob);
        await Until(() => atBob.FrameCount >= 50);
        await alice.StopAsync();
        await Until(() => bob.Counters.PacketsReceived == alice.Counters.PacketsSent);
        await bob.StopAsync();

        var sent = alice.Counters;
        var received = bob.Counters;
        Assert.Equal(sent.PacketsSent, received.PacketsReceived);
        Assert.Equal(sent.PacketsSent * 160, sent.OctetsSent);
        Assert.Equal(sent.OctetsSent, received.OctetsReceived);
        Assert.Equal(0, received.PacketsLost);
        Assert.Equal(0, received.PacketsIgnored);
        Assert.Equal(0, received.PacketsFromUnexpectedSource);

        // Every frame, once, in order of remote position 0, 160, 320 …, carrying the tone through G.711.
        var frames = atBob.Frames.OrderBy(f => f.RemoteSampleIndex).ToList();
        Assert.Equal(Enumerable.Range(0, frames.Count).Select(i => i * 160L), frames.Select(f => f.RemoteSampleIndex));
        int worstError = 0;
        foreach (var frame in frames)
        {
            for (int i = 0; i < frame.Pcm.Length; i++)
            {
                short original = tone.SampleAt(tone.FirstSampleIndex + frame.RemoteSampleIndex + i);
                Assert.Equal(MuLaw.Decode(MuLaw.Encode(original)), frame.Pcm[i]);
                worstError = Math.Max(worstError, Math.Abs(frame.Pcm[i] - original));
            }
        }

        // At ±8000 the µ-law step is 256 (segment 5 of 14-bit values, ×4): half a step plus the dropped low bits.
        Assert.InRange(worstError, 1, 128 + 3);

        // Alice heard Bob's silence, which µ-law carries as exact zeros.
        Assert.True(atAlice.FrameCount > 0);
        Assert.All(atAlice.Frames, f => Assert.All(f.Pcm, s => Assert.Equal(0, s)));
    }

    [Fact]
    public async Task ReceiveOffset_OnLoopback_IsAliceFirstFrameOnBobsClock_PlusUnderAFrameOfTransit()
    {
        await using var alice = Bind();
        await using var bob = Bind();
        var tone = new ToneSource(440, 4000);
        var atBob = new RecordingSink();

        bob.Start(Media(alice.LocalEndPoint), new ToneSource(0, 0), atBob);
        alice.Start(Media(bob.LocalEndPoint), tone, new RecordingSink());
        await Until(() => atBob.FrameCount >= 25);

        // Remote index 0 is Alice's first frame, scheduled at the instant her clock reads FirstSampleIndex.
        long firstFrameOnBobsClock = bob.Clock.SampleIndexAt(alice.Clock.TimestampAt(tone.FirstSampleIndex));
        long transit = bob.ReceiveOffset - firstFrameOnBobsClock;
        Assert.True(bob.HasReceivedAudio);
        Assert.InRange(transit, -1, 159);
        Assert.All(atBob.Frames, f => Assert.True(f.ArrivalSampleIndex - f.RemoteSampleIndex >= bob.ReceiveOffset));
    }

    [Fact]
    public async Task Session_SendsOnePacketPerFrame_WithMarkerFirst_ConsecutiveSequence_AndTimestampsAFrameApart()
    {
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var session = Bind();
        var tone = new ToneSource(1000, 10000);

        session.Start(Media((IPEndPoint)peer.LocalEndPoint!), tone, new RecordingSink());
        var packets = await ReceivePackets(peer, 10);

        var headers = packets.Select(p => Header(p)).ToList();
        Assert.True(headers[0].Marker);
        Assert.All(headers.Skip(1), h => Assert.False(h.Marker));
        Assert.All(headers, h => Assert.Equal(0, h.PayloadType));
        Assert.All(headers, h => Assert.Equal(session.Ssrc, h.Ssrc));
        for (int i = 1; i < headers.Count; i++)
        {
            Assert.Equal(unchecked((ushort)(headers[0].SequenceNumber + i)), headers[i].SequenceNumber);
            Assert.Equal(unchecked(headers[0].Timestamp + (uint)(160 * i)), headers[i].Timestamp);
        }

        var expectedPayload = new byte[160];
        var pcm = new short[160];
        tone.ReadFrame(tone.FirstSampleIndex, pcm);
        MuLaw.Encode(pcm, expectedPayload);
        Assert.Equal(expectedPayload, packets[0][RtpHeader.FixedLength..]);
        Assert.InRange(tone.FirstSampleIndex, 0, 159);
    }

    [Fact]
    public async Task OnHold_TheSessionStopsSending_AndOnResume_ContinuesTheStreamWithTheMarkerSet()
    {
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var peerEndPoint = (IPEndPoint)peer.LocalEndPoint!;
        await using var session = Bind();
        session.Start(Media(peerEndPoint), new ToneSource(1000, 1000), new RecordingSink());
        var beforeHold = await ReceivePackets(peer, 3);

        session.UpdateMedia(Media(peerEndPoint) with { Direction = MediaDirection.RecvOnly });
        await Task.Delay(TimeSpan.FromMilliseconds(60));
        var straggler = Drain(peer);
        long sentAtHold = session.Counters.PacketsSent;
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        Assert.Equal(sentAtHold, session.Counters.PacketsSent);
        Assert.Empty(Drain(peer));

        session.UpdateMedia(Media(peerEndPoint));
        var resumed = Header((await ReceivePackets(peer, 1))[0]);

        var last = Header(straggler.Count > 0 ? straggler[^1] : beforeHold[^1]);
        Assert.True(resumed.Marker);
        Assert.Equal(unchecked((ushort)(last.SequenceNumber + 1)), resumed.SequenceNumber);
        uint gap = unchecked(resumed.Timestamp - last.Timestamp);
        Assert.True(gap >= 160 * 10 && gap % 160 == 0, $"timestamp gap {gap}");
    }

    [Fact]
    public async Task QueuedDtmf_ReachesThePeersSink_OnceAsStartAndOnceAsEnd_PerDigit()
    {
        await using var alice = Bind();
        await using var bob = Bind();
        var atBob = new RecordingSink();
        alice.Start(Media(bob.LocalEndPoint), new ToneSource(0, 0), new RecordingSink());
        bob.Start(Media(alice.LocalEndPoint), new ToneSource(0, 0), atBob);

        Assert.True(alice.QueueDtmf('1'));
        Assert.True(alice.QueueDtmf('#', TimeSpan.FromMilliseconds(60)));
        await Until(() => atBob.Dtmf.Count >= 4);
        await Task.Delay(TimeSpan.FromMilliseconds(100));

        var dtmf = atBob.Dtmf;
        Assert.Equal([('1', false), ('1', true), ('#', false), ('#', true)], dtmf.Select(d => (d.Digit, d.End)));
        Assert.Equal(800, dtmf[1].RemoteSampleIndex - dtmf[0].RemoteSampleIndex);
        Assert.Equal(480, dtmf[3].RemoteSampleIndex - dtmf[2].RemoteSampleIndex);

        // The second digit starts after the first's five packets (100 ms, the last tick sending the end) plus its two
        // retransmissions and two frames of audio: nine frames later.
        Assert.Equal(9 * 160, dtmf[2].RemoteSampleIndex - dtmf[0].RemoteSampleIndex);
    }

    [Fact]
    public async Task QueueDtmf_WithoutNegotiatedTelephoneEvent_ReturnsFalse()
    {
        await using var session = Bind();
        session.Start(Media(new IPEndPoint(IPAddress.Loopback, 9)) with { TelephoneEventPayloadType = null }, new ToneSource(0, 0), new RecordingSink());

        Assert.False(session.QueueDtmf('5'));
        Assert.Throws<ArgumentException>(() => session.QueueDtmf('x'));
    }

    [Fact]
    public async Task StopAsync_StopsSendingAndReleasesThePort_AndIsIdempotent()
    {
        var session = Bind();
        var port = session.LocalEndPoint.Port;
        var sink = new RecordingSink();
        var source = new ToneSource(1000, 1000);
        session.Start(Media(new IPEndPoint(IPAddress.Loopback, 9)), source, sink);
        await Until(() => source.Frames >= 3);

        await session.StopAsync();
        int framesAtStop = source.Frames;
        await Task.Delay(TimeSpan.FromMilliseconds(100));
        await session.StopAsync();
        await session.DisposeAsync();

        Assert.Equal(framesAtStop, source.Frames);
        using var rebound = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        rebound.Bind(new IPEndPoint(IPAddress.Loopback, port));
        Assert.Throws<InvalidOperationException>(() => session.Start(Media(new IPEndPoint(IPAddress.Loopback, 9)), source, sink));
    }

    [Fact]
    public async Task Bind_TakesAnEvenPort_InTheRange()
    {
        await using var session = Bind();

        Assert.Equal(0, session.LocalEndPoint.Port % 2);
        Assert.InRange(session.LocalEndPoint.Port, PortMin, PortMax);
        Assert.Equal(IPAddress.Loopback, session.LocalEndPoint.Address);
    }

    [Fact]
    public void Bind_WhenEveryEvenPortOfTheRangeIsTaken_ThrowsNamingTheRange()
    {
        var (first, occupied) = OccupyTwoEvenPorts();
        try
        {
            var error = Assert.Throws<RtpPortRangeExhaustedException>(
                () => RtpMediaSession.Bind(IPAddress.Loopback, first - 1, first + 3, TimeProvider.System, _pacer, NullLogger.Instance));

            Assert.Contains($"{first - 1}-{first + 3}", error.Message, StringComparison.Ordinal);
            Assert.Equal(first - 1, error.PortMin);
        }
        finally
        {
            foreach (var socket in occupied)
            {
                socket.Dispose();
            }
        }
    }

    [Fact]
    public void Bind_ToARangeWithoutAnEvenPort_IsAnArgumentError()
    {
        Assert.Throws<ArgumentException>(
            () => RtpMediaSession.Bind(IPAddress.Loopback, 20001, 20001, TimeProvider.System, _pacer, NullLogger.Instance));
    }

    private RtpMediaSession Bind() =>
        RtpMediaSession.Bind(IPAddress.Loopback, PortMin, PortMax, TimeProvider.System, _pacer, NullLogger.Instance);

    private static NegotiatedMedia Media(IPEndPoint remote) =>
        new(remote, MediaFormat.Pcmu, 101, 20, MediaDirection.SendRecv);

    private static RtpHeader Header(byte[] packet)
    {
        Assert.True(RtpHeader.TryRead(packet, out var header, out _, out _));
        return header;
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true in time");
            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
    }

    private static async Task<List<byte[]>> ReceivePackets(Socket socket, int count)
    {
        var packets = new List<byte[]>();
        var buffer = new byte[2048];
        using var timeout = new CancellationTokenSource(Patience);
        while (packets.Count < count)
        {
            int length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            packets.Add(buffer[..length]);
        }

        return packets;
    }

    private static List<byte[]> Drain(Socket socket)
    {
        var packets = new List<byte[]>();
        var buffer = new byte[2048];
        while (socket.Available > 0)
        {
            int length = socket.Receive(buffer);
            packets.Add(buffer[..length]);
        }

        return packets;
    }

    private static (int First, List<Socket> Occupied) OccupyTwoEvenPorts()
    {
        for (int candidate = 31000; candidate < 39000; candidate += 4)
        {
            var sockets = new List<Socket>();
            try
            {
                foreach (int port in new[] { candidate, candidate + 2 })
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    sockets.Add(socket);
                    socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                }

                return (candidate, sockets);
            }
            catch (SocketException)
            {
                foreach (var socket in sockets)
                {
                    socket.Dispose();
                }
            }
        }

        throw new InvalidOperationException("No two free even ports found to occupy.");
    }
}
