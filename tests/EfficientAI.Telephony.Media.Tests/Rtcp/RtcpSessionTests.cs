using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using EfficientAI.Telephony.Media.Pacing;
using EfficientAI.Telephony.Media.Rtcp;
using EfficientAI.Telephony.Media.Rtp;
using EfficientAI.Telephony.Media.Sdp;
using EfficientAI.Telephony.Media.Sessions;
using EfficientAI.Telephony.Media.Tests.Sessions;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Media.Tests.Rtcp;

/// <summary>Two real sessions on 127.0.0.1 exchanging RTCP, multiplexed and on the RTP port + 1.</summary>
public sealed class RtcpSessionTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly MediaPacer _pacer = new(TimeProvider.System);

    public void Dispose() => _pacer.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TwoSessions_ExchangeReports_AndEachLearnsTheRoundTripAndThePeersViewOfItsStream(bool mux)
    {
        await using var alice = Bind();
        await using var bob = Bind();
        alice.Start(Media(bob.LocalEndPoint, mux), new ToneSource(440, 4000), new RecordingSink());
        bob.Start(Media(alice.LocalEndPoint, mux), new ToneSource(880, 4000), new RecordingSink());

        // The round trip needs an SR one way and a report reflecting it the other way.
        await Until(() => alice.Counters.Rtcp.RoundTripMs is not null && bob.Counters.Rtcp.RoundTripMs is not null);

        var a = alice.Counters;
        var b = bob.Counters;
        Assert.InRange(a.Rtcp.RoundTripMs!.Value, 0, 1000);
        Assert.NotNull(a.Rtcp.PeerReport);
        Assert.Equal(0, a.Rtcp.PeerReport!.Value.CumulativeLost);
        Assert.NotNull(b.Rtcp.PeerPacketsSent);
        Assert.InRange(b.Rtcp.PeerPacketsSent!.Value, 1, a.PacketsSent);
        Assert.Equal(b.Rtcp.PeerPacketsSent * 160, b.Rtcp.PeerOctetsSent);

        // Reports are not audio: nothing was ignored and nothing came from an unexpected source.
        Assert.Equal(0, a.PacketsIgnored + b.PacketsIgnored);
        Assert.Equal(0, a.Rtcp.ReportsIgnored + b.Rtcp.ReportsIgnored);
        Assert.Equal(0, a.PacketsLost + b.PacketsLost);
    }

    [Fact]
    public async Task Stop_SendsAByeInACompoundPacket_ThatThePeerNotes()
    {
        await using var alice = Bind();
        await using var bob = Bind();
        alice.Start(Media(bob.LocalEndPoint, mux: false), new ToneSource(440, 4000), new RecordingSink());
        bob.Start(Media(alice.LocalEndPoint, mux: false), new ToneSource(0, 0), new RecordingSink());
        await Until(() => bob.Counters.PacketsReceived > 5);

        await alice.StopAsync();

        await Until(() => bob.Counters.Rtcp.PeerSentBye);
        Assert.True(alice.Counters.Rtcp.ReportsSent >= 1);
    }

    [Fact]
    public async Task WithoutMux_ReportsGoToTheRtpPortPlusOne_AsAnSrThenSdesCname()
    {
        var (rtp, rtcp) = BindPeerPair();
        using (rtp)
        using (rtcp)
        {
            await using var session = Bind();
            session.Start(Media((IPEndPoint)rtp.LocalEndPoint!, mux: false), new ToneSource(440, 4000), new RecordingSink());

            var buffer = new byte[2048];
            using var timeout = new CancellationTokenSource(Patience);
            int length = await rtcp.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            var datagram = buffer.AsSpan(0, length);

            Assert.True(RtcpCompoundReader.IsValid(datagram));
            var reader = new RtcpCompoundReader(datagram);
            Assert.True(reader.TryRead(out var first));
            Assert.Equal((byte)RtcpPacketType.SenderReport, first.Type);
            Assert.Equal(0, first.Count); // nothing received from the peer yet, so no report block
            Assert.Equal(session.Ssrc, BinaryPrimitives.ReadUInt32BigEndian(first.Body));
            Assert.True(reader.TryRead(out var second));
            Assert.Equal((byte)RtcpPacketType.SourceDescription, second.Type);
            Assert.Equal(1, second.Body[4]); // CNAME item
            Assert.InRange(second.Body[5], 1, 255);
        }
    }

    [Fact]
    public async Task RtcpSentOnTheRtpPort_WithoutMux_IsIgnored_NotDecodedAsAudio()
    {
        await using var session = Bind();
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var sink = new RecordingSink();
        session.Start(Media((IPEndPoint)peer.LocalEndPoint!, mux: false), new ToneSource(0, 0), sink);
        var rr = new byte[8];
        RtcpCompoundWriter.WriteReceiverReport(rr, 77, []);

        await peer.SendToAsync(rr, SocketFlags.None, session.LocalEndPoint);

        await Until(() => session.Counters.PacketsIgnored == 1);
        Assert.Equal(0, sink.FrameCount);
        Assert.Equal(0, session.Counters.Rtcp.ReportsReceived);
    }

    [Fact]
    public async Task RtcpSentOnTheRtpPort_WithMux_IsAReport()
    {
        await using var session = Bind();
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        session.Start(Media((IPEndPoint)peer.LocalEndPoint!, mux: true), new ToneSource(0, 0), new RecordingSink());
        var rr = new byte[8];
        RtcpCompoundWriter.WriteReceiverReport(rr, 77, []);

        await peer.SendToAsync(rr, SocketFlags.None, session.LocalEndPoint);

        await Until(() => session.Counters.Rtcp.ReportsReceived == 1);
        Assert.Equal(0, session.Counters.PacketsIgnored);
    }

    [Fact]
    public async Task Bind_ReservesTheOddPortAfterTheRtpPort_AndMuxReleasesIt()
    {
        await using var session = Bind();
        int rtcpPort = session.LocalEndPoint.Port + 1;
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var error = Assert.Throws<SocketException>(() => probe.Bind(new IPEndPoint(IPAddress.Loopback, rtcpPort)));
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);

        session.Start(Media(new IPEndPoint(IPAddress.Loopback, 9), mux: true), new ToneSource(0, 0), new RecordingSink());

        probe.Bind(new IPEndPoint(IPAddress.Loopback, rtcpPort));
    }

    [Fact]
    public void Receiver_ReportBlock_CarriesFractionAndCumulativeLoss_ThenANewIntervalStartsAtZero()
    {
        var peer = new IPEndPoint(IPAddress.Loopback, 40000);
        var media = new NegotiatedMedia(peer, MediaFormat.Pcmu, null, 20, MediaDirection.SendRecv);
        var receiver = new RtpReceiver(new PeerBinding(media, peer.AddressFamily), new RecordingSink(), NullLogger.Instance, peer);
        var packet = new byte[RtpHeader.FixedLength + 160];

        // 100 sequence numbers from 65500 across the wrap, every tenth missing.
        for (int i = 0; i < 100; i++)
        {
            if (i % 10 == 5)
            {
                continue;
            }

            new RtpHeader(0, unchecked((ushort)(65500 + i)), (uint)(i * 160), 0x5555).Write(packet);
            receiver.Process(packet, peer.Serialize(), i * 160);
        }

        Assert.True(receiver.TryTakeReceptionReport(out var block));
        Assert.Equal(0x5555u, block.Ssrc);
        Assert.Equal(10, block.CumulativeLost);
        Assert.Equal((byte)(10 * 256 / 100), block.FractionLost);
        Assert.Equal(65536u + 63, block.ExtendedHighestSequence); // 65500 + 99 = 65599 = one cycle + 63

        Assert.True(receiver.TryTakeReceptionReport(out var next));
        Assert.Equal(0, next.FractionLost);
        Assert.Equal(10, next.CumulativeLost);
    }

    private static (Socket Rtp, Socket Rtcp) BindPeerPair()
    {
        for (int port = 41000; port < 49000; port += 2)
        {
            var rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var rtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                rtp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                rtcp.Bind(new IPEndPoint(IPAddress.Loopback, port + 1));
                return (rtp, rtcp);
            }
            catch (SocketException)
            {
                rtp.Dispose();
                rtcp.Dispose();
            }
        }

        throw new InvalidOperationException("No free port pair for the peer.");
    }

    private RtpMediaSession Bind()
    {
        var session = RtpMediaSession.Bind(IPAddress.Loopback, 20000, 29999, TimeProvider.System, _pacer, NullLogger.Instance);
        session.RtcpInterval = TimeSpan.FromMilliseconds(200);
        return session;
    }

    private static NegotiatedMedia Media(IPEndPoint remote, bool mux) =>
        new(remote, MediaFormat.Pcmu, 101, 20, MediaDirection.SendRecv, mux);

    private static async Task Until(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), timeout.Token);
        }
    }
}
