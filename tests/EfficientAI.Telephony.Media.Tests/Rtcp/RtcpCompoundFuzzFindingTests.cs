using EfficientAI.Telephony.Media.Rtcp;

namespace EfficientAI.Telephony.Media.Tests.Rtcp;

/// <summary>Inputs the fuzz tests (tests/EfficientAI.Telephony.Fuzz.Tests) found, kept with their exact bytes.</summary>
public class RtcpCompoundFuzzFindingTests
{
    [Fact]
    public void IsValid_RefusesAPaddingCountLargerThanTheBody_AsTryReadDoes()
    {
        // rtcp, seed c5B3MwVfb0f1: an RR with the padding bit whose last octet (0x5B = 91) counts more padding than its
        // 28-octet body. IsValid said yes while TryRead, rightly (RFC 3550 §6.4.1), read no packet of it.
        var datagram = Convert.FromBase64String("ockABzRBTltodYKPnKm2w4DJAAE0QU5bgcsAATRBTls=");

        Assert.False(RtcpCompoundReader.IsValid(datagram));
        Assert.False(new RtcpCompoundReader(datagram).TryRead(out _));
    }

    [Fact]
    public void IsValid_RefusesAPaddingCountOfZero_AndAcceptsACountInsideTheBody()
    {
        byte[] zero = [0xA0, 201, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0];
        byte[] four = [0xA0, 201, 0, 2, 0, 0, 0, 1, 0, 0, 0, 4];

        Assert.False(RtcpCompoundReader.IsValid(zero));
        Assert.True(RtcpCompoundReader.IsValid(four));
        var reader = new RtcpCompoundReader(four);
        Assert.True(reader.TryRead(out var packet));
        Assert.Equal(4, packet.Body.Length);
    }
}
