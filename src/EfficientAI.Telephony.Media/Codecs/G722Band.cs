namespace EfficientAI.Telephony.Media.Codecs;

/// <summary>
/// The state of one G.722 sub-band ADPCM: the adaptive predictor (two poles, six zeros) and the quantizer scale
/// factor, with the update blocks of ITU-T G.722 (09/2012) §3.6 and §4 that the encoder and decoder share.
/// </summary>
/// <remarks>
/// Block names follow the Recommendation: LOGSCL/SCALEL (lower band), LOGSCH/SCALEH (higher band), and the predictor
/// blocks ADDC, ADDR, UPPOL1, UPPOL2, UPZERO, DELAYA, FILTEP, FILTEZ, PREDIC. All arithmetic is the Recommendation's
/// 16-bit fixed point: products shifted right by 15, sums saturated to the signed 16-bit range.
/// </remarks>
internal struct G722Band
{
    /// <summary>The IL B table: 2^(i/32) scaled by 2048, for the scale factor's fractional part (SCALEL/SCALEH).</summary>
    private static readonly short[] InverseLog =
    [
        2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834,
        2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008,
    ];

    private int _logScale;        // NBL / NBH
    private int _pole1;           // A1
    private int _pole2;           // A2
    private int _reconstructed1;  // RLT1 / RH1 (signal estimate + difference, one sample back)
    private int _reconstructed2;
    private int _partial1;        // PLT1 / PH1 (zero-section output + difference)
    private int _partial2;
    private Zeros _zeroCoefficients; // BL1..BL6
    private Zeros _differences;      // DLT1..DLT6

    /// <summary>The quantizer scale factor (DETL / DETH).</summary>
    public int Scale;

    /// <summary>The predicted signal (SL / SH) for the next sample.</summary>
    public int Prediction;

    /// <summary>The zero-section prediction (SZL / SZH) for the next sample.</summary>
    private int _zeroPrediction;

    [System.Runtime.CompilerServices.InlineArray(6)]
    private struct Zeros
    {
        private int _element;
    }

    /// <summary>The reset state: DETL = 32 for the lower band, DETH = 8 for the higher (G.722 §3.6.3, Table 13).</summary>
    public static G722Band Reset(int initialScale) => new() { Scale = initialScale };

    /// <summary>Saturates to the signed 16-bit range, as the Recommendation's arithmetic does after every sum.</summary>
    public static int Saturate(int value) => value > short.MaxValue ? short.MaxValue : value < short.MinValue ? short.MinValue : value;

    /// <summary>LOGSCL + SCALEL, lower band: <paramref name="logStep"/> is WL[RIL4 mapped through RL42].</summary>
    public void AdaptLowScale(int logStep)
    {
        // NBL = NBL·127/128 + WL, limited to [0, 18432]; DETL = 2^(NBL/2048 + 2) in the Recommendation's form.
        _logScale = Math.Clamp(((_logScale * 127) >> 7) + logStep, 0, 18432);
        Scale = ScaleFromLog(_logScale, 8);
    }

    /// <summary>LOGSCH + SCALEH, higher band.</summary>
    public void AdaptHighScale(int logStep)
    {
        _logScale = Math.Clamp(((_logScale * 127) >> 7) + logStep, 0, 22528);
        Scale = ScaleFromLog(_logScale, 10);
    }

    private static int ScaleFromLog(int logScale, int offset)
    {
        int fraction = InverseLog[(logScale >> 6) & 31];
        int shift = offset - (logScale >> 11);
        int linear = shift < 0 ? fraction << -shift : fraction >> shift;
        return linear << 2;
    }

    /// <summary>
    /// Updates the predictor with the quantized difference <paramref name="difference"/> (DLT / DH) and computes
    /// the prediction for the next sample (<see cref="Prediction"/>).
    /// </summary>
    public void UpdatePredictor(int difference)
    {
        // ADDR and ADDC: the reconstructed signal and the partially reconstructed one of this sample.
        int reconstructed = Saturate(Prediction + difference);
        int partial = Saturate(_zeroPrediction + difference);

        // UPPOL2: the second pole coefficient, leaky, driven by the sign agreement of the partial signal.
        int sign0 = partial >> 15;
        int sign1 = _partial1 >> 15;
        int sign2 = _partial2 >> 15;
        int twiceA1 = Saturate(_pole1 << 2);
        int gradient = sign0 == sign1 ? -twiceA1 : twiceA1;
        if (gradient > short.MaxValue)
        {
            gradient = short.MaxValue;
        }

        int pole2 = (sign0 == sign2 ? 128 : -128) + (gradient >> 7) + ((_pole2 * 32512) >> 15);
        pole2 = Math.Clamp(pole2, -12288, 12288);

        // UPPOL1: the first pole coefficient, limited by the stability constraint |A1| ≤ 15360 − A2.
        int pole1 = Saturate((sign0 == sign1 ? 192 : -192) + ((_pole1 * 32640) >> 15));
        int limit = Saturate(15360 - pole2);
        pole1 = Math.Clamp(pole1, -limit, limit);

        // UPZERO: the six zero coefficients, sign-sign LMS with leakage; no step when the difference is 0.
        int step = difference == 0 ? 0 : 128;
        int differenceSign = difference >> 15;
        for (int i = 0; i < 6; i++)
        {
            int delta = (_differences[i] >> 15) == differenceSign ? step : -step;
            _zeroCoefficients[i] = Saturate(delta + ((_zeroCoefficients[i] * 32640) >> 15));
        }

        // DELAYA: shift the delay lines.
        for (int i = 5; i > 0; i--)
        {
            _differences[i] = _differences[i - 1];
        }

        _differences[0] = difference;
        _reconstructed2 = _reconstructed1;
        _reconstructed1 = reconstructed;
        _partial2 = _partial1;
        _partial1 = partial;
        _pole1 = pole1;
        _pole2 = pole2;

        // FILTEP: the pole section's output from the last two reconstructed samples.
        int poles = Saturate(((_pole1 * Saturate(_reconstructed1 + _reconstructed1)) >> 15)
            + ((_pole2 * Saturate(_reconstructed2 + _reconstructed2)) >> 15));

        // FILTEZ: the zero section's output from the last six differences.
        int zeros = 0;
        for (int i = 5; i >= 0; i--)
        {
            zeros += (_zeroCoefficients[i] * Saturate(_differences[i] + _differences[i])) >> 15;
        }

        _zeroPrediction = Saturate(zeros);

        // PREDIC.
        Prediction = Saturate(poles + _zeroPrediction);
    }
}
