using EfficientAI.Telephony.Media.Rtp;

namespace EfficientAI.Telephony.Media.Tests.Rtp;

public class RtpHeaderTests
{
    [Fact]
    public void Write_LaysOutTheFixedHeader_AsRfc3550Section5_1()
    {
        var buffer = new byte[12];

        int written = new RtpHeader(payloadType: 0, sequenceNumber: 0x1234, timestamp: 0xDEADBEEF, ssrc: 0x01020304, marker: true).Write(buffer);

        Assert.Equal(12, written);
        Assert.Equal(new byte[] { 0x80, 0x80, 0x12, 0x34, 0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02, 0x03, 0x04 }, buffer);
    }

    [Fact]
    public void TryRead_ReadsBackWhatWriteWrote()
    {
        var packet = new byte[12 + 160];
        var header = new RtpHeader(101, 65535, 4_000_000_000, 0xCAFEBABE, marker: false);
        header.Write(packet);

        Assert.True(RtpHeader.TryRead(packet, out var read, out int offset, out int length));

        Assert.Equal(header, read);
        Assert.Equal(12, offset);
        Assert.Equal(160, length);
    }

    [Fact]
    public void TryRead_SkipsCsrcsAndExtension_AndExcludesPadding()
    {
        byte[] packet =
        [
            0xB2, 0xE5, 0x00, 0x07, // V=2 P=1 X=1 CC=2, M=1 PT=101, seq 7
            0x00, 0x00, 0x03, 0x20, // timestamp 800
            0x11, 0x22, 0x33, 0x44, // SSRC
            0xAA, 0xAA, 0xAA, 0xAA, // CSRC 1
            0xBB, 0xBB, 0xBB, 0xBB, // CSRC 2
            0xBE, 0xDE, 0x00, 0x01, // extension profile, length 1 word
            0x10, 0xFF, 0x00, 0x00, // extension data
            0x05, 0x8A, 0x01, 0x40, // payload: a telephone event
            0x00, 0x00, 0x03,       // 3 octets of padding, the last one counting them
        ];

        Assert.True(RtpHeader.TryRead(packet, out var header, out int offset, out int length));

        Assert.True(header.Padding);
        Assert.True(header.Extension);
        Assert.Equal(2, header.CsrcCount);
        Assert.True(header.Marker);
        Assert.Equal(101, header.PayloadType);
        Assert.Equal(7, header.SequenceNumber);
        Assert.Equal(800u, header.Timestamp);
        Assert.Equal(0x11223344u, header.Ssrc);
        Assert.Equal(28, offset);
        Assert.Equal(4, length);
    }

    [Theory]
    [InlineData("40 00 00 01 00 00 00 00 00 00 00 01", "version 1")]
    [InlineData("80 00 00 01 00 00 00 00 00 00 00", "11 octets")]
    [InlineData("81 00 00 01 00 00 00 00 00 00 00 01", "a CSRC announced but missing")]
    [InlineData("90 00 00 01 00 00 00 00 00 00 00 01 BE DE", "a cut extension header")]
    [InlineData("90 00 00 01 00 00 00 00 00 00 00 01 BE DE 00 02 00 00 00 00", "extension longer than the packet")]
    [InlineData("A0 00 00 01 00 00 00 00 00 00 00 01 FF 00", "padding count 0")]
    [InlineData("A0 00 00 01 00 00 00 00 00 00 00 01 FF 09", "padding longer than the payload")]
    public void TryRead_RejectsMalformedPackets(string hex, string because)
    {
        var packet = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

        Assert.False(RtpHeader.TryRead(packet, out _, out _, out _), because);
    }

    [Fact]
    public void Write_RefusesAHeaderItCannotWriteCompletely()
    {
        var withCsrc = new RtpHeader(0, 1, 2, 3) { CsrcCount = 1 };

        Assert.Throws<InvalidOperationException>(() => withCsrc.Write(new byte[12]));
        Assert.Throws<ArgumentException>(() => new RtpHeader(0, 1, 2, 3).Write(new byte[11]));
    }
}
