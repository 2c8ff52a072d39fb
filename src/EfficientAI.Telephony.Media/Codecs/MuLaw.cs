using System.Numerics;

namespace EfficientAI.Telephony.Media.Codecs;

/// <summary>
/// ITU-T G.711 µ-law companding between 16-bit linear PCM and 8-bit code words.
/// </summary>
/// <remarks>
/// G.711 defines µ-law over 14-bit uniform PCM (magnitude 0..8159); our 16-bit samples carry that value in their top
/// 14 bits, so decoded values are the G.711 decoder outputs multiplied by 4. The transmitted character is the
/// polarity bit (1 for positive values) followed by the segment and interval bits inverted (G.711 Table 2a), so
/// positive zero is 0xFF.
/// Zero-code suppression (replacing 0x00 by 0x02 on some digital trunks) is a transmission-plant option, not part
/// of the coding law, and is not applied.
/// </remarks>
public static class MuLaw
{
    /// <summary>Largest 14-bit magnitude the encoder represents; above it the top interval is used (clipping).</summary>
    private const int MaxMagnitude = 8158;

    /// <summary>The bias that turns the segment boundaries into powers of two (G.711 segment ends + 1 = 32·2^s − 33).</summary>
    private const int Bias = 33;

    private static readonly short[] DecodeTable = BuildDecodeTable();

    /// <summary>The code word of positive zero; what a silent frame encodes to.</summary>
    public const byte Silence = 0xFF;

    /// <summary>Encodes one sample.</summary>
    public static byte Encode(short linear)
    {
        // G.191 convention: a negative sample's magnitude is its one's complement, so −1…−4 map to the
        // negative-zero code word rather than to the first negative interval, keeping the law symmetric.
        int sign = linear >= 0 ? 0x80 : 0x00;
        int magnitude = (linear >= 0 ? linear : ~linear) >> 2;
        if (magnitude > MaxMagnitude)
        {
            magnitude = MaxMagnitude;
        }

        // With the bias added, segment s holds the values 2^(s+5) … 2^(s+6)−1 and its 16 intervals are the
        // next four bits below the leading one.
        int biased = magnitude + Bias;
        int segment = BitOperations.Log2((uint)biased) - 5;
        int interval = (biased >> (segment + 1)) & 0x0F;
        return (byte)(sign | (~((segment << 4) | interval) & 0x7F));
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
            int inverted = ~code & 0x7F;
            int segment = inverted >> 4;
            int interval = inverted & 0x0F;

            // G.711 Table 2a: the decoder output is the middle of the interval, ((2q + 33)·2^s) − 33 in 14-bit units.
            int magnitude = (((interval << 1) + Bias) << segment) - Bias;
            int value = magnitude << 2;
            table[code] = (short)((code & 0x80) != 0 ? value : -value);
        }

        return table;
    }
}
