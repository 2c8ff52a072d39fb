using System.Numerics;

namespace EfficientAI.Telephony.Media.Codecs;

/// <summary>
/// ITU-T G.711 A-law companding between 16-bit linear PCM and 8-bit code words.
/// </summary>
/// <remarks>
/// G.711 defines A-law over 13-bit uniform PCM (magnitude 0..4095); our 16-bit samples carry that value in their top
/// 13 bits, so decoded values are the G.711 decoder outputs multiplied by 8. The transmitted character has its even
/// bits inverted (XOR 0x55) and sign 1 for positive values (G.711 Table 1a). A-law has no zero output: the smallest
/// magnitude decodes to ±1 (±8 here), so every code word survives an encode/decode round trip.
/// </remarks>
public static class ALaw
{
    private const int MaxMagnitude = 4095;

    private const byte EvenBitInversion = 0x55;

    private static readonly short[] DecodeTable = BuildDecodeTable();

    /// <summary>The code word of the smallest positive value; what a silent frame encodes to.</summary>
    public const byte Silence = 0xD5;

    /// <summary>Encodes one sample.</summary>
    public static byte Encode(short linear)
    {
        // G.191 convention: a negative sample's magnitude is its one's complement (−1 → 0), which makes the law
        // symmetric about −0.5 as the mid-riser A-law characteristic is.
        int sign = linear >= 0 ? 0x80 : 0x00;
        int magnitude = (linear >= 0 ? linear : ~linear) >> 3;
        if (magnitude > MaxMagnitude)
        {
            magnitude = MaxMagnitude;
        }

        // Segments 0 and 1 share the step of 2 (the 13-segment approximation's collinear centre); from segment 2
        // on, segment s holds 2^(s+4) … 2^(s+5)−1 in steps of 2^s.
        int segment = magnitude < 32 ? 0 : BitOperations.Log2((uint)magnitude) - 4;
        int interval = (magnitude >> (segment == 0 ? 1 : segment)) & 0x0F;
        return (byte)((sign | (segment << 4) | interval) ^ EvenBitInversion);
    }

    /// <summary>Decodes one code word to the G.711 decoder output value, scaled to 16 bits.</summary>
    public static short Decode(byte code) => DecodeTable[code];

    /// <summary>Encodes <paramref name="pcm"/> into the first <c>pcm.Length</c> bytes of <paramref name="dst"/>.</summary>
    public static void Encode(ReadOnlySpan<short> pcm, Span<byte> dst)
    {
        G711Blocks.EnsureEncodeRoom(pcm, dst);
        for (int i = 0; i < pcm.Length; i++)
        {
            dst[i] = Encode(pcm[i]);
        }
    }

    /// <summary>Decodes <paramref name="src"/> into the first <c>src.Length</c> samples of <paramref name="pcm"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> src, Span<short> pcm) => G711Blocks.Decode(src, pcm, DecodeTable);

    private static short[] BuildDecodeTable()
    {
        var table = new short[256];
        for (int code = 0; code < 256; code++)
        {
            int plain = code ^ EvenBitInversion;
            int segment = (plain >> 4) & 0x07;
            int interval = plain & 0x0F;

            // G.711 Table 1a: the decoder output is the middle of the interval; segment 0 starts at 0 with step 2,
            // segment s ≥ 1 starts at 16·2^s with step 2^s.
            int magnitude = segment == 0
                ? (interval << 1) + 1
                : ((interval << 1) + 33) << (segment - 1);
            int value = magnitude << 3;
            table[code] = (short)((plain & 0x80) != 0 ? value : -value);
        }

        return table;
    }
}
