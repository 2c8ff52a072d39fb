using System.Net;
using System.Net.Sockets;
using EfficientAI.Telephony.Media.Pacing;
using EfficientAI.Telephony.Media.Rtp;
using EfficientAI.Telephony.Media.Sdp;
using EfficientAI.Telephony.Media.Sessions;
using EfficientAI.Telephony.Media.Tests.Codecs;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Media.Tests.Sessions;

/// <summary>
/// G.722 and Opus between real sessions on 127.0.0.1: the session's PCM stays 8 kHz, 160 samples a frame, while the
/// wire carries the codec's rate. Assertions are on content and counts, not on timing.
/// </summary>
[Collection("RTP sessions on loopback")]
public sealed class WidebandSessionTests : IDisposable
{
    private const int PortMin = 20000;
    private const int PortMax = 29999;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly MediaPacer _pacer = new(TimeProvider.System);

    public void Dispose() => _pacer.Dispose();

    public static TheoryData<string> Codecs => ["G722", "opus"];

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task A_tone_crosses_a_loopback_call_with_its_frequency_and_level(string codec)
    {
        var format = codec == "G722" ? MediaFormat.G722 : new MediaFormat(111, "opus", 48000, "useinbandfec=1");
        await using var alice = Bind();
        await using var bob = Bind();
        var tone = new ToneSource(frequency: 1000, amplitude: 8000);
        var atBob = new RecordingSink();

        bob.JitterBuffer = null;
        alice.Start(Media(bob.LocalEndPoint, format), tone, new RecordingSink());
        bob.Start(Media(alice.LocalEndPoint, format), new ToneSource(0, 0), atBob);
        await Until(() => atBob.FrameCount >= 50);
        await alice.StopAsync();
        await bob.StopAsync();

        Assert.Equal(160, bob.FrameSamples);
        var frames = atBob.Frames.OrderBy(f => f.RemoteSampleIndex).ToList();
        Assert.All(frames, f => Assert.Equal(160, f.Pcm.Length));

        // Remote indices are in 8 kHz samples whatever the RTP clock: 0, 160, 320 … (Opus timestamps step 960).
        Assert.Equal(Enumerable.Range(0, frames.Count).Select(i => i * 160L), frames.Select(f => f.RemoteSampleIndex));

        // After the codec and resamplers have settled: the tone, at its level.
        var pcm = frames.Skip(10).Take(40).SelectMany(f => f.Pcm).ToArray();
        Assert.Equal(1000, AudioAnalysis.DominantFrequency(pcm, 8000), 10);
        Assert.True(AudioAnalysis.PowerShareAt(pcm, 1000, 8000) > 0.9);
        Assert.InRange(AudioAnalysis.Rms(pcm), 8000 / Math.Sqrt(2) * 0.8, 8000 / Math.Sqrt(2) * 1.2);
    }

    [Theory]
    [InlineData("G722", 160, 160)]
    [InlineData("opus", 960, 0)]
    public async Task Rtp_timestamps_step_by_the_codecs_clock(string codec, int step, int payloadLength)
    {
        var format = codec == "G722" ? MediaFormat.G722 : MediaFormat.Opus;
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var session = Bind();

        session.Start(Media((IPEndPoint)peer.LocalEndPoint!, format), new ToneSource(1000, 8000), new RecordingSink());
        var packets = await ReceivePackets(peer, 10);

        var headers = packets.Select(p => { Assert.True(RtpHeader.TryRead(p, out var h, out _, out _)); return h; }).ToList();
        Assert.All(headers, h => Assert.Equal(format.PayloadType, h.PayloadType));
        for (int i = 1; i < headers.Count; i++)
        {
            // RFC 3551 §4.5.2: G.722's clock is 8000 though it samples at 16 kHz, so 20 ms is 160; Opus's is 48000.
            Assert.Equal(unchecked(headers[0].Timestamp + (uint)(step * i)), headers[i].Timestamp);
        }

        if (payloadLength > 0)
        {
            Assert.All(packets, p => Assert.Equal(RtpHeader.FixedLength + payloadLength, p.Length));
        }
    }

    [Fact]
    public async Task Dtmf_over_opus_uses_the_48_kHz_clock_and_arrives_in_8_kHz_indices()
    {
        await using var alice = Bind();
        await using var bob = Bind();
        var atBob = new RecordingSink();
        var media = (IPEndPoint remote) => Media(remote, MediaFormat.Opus) with { TelephoneEventPayloadType = 110 };
        alice.Start(media(bob.LocalEndPoint), new ToneSource(0, 0), new RecordingSink());
        bob.Start(media(alice.LocalEndPoint), new ToneSource(0, 0), atBob);

        Assert.True(alice.QueueDtmf('7', TimeSpan.FromMilliseconds(100)));
        await Until(() => atBob.Dtmf.Count >= 2);

        var dtmf = atBob.Dtmf;
        Assert.Equal([('7', false), ('7', true)], dtmf.Select(d => (d.Digit, d.End)));

        // 100 ms is 4800 units of the 48 kHz event clock on the wire and 800 samples of the session's 8 kHz.
        Assert.Equal(800, dtmf[1].RemoteSampleIndex - dtmf[0].RemoteSampleIndex);
    }

    private RtpMediaSession Bind() =>
        RtpMediaSession.Bind(IPAddress.Loopback, PortMin, PortMax, TimeProvider.System, _pacer, NullLogger.Instance);

    private static NegotiatedMedia Media(IPEndPoint remote, MediaFormat codec) =>
        new(remote, codec, null, 20, MediaDirection.SendRecv);

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
}
