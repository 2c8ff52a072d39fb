using EfficientAI.Telephony.Media.Codecs;

namespace EfficientAI.Telephony.Media.Tests.Codecs;

public class MuLawTests
{
    [Fact]
    public void MuLaw_DecodesEveryCodeWord_AsTheG711Table()
    {
        var expected = G711Reference.MuLawTable();
        for (int code = 0; code < 256; code++)
        {
            Assert.True(expected[code] == MuLaw.Decode((byte)code), $"code 0x{code:X2}: expected {expected[code]}, got {MuLaw.Decode((byte)code)}");
        }
    }

    [Theory]
    [InlineData(0xFF, 0)]
    [InlineData(0x7F, 0)]
    [InlineData(0xFE, 8)]
    [InlineData(0x7E, -8)]
    [InlineData(0xEF, 132)]
    [InlineData(0x80, 32124)]
    [InlineData(0x00, -32124)]
    public void MuLaw_DecodesLandmarkCodeWords_ToTheirWellKnownValues(int code, int linear)
    {
        Assert.Equal(linear, MuLaw.Decode((byte)code));
    }

    [Fact]
    public void MuLaw_EncodeOfDecode_ReturnsTheCodeWord_ExceptNegativeZero()
    {
        for (int code = 0; code < 256; code++)
        {
            byte reencoded = MuLaw.Encode(MuLaw.Decode((byte)code));

            // G.711 µ-law has two zeros, 0xFF (+0) and 0x7F (−0), with the same decoder output; the encoder
            // represents a zero input as +0, so −0 does not survive the round trip.
            byte expected = code == 0x7F ? (byte)0xFF : (byte)code;
            Assert.True(expected == reencoded, $"code 0x{code:X2} re-encoded as 0x{reencoded:X2}");
        }
    }

    [Fact]
    public void MuLaw_EncodesEveryNonNegativeSample_IntoTheIntervalThatContainsIt()
    {
        for (int linear = 0; linear <= short.MaxValue; linear++)
        {
            // 16-bit PCM carries the 14-bit value in its top bits; magnitudes past the last decision value clip.
            int magnitude = Math.Min(linear >> 2, 8158);
            var interval = FindInterval(magnitude);
            byte expected = G711Reference.MuLawCode(true, interval.Segment, interval.Step);
            byte actual = MuLaw.Encode((short)linear);
            Assert.True(expected == actual, $"sample {linear}: expected 0x{expected:X2} (segment {interval.Segment}, step {interval.Step}), got 0x{actual:X2}");
        }
    }

    [Fact]
    public void MuLaw_EncodesNegativeSamples_AsTheMirrorOfTheirOnesComplement()
    {
        // G.191 convention: −1 − x encodes like x with the sign bit cleared, so the law is symmetric about −½.
        for (int linear = 0; linear <= short.MaxValue; linear++)
        {
            byte positive = MuLaw.Encode((short)linear);
            byte negative = MuLaw.Encode((short)(-1 - linear));
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
    public void MuLaw_EncodesEitherSideOfASegmentBoundary_IntoTheAdjacentSegments(int segment)
    {
        var last = G711Reference.MuLaw(segment, 15);
        int boundary = last.High * 4;

        Assert.Equal(G711Reference.MuLawCode(true, segment, 15), MuLaw.Encode((short)(boundary - 1)));
        Assert.Equal(G711Reference.MuLawCode(true, segment + 1, 0), MuLaw.Encode((short)boundary));
    }

    [Fact]
    public void MuLaw_ClipsFullScale_ToTheOuterCodeWords()
    {
        Assert.Equal(0x80, MuLaw.Encode(short.MaxValue));
        Assert.Equal(0x00, MuLaw.Encode(short.MinValue));
    }

    [Fact]
    public void MuLaw_Silence_IsPositiveZero()
    {
        Assert.Equal(MuLaw.Silence, MuLaw.Encode(0));
        Assert.Equal(0xFF, MuLaw.Silence);
    }

    [Fact]
    public void MuLaw_SpanEncodeAndDecode_MatchTheScalarForms()
    {
        short[] pcm = [0, 1, -1, 100, -100, 5000, -5000, short.MaxValue, short.MinValue, 1234];
        var codes = new byte[pcm.Length];
        var decoded = new short[pcm.Length];

        MuLaw.Encode(pcm, codes);
        MuLaw.Decode(codes, decoded);

        for (int i = 0; i < pcm.Length; i++)
        {
            Assert.Equal(MuLaw.Encode(pcm[i]), codes[i]);
            Assert.Equal(MuLaw.Decode(codes[i]), decoded[i]);
        }
    }

    [Fact]
    public void MuLaw_SpanEncode_RejectsAShortDestination()
    {
        Assert.Throws<ArgumentException>(() => MuLaw.Encode(new short[160], new byte[159]));
        Assert.Throws<ArgumentException>(() => MuLaw.Decode(new byte[160], new short[159]));
    }

    private static G711Reference.Interval FindInterval(int magnitude)
    {
        for (int segment = 0; segment < 8; segment++)
        {
            for (int step = 0; step < 16; step++)
            {
                var interval = G711Reference.MuLaw(segment, step);
                if (magnitude >= interval.Low && magnitude < interval.High)
                {
                    return interval;
                }
            }
        }

        throw new InvalidOperationException($"No µ-law interval holds {magnitude}.");
    }
}
