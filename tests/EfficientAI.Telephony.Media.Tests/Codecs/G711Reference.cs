namespace EfficientAI.Telephony.Media.Tests.Codecs;

/// <summary>
/// The G.711 quantisation intervals and decoder outputs, derived here from the standard's description of the
/// segments (Table 1a for A-law, Table 2a for µ-law) and not from the code under test: each segment is split into
/// 16 equal intervals whose decoder output is the interval's middle.
/// </summary>
internal static class G711Reference
{
    /// <summary>µ-law: the last decision value of each of the 8 segments, in 14-bit magnitude units (Table 2a).</summary>
    private static readonly int[] MuLawSegmentEnds = [31, 95, 223, 479, 991, 2015, 4063, 8159];

    /// <summary>A-law: the last decision value of each of the 8 segments, in 13-bit magnitude units (Table 1a).</summary>
    private static readonly int[] ALawSegmentEnds = [32, 64, 128, 256, 512, 1024, 2048, 4096];

    /// <summary>A quantisation interval [Low, High) with its decoder output, in the law's own units.</summary>
    public readonly record struct Interval(int Segment, int Step, int Low, int High, int Output);

    /// <summary>
    /// µ-law interval (s, q). Segment 0 starts at −1 so its first interval is the half-width 0..1 whose output is 0;
    /// every other interval is as wide as its segment's step, 2·2^s.
    /// </summary>
    public static Interval MuLaw(int segment, int step)
    {
        int start = segment == 0 ? -1 : MuLawSegmentEnds[segment - 1];
        int width = (MuLawSegmentEnds[segment] - start) / 16;
        int low = start + (step * width);
        return new Interval(segment, step, low, low + width, low + (width / 2));
    }

    /// <summary>A-law interval (s, q): segments 0 and 1 have step 2, segment s ≥ 1 step 2^s.</summary>
    public static Interval ALaw(int segment, int step)
    {
        int start = segment == 0 ? 0 : ALawSegmentEnds[segment - 1];
        int width = (ALawSegmentEnds[segment] - start) / 16;
        int low = start + (step * width);
        return new Interval(segment, step, low, low + width, low + (width / 2));
    }

    /// <summary>The transmitted µ-law character: polarity (1 = positive), then segment and step with their bits inverted.</summary>
    public static byte MuLawCode(bool positive, int segment, int step) =>
        (byte)((positive ? 0x80 : 0) | (0x7F - ((segment << 4) | step)));

    /// <summary>The transmitted A-law character: sign (1 = positive), segment, step, even bits inverted.</summary>
    public static byte ALawCode(bool positive, int segment, int step) =>
        (byte)(((positive ? 0x80 : 0) | (segment << 4) | step) ^ 0x55);

    /// <summary>The µ-law decoder output in 16-bit PCM (14-bit value · 4) for each code word.</summary>
    public static short[] MuLawTable()
    {
        var table = new short[256];
        for (int segment = 0; segment < 8; segment++)
        {
            for (int step = 0; step < 16; step++)
            {
                int output = MuLaw(segment, step).Output * 4;
                table[MuLawCode(true, segment, step)] = (short)output;
                table[MuLawCode(false, segment, step)] = (short)-output;
            }
        }

        return table;
    }

    /// <summary>The A-law decoder output in 16-bit PCM (13-bit value · 8) for each code word.</summary>
    public static short[] ALawTable()
    {
        var table = new short[256];
        for (int segment = 0; segment < 8; segment++)
        {
            for (int step = 0; step < 16; step++)
            {
                int output = ALaw(segment, step).Output * 8;
                table[ALawCode(true, segment, step)] = (short)output;
                table[ALawCode(false, segment, step)] = (short)-output;
            }
        }

        return table;
    }
}
