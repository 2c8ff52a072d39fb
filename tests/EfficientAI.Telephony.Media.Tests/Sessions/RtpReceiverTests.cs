using System.Net;
using EfficientAI.Telephony.Media.Codecs;
using EfficientAI.Telephony.Media.Rtp;
using EfficientAI.Telephony.Media.Sdp;
using EfficientAI.Telephony.Media.Sessions;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Media.Tests.Sessions;

/// <summary>The receive path without sockets: datagrams, sources and arrival times are chosen by the test.</summary>
public class RtpReceiverTests
{
    private static readonly IPEndPoint Peer = new(IPAddress.Loopback, 40000);
    private static readonly IPEndPoint Local = new(IPAddress.Loopback, 30000);
    private static readonly NegotiatedMedia Media = new(Peer, MediaFormat.Pcmu, 101, 20, MediaDirection.SendRecv);

    private readonly RecordingSink _sink = new();
    private readonly RtpReceiver _receiver;

    public RtpReceiverTests()
    {
        _receiver = new RtpReceiver(new PeerBinding(Media, Peer.AddressFamily), _sink, NullLogger.Instance, Local);
    }

    [Fact]
    public void AudioPacket_IsDecodedAndDelivered_AtItsRemoteAndArrivalIndices()
    {
        var pcm = Enumerable.Range(0, 160).Select(i => (short)(i * 100 - 8000)).ToArray();
        var payload = new byte[160];
        MuLaw.Encode(pcm, payload);

        Receive(Audio(seq: 10, timestamp: 90_000, payload), Peer, arrival: 1_000);
        Receive(Audio(seq: 11, timestamp: 90_160, payload), Peer, arrival: 1_165);

        var frames = _sink.Frames;
        Assert.Equal([0L, 160], frames.Select(f => f.RemoteSampleIndex));
        Assert.Equal([1_000L, 1_165], frames.Select(f => f.ArrivalSampleIndex));
        Assert.Equal(pcm.Select(s => MuLaw.Decode(MuLaw.Encode(s))), frames[0].Pcm);
        Assert.Equal(2, _receiver.PacketsReceived);
        Assert.Equal(320, _receiver.OctetsReceived);
    }

    [Fact]
    public void RemoteSampleIndex_IsUnwrappedAcrossTheRtpTimestampWrap()
    {
        uint start = uint.MaxValue - 100;
        for (int i = 0; i < 4; i++)
        {
            Receive(Audio((ushort)i, unchecked(start + (uint)(i * 160)), new byte[160]), Peer, arrival: 500 + (i * 160));
        }

        Assert.Equal([0L, 160, 320, 480], _sink.Frames.Select(f => f.RemoteSampleIndex));
    }

    [Fact]
    public void ReceiveOffset_IsTheMinimumTransit_SoALateFirstPacketDoesNotSkewIt()
    {
        // Remote positions 0, 160, 320, 480 arrive with transit 90, 12, 40, 15 samples after local 1000.
        long[] transit = [90, 12, 40, 15];
        for (int i = 0; i < transit.Length; i++)
        {
            Receive(Audio((ushort)i, (uint)(7_000 + (i * 160)), new byte[160]), Peer, arrival: 1_000 + (i * 160) + transit[i]);
        }

        Assert.True(_receiver.HasReceivedAudio);
        Assert.Equal(1_012, _receiver.ReceiveOffset);
    }

    [Fact]
    public void PacketsOfAnotherPayloadType_OrMalformed_AreIgnoredAndCounted()
    {
        Receive(Audio(1, 0, new byte[160]), Peer, 0);
        Receive(Packet(13, 2, 160, [0x40]), Peer, 160);
        Receive([0x80, 0x00, 0x00], Peer, 170);

        Assert.Single(_sink.Frames);
        Assert.Equal(2, _receiver.PacketsIgnored);
        Assert.Equal(1, _receiver.PacketsReceived);
    }

    [Fact]
    public void TelephoneEvent_IsReportedOnceAtItsStartAndOnceAtItsEnd_DespiteRetransmittedEndPackets()
    {
        Receive(Audio(1, 8_000, new byte[160]), Peer, 0);

        // RFC 4733 §2.5: digit '5' starting at timestamp 8160, updated every 20 ms, then three end packets.
        ushort seq = 2;
        foreach (ushort duration in new ushort[] { 160, 320, 480 })
        {
            Receive(Event(seq++, 8_160, new TelephoneEvent(5, false, 10, duration)), Peer, 0);
        }

        for (int i = 0; i < 3; i++)
        {
            Receive(Event(seq++, 8_160, new TelephoneEvent(5, true, 10, 640)), Peer, 0);
        }

        // The next digit, '#', has a later timestamp; a straggler of '5' arriving afterwards is ignored.
        Receive(Event(seq++, 9_600, new TelephoneEvent(11, false, 10, 160)), Peer, 0);
        Receive(Event(seq++, 8_160, new TelephoneEvent(5, true, 10, 640)), Peer, 0);
        Receive(Event(seq++, 9_600, new TelephoneEvent(11, true, 10, 400)), Peer, 0);

        Assert.Equal(
            [('5', 160L, false), ('5', 800L, true), ('#', 1600L, false), ('#', 2000L, true)],
            _sink.Dtmf);
        Assert.Equal(0, _receiver.PacketsLost);
    }

    [Fact]
    public void TelephoneEvent_WhoseStartWasLost_IsStillReportedAsStartThenEnd()
    {
        Receive(Event(1, 4_000, new TelephoneEvent(12, true, 10, 800)), Peer, 0);

        Assert.Equal([('A', 0L, false), ('A', 800L, true)], _sink.Dtmf);
    }

    [Fact]
    public void PacketsFromAnotherAddress_AreIgnored_OnceTheNegotiatedPeerHasSent()
    {
        Receive(Audio(1, 0, new byte[160]), Peer, 0);
        Receive(Audio(2, 160, new byte[160]), new IPEndPoint(IPAddress.Loopback, 40002), 160);
        Receive(Audio(3, 320, new byte[160]), new IPEndPoint(IPAddress.Parse("192.0.2.1"), 40000), 320);

        Assert.Single(_sink.Frames);
        Assert.Equal(2, _receiver.PacketsFromUnexpectedSource);
    }

    [Fact]
    public void BeforeTheNegotiatedPeerSends_TheFirstLoopbackSourceIsAccepted_AndOnlyThatOne()
    {
        var echo = new IPEndPoint(IPAddress.Loopback, 45678);
        Receive(Audio(1, 0, new byte[160]), echo, 0);
        Receive(Audio(2, 160, new byte[160]), echo, 160);
        Receive(Audio(3, 320, new byte[160]), new IPEndPoint(IPAddress.Loopback, 45680), 320);
        Receive(Audio(4, 480, new byte[160]), new IPEndPoint(IPAddress.Parse("192.0.2.1"), 40000), 480);

        Assert.Equal(2, _sink.FrameCount);
        Assert.Equal(2, _receiver.PacketsFromUnexpectedSource);

        // Once the negotiated address sends, the loopback stand-in is no longer accepted.
        Receive(Audio(5, 640, new byte[160]), Peer, 640);
        Receive(Audio(6, 800, new byte[160]), echo, 800);

        Assert.Equal(3, _sink.FrameCount);
        Assert.Equal(3, _receiver.PacketsFromUnexpectedSource);
    }

    [Fact]
    public void NewSsrc_ContinuesTheRemoteIndexOnTheLocalClock_AndRestartsSequenceTracking()
    {
        Receive(Audio(100, 50_000, new byte[160]), Peer, 1_000);
        Receive(Audio(101, 50_160, new byte[160]), Peer, 1_160);

        // The peer restarts its stream with a new SSRC, sequence and timestamp base, 1 s later.
        Receive(Audio(7, 3_000_000, new byte[160], ssrc: 0xBEEF), Peer, 9_160);
        Receive(Audio(8, 3_000_160, new byte[160], ssrc: 0xBEEF), Peer, 9_320);

        Assert.Equal([0L, 160, 8_160, 8_320], _sink.Frames.Select(f => f.RemoteSampleIndex));
        Assert.Equal(1_000, _receiver.ReceiveOffset);
        Assert.Equal(0, _receiver.PacketsLost);
    }

    [Fact]
    public void LossAndJitter_AreCounted_ForTheAudio()
    {
        Receive(Audio(1, 0, new byte[160]), Peer, 100);
        Receive(Audio(2, 160, new byte[160]), Peer, 260);
        Receive(Audio(5, 640, new byte[160]), Peer, 740 + 80);

        Assert.Equal(2, _receiver.PacketsLost);

        // Transit 100, 100, 180: one difference of 80 samples → J = 80/16 = 5 samples = 0.625 ms.
        Assert.Equal(0.625, _receiver.JitterMs, precision: 9);
    }

    private void Receive(byte[] datagram, IPEndPoint source, long arrival) =>
        _receiver.Process(datagram, source.Serialize(), arrival);

    private static byte[] Audio(ushort seq, uint timestamp, byte[] payload, uint ssrc = 0x1234) =>
        Packet(0, seq, timestamp, payload, ssrc);

    private static byte[] Event(ushort seq, uint timestamp, TelephoneEvent telephoneEvent)
    {
        var payload = new byte[TelephoneEvent.Length];
        telephoneEvent.Write(payload);
        return Packet(101, seq, timestamp, payload);
    }

    private static byte[] Packet(int payloadType, ushort seq, uint timestamp, byte[] payload, uint ssrc = 0x1234)
    {
        var packet = new byte[RtpHeader.FixedLength + payload.Length];
        new RtpHeader(payloadType, seq, timestamp, ssrc).Write(packet);
        payload.CopyTo(packet, RtpHeader.FixedLength);
        return packet;
    }
}
