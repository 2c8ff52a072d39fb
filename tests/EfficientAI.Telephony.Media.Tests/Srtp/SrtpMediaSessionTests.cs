using System.Net;
using System.Net.Sockets;
using EfficientAI.Telephony.Media.Codecs;
using EfficientAI.Telephony.Media.Pacing;
using EfficientAI.Telephony.Media.Rtp;
using EfficientAI.Telephony.Media.Sdp;
using EfficientAI.Telephony.Media.Sessions;
using EfficientAI.Telephony.Media.Srtp;
using EfficientAI.Telephony.Media.Tests.Sessions;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Media.Tests.Srtp;

/// <summary>SRTP sessions over real UDP sockets on 127.0.0.1 with the real pacer; assertions on content and counts.</summary>
public sealed class SrtpMediaSessionTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly MediaPacer _pacer = new(TimeProvider.System);

    public void Dispose() => _pacer.Dispose();

    [Theory]
    [InlineData(SrtpCryptoSuite.AesCm128HmacSha1_80, false)]
    [InlineData(SrtpCryptoSuite.AesCm128HmacSha1_32, true)]
    public async Task TwoSessions_SrtpBothWays_DeliverEveryFrameIntact_AndExchangeSrtcpReports(SrtpCryptoSuite suite, bool rtcpMux)
    {
        var aliceKey = SrtpMasterKey.Generate(suite);
        var bobKey = SrtpMasterKey.Generate(suite);
        await using var alice = Bind();
        await using var bob = Bind();
        alice.RtcpInterval = TimeSpan.FromMilliseconds(200);
        bob.RtcpInterval = TimeSpan.FromMilliseconds(200);
        bob.JitterBuffer = null;
        alice.JitterBuffer = null;
        var tone = new ToneSource(frequency: 1000, amplitude: 8000);
        var otherTone = new ToneSource(frequency: 500, amplitude: 4000);
        var atBob = new RecordingSink();
        var atAlice = new RecordingSink();

        alice.Start(Media(bob.LocalEndPoint, new SrtpKeys(aliceKey, bobKey), rtcpMux), tone, atAlice);
        bob.Start(Media(alice.LocalEndPoint, new SrtpKeys(bobKey, aliceKey), rtcpMux), otherTone, atBob);
        Assert.True(alice.IsSecure);
        await Until(() => atBob.FrameCount >= 50 && atAlice.FrameCount >= 50
            && bob.Counters.Rtcp.ReportsReceived >= 2 && alice.Counters.Rtcp.ReportsReceived >= 2);
        await alice.StopAsync();
        await Until(() => bob.Counters.PacketsReceived == alice.Counters.PacketsSent);
        await bob.StopAsync();

        var received = bob.Counters;
        Assert.Equal(alice.Counters.PacketsSent, received.PacketsReceived);
        Assert.Equal(0, received.SrtpAuthFailures);
        Assert.Equal(0, received.SrtpReplayDiscarded);
        Assert.Equal(0, received.PacketsIgnored);
        Assert.Equal(0, received.Rtcp.ReportsIgnored);
        Assert.Equal(0, alice.Counters.SrtpAuthFailures);
        AssertTone(tone, atBob);
        AssertTone(otherTone, atAlice);
    }

    [Fact]
    public async Task OnTheWire_PayloadIsEncryptedAndTagged_AndThePeerKeyDecryptsIt()
    {
        var aliceKey = SrtpMasterKey.Generate(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var bobKey = SrtpMasterKey.Generate(SrtpCryptoSuite.AesCm128HmacSha1_80);
        using var wire = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        wire.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var alice = Bind();
        var tone = new ToneSource(frequency: 1000, amplitude: 8000);
        alice.Start(Media((IPEndPoint)wire.LocalEndPoint!, new SrtpKeys(aliceKey, bobKey), rtcpMux: true), tone, new RecordingSink());

        using var bob = new SrtpSession(bobKey, aliceKey);
        var buffer = new byte[2048];
        using var timeout = new CancellationTokenSource(Patience);
        int audio = 0;
        uint? firstTimestamp = null;
        while (audio < 10)
        {
            int length = await wire.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (buffer[1] is >= 200 and <= 204)
            {
                continue; // SRTCP
            }

            Assert.Equal(RtpHeader.FixedLength + 160 + 10, length);
            Assert.True(RtpHeader.TryRead(buffer.AsSpan(0, length - 10), out var header, out _, out _));
            // Loopback loses nothing: the first packet read is the source's first frame.
            firstTimestamp ??= header.Timestamp;
            var plainGuess = new byte[160];
            for (int i = 0; i < 160; i++)
            {
                plainGuess[i] = MuLaw.Encode(tone.SampleAt(tone.FirstSampleIndex + (header.Timestamp - firstTimestamp.Value) + i));
            }

            Assert.NotEqual(plainGuess, buffer.AsSpan(RtpHeader.FixedLength, 160).ToArray());
            Assert.Equal(SrtpUnprotectResult.Ok, bob.UnprotectRtp(buffer, length, out int rtpLength));
            Assert.Equal(plainGuess, buffer.AsSpan(RtpHeader.FixedLength, rtpLength - RtpHeader.FixedLength).ToArray());
            audio++;
        }
    }

    [Fact]
    public async Task InjectedGarbageAndForgedPackets_AreCountedAsAuthFailures_AndReplaysDiscarded_WhileAudioStaysClean()
    {
        var aliceKey = SrtpMasterKey.Generate(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var bobKey = SrtpMasterKey.Generate(SrtpCryptoSuite.AesCm128HmacSha1_80);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        attacker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var bob = Bind();
        bob.JitterBuffer = null;
        var atBob = new RecordingSink();
        bob.Start(Media((IPEndPoint)peer.LocalEndPoint!, new SrtpKeys(bobKey, aliceKey), rtcpMux: true), new ToneSource(0, 0), atBob);

        // The real peer: 40 frames of a constant level, protected with its key.
        using var alice = new SrtpSession(aliceKey, bobKey);
        var packet = new byte[256];
        var sentCopies = new List<byte[]>();
        for (int i = 0; i < 40; i++)
        {
            new RtpHeader(0, (ushort)(100 + i), (uint)(i * 160), 0x11223344).Write(packet);
            packet.AsSpan(RtpHeader.FixedLength, 160).Fill(MuLaw.Encode(1000));
            int length = alice.ProtectRtp(packet, RtpHeader.FixedLength + 160);
            sentCopies.Add(packet[..length]);
            await peer.SendToAsync(packet.AsMemory(0, length), SocketFlags.None, bob.LocalEndPoint);

            if (i % 4 == 1)
            {
                // Forged: a well-formed RTP header with the next sequence number, a loud payload and a random tag.
                var forged = new byte[RtpHeader.FixedLength + 160 + 10];
                new RtpHeader(0, (ushort)(101 + i), (uint)((i + 1) * 160), 0x11223344).Write(forged);
                forged.AsSpan(RtpHeader.FixedLength, 160).Fill(MuLaw.Encode(30000));
                Random.Shared.NextBytes(forged.AsSpan(RtpHeader.FixedLength + 160));
                await attacker.SendToAsync(forged, SocketFlags.None, bob.LocalEndPoint);
            }
            else if (i % 4 == 3)
            {
                var garbage = new byte[1 + (i * 7)];
                Random.Shared.NextBytes(garbage);
                await attacker.SendToAsync(garbage, SocketFlags.None, bob.LocalEndPoint);
            }
        }

        // Replays of genuine packets, from the peer's own address: authentic but already seen.
        for (int i = 0; i < 5; i++)
        {
            await peer.SendToAsync(sentCopies[10 + i], SocketFlags.None, bob.LocalEndPoint);
        }

        await Until(() => bob.Counters.PacketsReceived == 40 && bob.Counters.SrtpAuthFailures == 20 && bob.Counters.SrtpReplayDiscarded == 5);
        await bob.StopAsync();

        var counters = bob.Counters;
        Assert.Equal(40, counters.PacketsReceived);
        Assert.Equal(20, counters.SrtpAuthFailures);
        Assert.Equal(5, counters.SrtpReplayDiscarded);
        Assert.Equal(0, counters.PacketsIgnored);
        Assert.Equal(40, atBob.FrameCount);
        short level = MuLaw.Decode(MuLaw.Encode(1000));
        Assert.All(atBob.Frames, f => Assert.All(f.Pcm, s => Assert.Equal(level, s)));
    }

    private static void AssertTone(ToneSource tone, RecordingSink sink)
    {
        var frames = sink.Frames.OrderBy(f => f.RemoteSampleIndex).ToList();
        Assert.True(frames.Count >= 50);
        Assert.Equal(Enumerable.Range(0, frames.Count).Select(i => i * 160L), frames.Select(f => f.RemoteSampleIndex));
        foreach (var frame in frames)
        {
            for (int i = 0; i < frame.Pcm.Length; i++)
            {
                Assert.Equal(MuLaw.Decode(MuLaw.Encode(tone.SampleAt(tone.FirstSampleIndex + frame.RemoteSampleIndex + i))), frame.Pcm[i]);
            }
        }
    }

    private RtpMediaSession Bind() =>
        RtpMediaSession.Bind(IPAddress.Loopback, 20000, 29999, TimeProvider.System, _pacer, NullLogger.Instance);

    private static NegotiatedMedia Media(IPEndPoint remote, SrtpKeys keys, bool rtcpMux) =>
        new(remote, MediaFormat.Pcmu, 101, 20, MediaDirection.SendRecv, rtcpMux, Srtp: keys);

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true in time");
            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
    }
}
