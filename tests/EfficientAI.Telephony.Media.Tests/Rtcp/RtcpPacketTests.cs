using System.Buffers.Binary;
using EfficientAI.Telephony.Media.Rtcp;

namespace EfficientAI.Telephony.Media.Tests.Rtcp;

/// <summary>The RFC 3550 §6.4 and §6.5 packet layouts, byte by byte, and the A.2 validity checks.</summary>
public class RtcpPacketTests
{
    [Fact]
    public void NtpTimestamp_OfTheUnixEpoch_Is2208988800Seconds_AndHalfASecondIsHalfTheFraction()
    {
        // RFC 868 / RFC 5905: 1970-01-01 is 2,208,988,800 s after the NTP epoch 1900-01-01.
        var ntp = NtpTimestamp.FromDateTimeOffset(new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(500));

        Assert.Equal(2208988800u, ntp.Seconds);
        Assert.Equal(0x8000_0000u, ntp.Fraction);
        Assert.Equal((2208988800u << 16) | 0x8000u, ntp.Compact);
    }

    [Fact]
    public void SenderReport_WithOneBlock_HasTheRfc3550Layout()
    {
        var sender = new RtcpSenderInfo(new NtpTimestamp(0x0102030405060708), 0x11223344, 1000, 160000);
        var block = new RtcpReportBlock(0xCAFEBABE, 25, -3, 0x0001_0010, 12, 0x0A0B0C0D, 0x00020000);
        var buffer = new byte[64];

        int length = RtcpCompoundWriter.WriteSenderReport(buffer, 0xDEADBEEF, sender, [block]);

        Assert.Equal(52, length);
        Assert.Equal(0x81, buffer[0]); // V=2, P=0, RC=1
        Assert.Equal(200, buffer[1]);
        Assert.Equal(12, BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2))); // 13 words − 1
        Assert.Equal(0xDEADBEEFu, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(4)));
        Assert.Equal(0x0102030405060708ul, BinaryPrimitives.ReadUInt64BigEndian(buffer.AsSpan(8)));
        Assert.Equal(0x11223344u, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(16)));
        Assert.Equal(1000u, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(20)));
        Assert.Equal(160000u, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(24)));
        Assert.Equal(0xCAFEBABEu, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(28)));

        // Fraction 25, then −3 as 24-bit two's complement.
        Assert.Equal(new byte[] { 25, 0xFF, 0xFF, 0xFD }, buffer[32..36]);
        Assert.Equal(block, RtcpReportBlock.Read(buffer.AsSpan(28)));
    }

    [Fact]
    public void ReportBlock_CumulativeLost_SaturatesAt24Bits()
    {
        var buffer = new byte[RtcpReportBlock.Length];

        new RtcpReportBlock(1, 0, 50_000_000, 0, 0, 0, 0).Write(buffer);

        Assert.Equal(0x7FFFFF, RtcpReportBlock.Read(buffer).CumulativeLost);
    }

    [Theory]
    [InlineData(0, 12)] // header 4 + SSRC 4 + (type, length, text, at least one null) padded to a word
    [InlineData(1, 12)]
    [InlineData(5, 16)]
    [InlineData(6, 20)] // 2 + 6 = 8 octets, so the terminating null needs another word
    [InlineData(16, 28)]
    public void SourceDescription_EndsTheItemsWithANullOctet_PaddedToAWord(int cnameLength, int expected)
    {
        var buffer = new byte[64];
        buffer.AsSpan().Fill(0xEE);
        var cname = Enumerable.Repeat((byte)'x', cnameLength).ToArray();

        int length = RtcpCompoundWriter.WriteSourceDescription(buffer, 7, cname);

        Assert.Equal(expected, length);
        Assert.Equal(0x81, buffer[0]);
        Assert.Equal(202, buffer[1]);
        Assert.Equal((expected / 4) - 1, BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2)));
        Assert.Equal(1, buffer[8]); // CNAME
        Assert.Equal(cnameLength, buffer[9]);
        Assert.All(buffer[(10 + cnameLength)..expected], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Compound_ReceiverReportSdesBye_IsValid_AndReadsBackPacketByPacket()
    {
        var buffer = new byte[128];
        int length = RtcpCompoundWriter.WriteReceiverReport(buffer, 42, [new RtcpReportBlock(9, 1, 2, 3, 4, 5, 6)]);
        length += RtcpCompoundWriter.WriteSourceDescription(buffer.AsSpan(length), 42, "abc"u8);
        length += RtcpCompoundWriter.WriteGoodbye(buffer.AsSpan(length), 42);
        var datagram = buffer.AsSpan(0, length);

        Assert.True(RtcpCompoundReader.IsValid(datagram));
        Assert.True(RtcpCompoundReader.LooksLikeRtcp(datagram));
        var reader = new RtcpCompoundReader(datagram);
        var types = new List<(byte Type, int Count, int Body)>();
        while (reader.TryRead(out var packet))
        {
            types.Add((packet.Type, packet.Count, packet.Body.Length));
        }

        Assert.Equal([(201, 1, 28), (202, 1, 12), (203, 1, 4)], types);
    }

    [Fact]
    public void Compound_StartingWithSdes_OrWithALengthBeyondTheDatagram_IsInvalid()
    {
        var buffer = new byte[64];
        int sdes = RtcpCompoundWriter.WriteSourceDescription(buffer, 1, "a"u8);
        Assert.False(RtcpCompoundReader.IsValid(buffer.AsSpan(0, sdes)));

        int rr = RtcpCompoundWriter.WriteReceiverReport(buffer, 1, []);
        buffer[3] = 9; // claims 40 octets
        Assert.False(RtcpCompoundReader.IsValid(buffer.AsSpan(0, rr)));
    }

    [Fact]
    public void LooksLikeRtcp_TellsRtcpFromRtpByTheSecondOctet_PerRfc5761()
    {
        Assert.False(RtcpCompoundReader.LooksLikeRtcp(new byte[] { 0x80, 0x00, 0, 0 })); // PCMU
        Assert.False(RtcpCompoundReader.LooksLikeRtcp(new byte[] { 0x80, 0xE5, 0, 0 })); // telephone-event 101 with marker
        Assert.True(RtcpCompoundReader.LooksLikeRtcp(new byte[] { 0x80, 0xC9, 0, 1 }));
    }
}
