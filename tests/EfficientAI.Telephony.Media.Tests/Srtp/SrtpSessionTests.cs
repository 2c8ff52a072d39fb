using System.Buffers.Binary;
using EfficientAI.Telephony.Media.Rtp;
using EfficientAI.Telephony.Media.Srtp;

namespace EfficientAI.Telephony.Media.Tests.Srtp;

/// <summary>SRTP/SRTCP protect and unprotect (RFC 3711 §3.3, §3.4) between two sessions keyed as SDES keys them.</summary>
public class SrtpSessionTests
{
    private static (SrtpSession Alice, SrtpSession Bob) Pair(SrtpCryptoSuite suite)
    {
        var aliceKey = SrtpMasterKey.Generate(suite);
        var bobKey = SrtpMasterKey.Generate(suite);
        return (new SrtpSession(aliceKey, bobKey), new SrtpSession(bobKey, aliceKey));
    }

    private static int WriteRtp(byte[] buffer, ushort sequence, byte fill = 0x5A, int payload = 160)
    {
        new RtpHeader(0, sequence, (uint)(sequence * 160), 0xCAFEBABE).Write(buffer);
        buffer.AsSpan(RtpHeader.FixedLength, payload).Fill(fill);
        return RtpHeader.FixedLength + payload;
    }

    [Theory]
    [InlineData(SrtpCryptoSuite.AesCm128HmacSha1_80, 10)]
    [InlineData(SrtpCryptoSuite.AesCm128HmacSha1_32, 4)]
    public void Rtp_RoundTrip_EncryptsPayloadAndAppendsTag(SrtpCryptoSuite suite, int tag)
    {
        var (alice, bob) = Pair(suite);
        var buffer = new byte[256];
        int length = WriteRtp(buffer, 1000);
        var plain = buffer.AsSpan(0, length).ToArray();

        int protectedLength = alice.ProtectRtp(buffer, length);

        Assert.Equal(length + tag, protectedLength);
        Assert.Equal(plain.AsSpan(0, RtpHeader.FixedLength).ToArray(), buffer.AsSpan(0, RtpHeader.FixedLength).ToArray());
        Assert.NotEqual(plain.AsSpan(RtpHeader.FixedLength).ToArray(), buffer.AsSpan(RtpHeader.FixedLength, length - RtpHeader.FixedLength).ToArray());
        Assert.Equal(SrtpUnprotectResult.Ok, bob.UnprotectRtp(buffer, protectedLength, out int rtpLength));
        Assert.Equal(plain, buffer.AsSpan(0, rtpLength).ToArray());
    }

    [Fact]
    public void Rtp_WithCsrcAndExtension_LeavesTheWholeHeaderInClear()
    {
        var (alice, bob) = Pair(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var buffer = new byte[256];
        // V=2, X=1, CC=1; one CSRC; a one-word extension; then 20 octets of payload.
        byte[] header = Convert.FromHexString("9100002A0000000111223344" + "55667788" + "BEDE0001" + "10FF0000");
        header.CopyTo(buffer, 0);
        buffer.AsSpan(header.Length, 20).Fill(7);
        int length = header.Length + 20;
        var plain = buffer.AsSpan(0, length).ToArray();

        int protectedLength = alice.ProtectRtp(buffer, length);

        Assert.Equal(header, buffer.AsSpan(0, header.Length).ToArray());
        Assert.Equal(SrtpUnprotectResult.Ok, bob.UnprotectRtp(buffer, protectedLength, out int rtpLength));
        Assert.Equal(plain, buffer.AsSpan(0, rtpLength).ToArray());
    }

    [Theory]
    [InlineData(SrtpCryptoSuite.AesCm128HmacSha1_80, 3)]
    [InlineData(SrtpCryptoSuite.AesCm128HmacSha1_80, 100)]
    [InlineData(SrtpCryptoSuite.AesCm128HmacSha1_32, 0)]
    [InlineData(SrtpCryptoSuite.AesCm128HmacSha1_32, 173)]
    public void Rtp_TamperedOctet_FailsAuthentication(SrtpCryptoSuite suite, int octet)
    {
        var (alice, bob) = Pair(suite);
        var buffer = new byte[256];
        int length = alice.ProtectRtp(buffer, WriteRtp(buffer, 5));
        buffer[octet] ^= 0x01;

        Assert.Equal(SrtpUnprotectResult.AuthenticationFailed, bob.UnprotectRtp(buffer, length, out _));
    }

    [Fact]
    public void Rtp_WrongKey_FailsAuthentication()
    {
        var (alice, _) = Pair(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var (_, eve) = Pair(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var buffer = new byte[256];
        int length = alice.ProtectRtp(buffer, WriteRtp(buffer, 5));

        Assert.Equal(SrtpUnprotectResult.AuthenticationFailed, eve.UnprotectRtp(buffer, length, out _));
    }

    [Fact]
    public void Rtp_TooShort_IsMalformed()
    {
        var (_, bob) = Pair(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var buffer = new byte[64];
        buffer[0] = 0x80;
        Assert.Equal(SrtpUnprotectResult.Malformed, bob.UnprotectRtp(buffer, 21, out _));
    }

    [Fact]
    public void Rtp_ReplayedPacket_IsRejected_AndOldOutOfOrderPacketWithinWindowIsAccepted()
    {
        var (alice, bob) = Pair(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var packets = new byte[100][];
        for (ushort s = 0; s < 100; s++)
        {
            var buffer = new byte[256];
            int length = alice.ProtectRtp(buffer, WriteRtp(buffer, (ushort)(s + 10)));
            packets[s] = buffer.AsSpan(0, length).ToArray();
        }

        SrtpUnprotectResult Deliver(int i)
        {
            var copy = new byte[256];
            packets[i].CopyTo(copy, 0);
            return bob.UnprotectRtp(copy, packets[i].Length, out _);
        }

        Assert.Equal(SrtpUnprotectResult.Ok, Deliver(0));
        Assert.Equal(SrtpUnprotectResult.Replayed, Deliver(0));
        for (int i = 2; i < 90; i++)
        {
            if (i != 40)
            {
                Assert.Equal(SrtpUnprotectResult.Ok, Deliver(i));
            }
        }

        Assert.Equal(SrtpUnprotectResult.Replayed, Deliver(50));
        Assert.Equal(SrtpUnprotectResult.Ok, Deliver(40));    // late but inside the 64-packet window
        Assert.Equal(SrtpUnprotectResult.Replayed, Deliver(1)); // 88 behind: older than the window
        Assert.Equal(SrtpUnprotectResult.Ok, Deliver(99));
    }

    [Fact]
    public void Rtp_RolloverAcrossSequence65535_KeepsDecrypting_WithTheRightIndex()
    {
        var (alice, bob) = Pair(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var buffer = new byte[256];
        byte fill = 0;
        for (int i = 65000; i < 65536 + 600; i++)
        {
            ushort sequence = (ushort)i;
            fill++;
            int length = alice.ProtectRtp(buffer, WriteRtp(buffer, sequence, fill));
            Assert.Equal(SrtpUnprotectResult.Ok, bob.UnprotectRtp(buffer, length, out int rtpLength));
            Assert.Equal(sequence, BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2)));
            Assert.All(buffer.AsSpan(RtpHeader.FixedLength, rtpLength - RtpHeader.FixedLength).ToArray(), b => Assert.Equal(fill, b));
        }
    }

    [Fact]
    public void Rtp_RolloverWithReordering_AcceptsThePacketFromBeforeTheWrap()
    {
        var (alice, bob) = Pair(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var before = new byte[256];
        var after = new byte[256];
        var last = new byte[256];
        int lastLength = alice.ProtectRtp(last, WriteRtp(last, 65534, 1));
        int beforeLength = alice.ProtectRtp(before, WriteRtp(before, 65535, 2));
        int afterLength = alice.ProtectRtp(after, WriteRtp(after, 0, 3));

        Assert.Equal(SrtpUnprotectResult.Ok, bob.UnprotectRtp(last, lastLength, out _));
        Assert.Equal(SrtpUnprotectResult.Ok, bob.UnprotectRtp(after, afterLength, out _));   // ROC 1 now
        Assert.Equal(SrtpUnprotectResult.Ok, bob.UnprotectRtp(before, beforeLength, out int l)); // still ROC 0
        Assert.Equal(2, before[RtpHeader.FixedLength]);
        Assert.Equal(3, after[RtpHeader.FixedLength]);
    }

    [Fact]
    public void Rtp_ReceiverDerivingTheWrongRoc_FailsAuthentication()
    {
        // A receiver that joined after the wrap thinks ROC is 0: the ROC is authenticated, so the packet fails.
        var (alice, bob) = Pair(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var buffer = new byte[256];
        for (int i = 65530; i < 65536 + 5; i++)
        {
            alice.ProtectRtp(buffer, WriteRtp(buffer, (ushort)i));
        }

        int length = alice.ProtectRtp(buffer, WriteRtp(buffer, 5));
        Assert.Equal(SrtpUnprotectResult.AuthenticationFailed, bob.UnprotectRtp(buffer, length, out _));
    }

    [Fact]
    public void Rtcp_RoundTrip_TamperAndReplay()
    {
        var (alice, bob) = Pair(SrtpCryptoSuite.AesCm128HmacSha1_32);
        var buffer = new byte[256];
        // An RR with no report blocks and SSRC 0x01020304, plus 20 octets standing for SDES.
        byte[] rtcp = new byte[28];
        Convert.FromHexString("80C9000101020304").CopyTo(rtcp, 0);
        rtcp.AsSpan(8).Fill(0x33);
        rtcp.CopyTo(buffer, 0);

        int length = alice.ProtectRtcp(buffer, rtcp.Length);
        Assert.Equal(rtcp.Length + 4 + 10, length); // 80-bit tag on SRTCP even with the _32 suite
        Assert.Equal(0x80, buffer[rtcp.Length] & 0x80); // E bit
        Assert.NotEqual(rtcp.AsSpan(8).ToArray(), buffer.AsSpan(8, 20).ToArray());
        var sent = buffer.AsSpan(0, length).ToArray();

        Assert.Equal(SrtpUnprotectResult.Ok, bob.UnprotectRtcp(buffer, length, out int rtcpLength));
        Assert.Equal(rtcp, buffer.AsSpan(0, rtcpLength).ToArray());

        sent.CopyTo(buffer, 0);
        Assert.Equal(SrtpUnprotectResult.Replayed, bob.UnprotectRtcp(buffer, length, out _));

        int second = alice.ProtectRtcp(buffer.AsSpan(), WriteCopy(buffer, rtcp));
        buffer[10] ^= 0x40;
        Assert.Equal(SrtpUnprotectResult.AuthenticationFailed, bob.UnprotectRtcp(buffer, second, out _));
        Assert.Equal(SrtpUnprotectResult.Malformed, bob.UnprotectRtcp(buffer, 20, out _));
    }

    private static int WriteCopy(byte[] buffer, byte[] packet)
    {
        packet.CopyTo(buffer, 0);
        return packet.Length;
    }

    [Fact]
    public void ReplayWindow_SlidesAndRemembers()
    {
        var window = default(SrtpReplayWindow);
        Assert.True(window.Check(1000));
        window.Accept(1000);
        Assert.False(window.Check(1000));
        Assert.True(window.Check(999));
        Assert.True(window.Check(1000 - 63));
        Assert.False(window.Check(1000 - 64));
        window.Accept(1200);
        Assert.False(window.Check(1000));
        Assert.True(window.Check(1199));
        window.Accept(1199);
        Assert.False(window.Check(1199));
        Assert.True(window.Check(1198));
    }

    [Fact]
    public void Session_RejectsKeysOfDifferentSuites() =>
        Assert.Throws<ArgumentException>(() => new SrtpSession(
            SrtpMasterKey.Generate(SrtpCryptoSuite.AesCm128HmacSha1_80), SrtpMasterKey.Generate(SrtpCryptoSuite.AesCm128HmacSha1_32)));

    [Fact]
    public void Protect_WithoutRoomForTheTag_Throws()
    {
        var (alice, _) = Pair(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var buffer = new byte[RtpHeader.FixedLength + 160 + 5];
        int length = WriteRtp(buffer, 1);
        Assert.Throws<ArgumentException>(() => alice.ProtectRtp(buffer, length));
    }

    [Fact]
    public void ProtectAndUnprotect_AllocateNothingPerPacket()
    {
        var (alice, bob) = Pair(SrtpCryptoSuite.AesCm128HmacSha1_80);
        var buffer = new byte[256];
        var rtcp = new byte[128];
        int ok = 0;
        void Run(int from, int count)
        {
            for (int i = from; i < from + count; i++)
            {
                int length = alice.ProtectRtp(buffer, WriteRtp(buffer, (ushort)i));
                ok += bob.UnprotectRtp(buffer, length, out _) == SrtpUnprotectResult.Ok ? 1 : 0;
                rtcp[0] = 0x80;
                rtcp[1] = 201;
                int rtcpLength = alice.ProtectRtcp(rtcp, 28);
                ok += bob.UnprotectRtcp(rtcp, rtcpLength, out _) == SrtpUnprotectResult.Ok ? 1 : 0;
            }
        }

        Run(0, 100);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(100, 2000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(2 * 2100, ok);
    }

    [Fact]
    public void MasterKey_InlineKeyRoundTrips_AndBadKeysAreRefused()
    {
        var key = SrtpMasterKey.Generate(SrtpCryptoSuite.AesCm128HmacSha1_80);
        string inline = key.ToInlineKey();
        Assert.Equal(40, inline.Length);
        Assert.True(SrtpMasterKey.TryParseInlineKey(SrtpCryptoSuite.AesCm128HmacSha1_80, inline, 0, out var parsed, out _));
        Assert.Equal(key.Key.ToArray(), parsed!.Key.ToArray());
        Assert.Equal(key.Salt.ToArray(), parsed.Salt.ToArray());

        Assert.False(SrtpMasterKey.TryParseInlineKey(SrtpCryptoSuite.AesCm128HmacSha1_80, "not base64!", 0, out _, out string? error));
        Assert.Contains("base64", error, StringComparison.Ordinal);
        Assert.False(SrtpMasterKey.TryParseInlineKey(SrtpCryptoSuite.AesCm128HmacSha1_80, Convert.ToBase64String(new byte[20]), 0, out _, out error));
        Assert.Contains("30", error, StringComparison.Ordinal);
    }
}
