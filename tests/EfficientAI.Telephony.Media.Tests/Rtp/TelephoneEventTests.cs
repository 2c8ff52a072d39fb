using EfficientAI.Telephony.Media.Rtp;

namespace EfficientAI.Telephony.Media.Tests.Rtp;

public class TelephoneEventTests
{
    [Fact]
    public void TryRead_ReadsEventEndVolumeAndDuration_AsRfc4733Section2_3()
    {
        // Event 1, E=1, volume 20, duration 1760 (RFC 4733 §2.3 layout).
        byte[] payload = [0x01, 0x94, 0x06, 0xE0];

        Assert.True(TelephoneEvent.TryRead(payload, out var telephoneEvent));

        Assert.Equal(new TelephoneEvent(1, true, 20, 1760), telephoneEvent);
    }

    [Fact]
    public void Write_ProducesThePayloadTryReadReads()
    {
        var buffer = new byte[4];
        new TelephoneEvent(11, false, 10, 400).Write(buffer);

        Assert.Equal(new byte[] { 11, 10, 0x01, 0x90 }, buffer);
        Assert.False(TelephoneEvent.TryRead(buffer.AsSpan(0, 3), out _));
    }

    [Theory]
    [InlineData(0, '0')]
    [InlineData(9, '9')]
    [InlineData(10, '*')]
    [InlineData(11, '#')]
    [InlineData(12, 'A')]
    [InlineData(15, 'D')]
    [InlineData(16, '!')]
    public void ToDigit_MapsTheDtmfEventCodes_OfRfc4733Table3(int code, char digit)
    {
        Assert.Equal(digit, TelephoneEvent.ToDigit((byte)code));
        Assert.Equal((byte)code, TelephoneEvent.FromDigit(digit));
    }

    [Fact]
    public void ToDigit_IsNull_ForNonDtmfEvents()
    {
        Assert.Null(TelephoneEvent.ToDigit(17));
        Assert.Null(TelephoneEvent.ToDigit(255));
        Assert.Null(TelephoneEvent.FromDigit('x'));
    }
}
