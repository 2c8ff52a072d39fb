using EfficientAI.Telephony.Media.Codecs;

namespace EfficientAI.Telephony.Media.Tests.Codecs;

public class ALawTests
{
    [Fact]
    public void ALaw_DecodesEveryCodeWord_AsTheG711Table()
    {
        var expected = G711Reference.ALawTable();
        for (int code = 0; code < 256; code++)
        {
            Assert.True(expected[code] == ALaw.Decode((byte)code), $"code 0x{code:X2}: expected {expected[code]}, got {ALaw.Decode((byte)code)}");
        }
    }

    [Theory]
    [InlineData(0xD5, 8)]
    [InlineData(0x55, -8)]
    [InlineData(0xD4, 24)]
    [InlineData(0xAA, 32256)]
    [InlineData(0x2A, -32256)]
    public void ALaw_DecodesLandmarkCodeWords_ToTheirWellKnownValues(int code, int linear)
    {
        Assert.Equal(linear, ALaw.Decode((byte)code));
    }

    [Fact]
    public void ALaw_EncodeOfDecode_ReturnsEveryCodeWord()
    {
        // A-law is mid-riser: no code decodes to zero and no two codes share an output, so all 256 round-trip.
        for (int code = 0; code < 256; code++)
        {
            byte reencoded = ALaw.Encode(ALaw.Decode((byte)code));
            Assert.True(code == reencoded, $"code 0x{code:X2} re-encoded as 0x{reencoded:X2}");
        }
    }

    [Fact]
    public void ALaw_EncodesEveryNonNegativeSample_IntoTheIntervalThatContainsIt()
    {
        for (int linear = 0; linear <= short.MaxValue; linear++)
        {
            int magnitude = linear >> 3;
            var interval = FindInterval(magnitude);
            byte expected = G711Reference.ALawCode(true, interval.Segment, interval.Step);
            byte actual = ALaw.Encode((short)linear);
            Assert.True(expected == actual, $"sample {linear}: expected 0x{expected:X2} (segment {interval.Segment}, step {interval.Step}), got 0x{actual:X2}");
        }
    }

    [Fact]
    public void ALaw_EncodesNegativeSamples_AsTheMirrorOfTheirOnesComplement()
    {
        for (int linear = 0; linear <= short.MaxValue; linear++)
        {
            byte positive = ALaw.Encode((short)linear);
            byte negative = ALaw.Encode((short)(-1 - linear));
            Assert.Equal(positive ^ 0x80, negative);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void ALaw_EncodesEitherSideOfASegmentBoundary_IntoTheAdjacentSegments(int segment)
    {
        var last = G711Reference.ALaw(segment, 15);
        int boundary = last.High * 8;

        Assert.Equal(G711Reference.ALawCode(true, segment, 15), ALaw.Encode((short)(boundary - 1)));
        Assert.Equal(G711Reference.ALawCode(true, segment + 1, 0), ALaw.Encode((short)boundary));
    }

    [Fact]
    public void ALaw_ClipsFullScale_ToTheOuterCodeWords()
    {
        Assert.Equal(0xAA, ALaw.Encode(short.MaxValue));
        Assert.Equal(0x2A, ALaw.Encode(short.MinValue));
    }

    [Fact]
    public void ALaw_Silence_IsTheSmallestPositiveCodeWord()
    {
        Assert.Equal(ALaw.Silence, ALaw.Encode(0));
        Assert.Equal(0xD5, ALaw.Silence);
    }

    [Fact]
    public void ALaw_SpanEncodeAndDecode_MatchTheScalarForms()
    {
        short[] pcm = [0, 1, -1, 100, -100, 5000, -5000, short.MaxValue, short.MinValue, 1234];
        var codes = new byte[pcm.Length];
        var decoded = new short[pcm.Length];

        ALaw.Encode(pcm, codes);
        ALaw.Decode(codes, decoded);

        for (int i = 0; i < pcm.Length; i++)
        {
            Assert.Equal(ALaw.Encode(pcm[i]), codes[i]);
            Assert.Equal(ALaw.Decode(codes[i]), decoded[i]);
        }
    }

    private static G711Reference.Interval FindInterval(int magnitude)
    {
        for (int segment = 0; segment < 8; segment++)
        {
            for (int step = 0; step < 16; step++)
            {
                var interval = G711Reference.ALaw(segment, step);
                if (magnitude >= interval.Low && magnitude < interval.High)
                {
                    return interval;
                }
            }
        }

        throw new InvalidOperationException($"No A-law interval holds {magnitude}.");
    }
}
