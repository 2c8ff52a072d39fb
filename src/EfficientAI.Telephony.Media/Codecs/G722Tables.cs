namespace EfficientAI.Telephony.Media.Codecs;

/// <summary>The constant tables of ITU-T G.722 (09/2012) for the 64 kbit/s mode (mode 1).</summary>
internal static class G722Tables
{
    /// <summary>The QMF coefficients h(0), h(2) … h(22) (Table 11); the filter is symmetric, h(2i+1) = h(22 − 2i).</summary>
    public static readonly short[] QmfEven = [3, -11, 12, 32, -210, 951, 3876, -805, 362, -156, 53, -11];

    /// <summary>The lower band's 6-bit quantizer decision levels Q6 (Table 6), scaled by 2^12 / DETL.</summary>
    public static readonly short[] LowDecisionLevels =
    [
        0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714,
        786, 858, 940, 1023, 1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919, 0, 0,
    ];

    /// <summary>The 6-bit code of quantizer interval <c>i</c> for a negative difference (ILN).</summary>
    public static readonly byte[] LowCodeNegative =
    [
        0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19,
        18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 0,
    ];

    /// <summary>The 6-bit code of quantizer interval <c>i</c> for a positive difference (ILP).</summary>
    public static readonly byte[] LowCodePositive =
    [
        0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47,
        46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 0,
    ];

    /// <summary>The 4-bit inverse quantizer QM4 used for the lower band's prediction (Table 7).</summary>
    public static readonly short[] LowInverse4 =
    [
        0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584, 1200, 0,
    ];

    /// <summary>The 6-bit inverse quantizer QM6 the decoder's lower-band output uses in mode 1 (Table 7).</summary>
    public static readonly short[] LowInverse6 =
    [
        -136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280, -11192, -10232, -9360, -8576, -7856,
        -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776, -2400, -2032, -1688, -1360, -1040, -728,
        24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192, 10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456,
        4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032, 1688, 1360, 1040, 728, 432, 136, -432, -136,
    ];

    /// <summary>The lower band's log scale factor steps WL indexed by the 4-bit code through RL42 (Table 8).</summary>
    public static readonly short[] LowLogStep =
    [
        -60, 3042, 1198, 538, 334, 172, 58, -30, 3042, 1198, 538, 334, 172, 58, -30, -60,
    ];

    /// <summary>The decision level of the higher band's 2-bit quantizer (Q2 = 564, scaled by 2^12 / DETH).</summary>
    public const int HighDecisionLevel = 564;

    /// <summary>The 2-bit code for a negative (index 1: inner, 2: outer) and positive difference (IHN, IHP).</summary>
    public static readonly byte[] HighCodeNegative = [0, 1, 0];

    /// <inheritdoc cref="HighCodeNegative"/>
    public static readonly byte[] HighCodePositive = [0, 3, 2];

    /// <summary>The higher band's inverse quantizer QM2 (Table 9).</summary>
    public static readonly short[] HighInverse = [-7408, -1616, 7408, 1616];

    /// <summary>The higher band's log scale factor steps WH indexed by the code through RH2 (Table 10).</summary>
    public static readonly short[] HighLogStep = [798, -214, 798, -214];
}
