using System.Net;
using EfficientAI.Telephony.Media.Codecs;
using EfficientAI.Telephony.Media.Playout;
using EfficientAI.Telephony.Media.Recording;
using EfficientAI.Telephony.Media.Rtp;
using EfficientAI.Telephony.Media.Sdp;
using EfficientAI.Telephony.Media.Sessions;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Media.Tests.Sessions;

/// <summary>
/// The per-packet and per-frame paths allocate nothing once warm (ARCHITECTURE.md, "Memory and hot paths"),
/// measured with the current thread's allocation counter.
/// </summary>
public class SteadyStateAllocationTests
{
    [Fact]
    public void RtpReceiver_Process_AllocatesNothingPerPacket()
    {
        var peer = new IPEndPoint(IPAddress.Loopback, 40000);
        var media = new NegotiatedMedia(peer, MediaFormat.Pcmu, 101, 20, MediaDirection.SendRecv);
        var receiver = new RtpReceiver(new PeerBinding(media, peer.AddressFamily), new DiscardingSink(), NullLogger.Instance, peer);
        var source = peer.Serialize();
        var packet = new byte[RtpHeader.FixedLength + 160];

        void Feed(int from, int count)
        {
            for (int i = from; i < from + count; i++)
            {
                new RtpHeader(0, (ushort)i, (uint)(i * 160), 0x1234).Write(packet);
                receiver.Process(packet, source, i * 160);
            }
        }

        Feed(0, 200);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Feed(200, 1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(1200, receiver.PacketsReceived);
    }

    [Fact]
    public void RtpReceiver_WithJitterBufferAndRtcp_ProcessAndPlayOut_AllocateNothingPerPacket()
    {
        var peer = new IPEndPoint(IPAddress.Loopback, 40000);
        var media = new NegotiatedMedia(peer, MediaFormat.Pcmu, 101, 20, MediaDirection.SendRecv, RtcpMux: true);
        var rtcp = new RtcpReporter(TimeProvider.System, 0xABCD, 8000, TimeSpan.FromSeconds(5));
        var playout = new JitterBuffer(8000, 160, JitterBufferOptions.Default);
        var receiver = new RtpReceiver(new PeerBinding(media, peer.AddressFamily), new DiscardingSink(), NullLogger.Instance, peer, rtcp, playout);
        var source = peer.Serialize();
        var packet = new byte[RtpHeader.FixedLength + 160];
        var report = new byte[RtcpReporter.MaxCompoundLength];
        int reportLength = new RtcpReporter(TimeProvider.System, 0x1234, 8000, TimeSpan.FromSeconds(5))
            .Write(report, TimeProvider.System.GetTimestamp(), default, 10, null, false);

        void Feed(int from, int count)
        {
            for (int i = from; i < from + count; i++)
            {
                if (i % 23 != 7)
                {
                    new RtpHeader(0, (ushort)i, (uint)(i * 160), 0x1234).Write(packet);
                    receiver.Process(packet, source, (i * 160) + 40);
                }

                receiver.PlayOut((i * 160) + 40);
                if (i % 250 == 0)
                {
                    receiver.Process(report.AsSpan(0, reportLength), source, (i * 160) + 40);
                    receiver.TryTakeReceptionReport(out _);
                }
            }
        }

        Feed(0, 300);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Feed(300, 1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(receiver.PlayoutCounters.FramesConcealed > 30);
        Assert.True(rtcp.Counters.ReportsReceived >= 4);
    }

    [Fact]
    public void RtpReceiver_Process_WithG722_AllocatesNothingPerPacket()
    {
        var peer = new IPEndPoint(IPAddress.Loopback, 40000);
        var media = new NegotiatedMedia(peer, MediaFormat.G722, 101, 20, MediaDirection.SendRecv);
        var binding = new PeerBinding(media, peer.AddressFamily);
        var receiver = new RtpReceiver(binding, new DiscardingSink(), NullLogger.Instance, peer);
        var source = peer.Serialize();
        var packet = new byte[RtpHeader.FixedLength + 160];
        var tone = new short[160];
        for (int i = 0; i < tone.Length; i++)
        {
            tone[i] = (short)(6000 * Math.Sin(2 * Math.PI * i / 16));
        }

        // The sender's side of the same binding: 8 kHz frame → 1:2 resampler → G.722 → 160 octets.
        var sender = new PeerBinding(media, peer.AddressFamily);
        long octets = 0;

        void Feed(int from, int count)
        {
            for (int i = from; i < from + count; i++)
            {
                new RtpHeader(9, (ushort)i, (uint)(i * 160), 0x1234).Write(packet);
                octets += sender.Pipeline.Encode(tone, packet.AsSpan(RtpHeader.FixedLength));
                receiver.Process(packet, source, i * 160);
            }
        }

        Feed(0, 200);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Feed(200, 1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(1200, receiver.PacketsReceived);
        Assert.Equal(1200 * 160, octets);
    }

    [Fact]
    public void G722_EncodeAndDecode_AllocateNothing()
    {
        var codec = new G722Codec();
        var pcm = new short[320];
        var payload = new byte[160];
        codec.Encode(pcm, payload);
        codec.Decode(payload, pcm);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            codec.Encode(pcm, payload);
            codec.Decode(payload, pcm);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void G711_SpanEncodeAndDecode_AllocateNothing()
    {
        var pcm = new short[160];
        var payload = new byte[160];
        PcmuCodec.Instance.Encode(pcm, payload);
        PcmaCodec.Instance.Decode(payload, pcm);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            PcmuCodec.Instance.Encode(pcm, payload);
            PcmuCodec.Instance.Decode(payload, pcm);
            PcmaCodec.Instance.Encode(pcm, payload);
            PcmaCodec.Instance.Decode(payload, pcm);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void StereoWavRecorder_Writes_AllocateNothingPerFrame()
    {
        string path = Path.Combine(Path.GetTempPath(), $"alloc-{Guid.NewGuid():N}.wav");
        try
        {
            using var recorder = new StereoWavRecorder(path, 8000);
            var frame = new short[160];
            for (int f = 0; f < 200; f++)
            {
                recorder.WriteLeft(f * 160, frame);
                recorder.WriteRight(f * 160, frame);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int f = 200; f < 1200; f++)
            {
                recorder.WriteLeft(f * 160, frame);
                recorder.WriteRight((f * 160) - 80, frame);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class DiscardingSink : IMediaSink
    {
        public void OnFrame(long remoteSampleIndex, long arrivalSampleIndex, ReadOnlySpan<short> pcm)
        {
        }

        public void OnDtmf(char digit, long remoteSampleIndex, bool end)
        {
        }
    }
}
