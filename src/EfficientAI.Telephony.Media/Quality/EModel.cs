namespace EfficientAI.Telephony.Media.Quality;

/// <summary>The equipment impairment of a codec for the E-model (ITU-T G.113 Appendix I values where ITU gives them).</summary>
/// <param name="Ie">Equipment impairment factor with no loss.</param>
/// <param name="Bpl">Packet-loss robustness factor (higher is more robust, with concealment).</param>
/// <param name="AlgorithmicDelayMs">Frame and look-ahead delay the codec adds to mouth-to-ear delay.</param>
public readonly record struct CodecImpairment(double Ie, double Bpl, double AlgorithmicDelayMs)
{
    /// <summary>
    /// G.711 with packet loss concealment: Ie 0, Bpl 25.1 (G.113 Appendix I). G.722 at 64 kbit/s is scored on the
    /// narrowband scale as G.711 (it carries the narrowband band at least as well; G.113's wideband Ie,wb applies only to
    /// the wideband scale), and Opus likewise with the G.711+PLC robustness — both assumptions, stated in reports.
    /// </summary>
    public static CodecImpairment For(string encodingName) => encodingName.ToUpperInvariant() switch
    {
        "PCMU" or "PCMA" => new(0, 25.1, 0),
        "G722" => new(0, 25.1, 1.5),
        "OPUS" => new(0, 25.1, 6.5),
        _ => new(0, 4.3, 0),
    };
}

/// <summary>
/// The E-model of ITU-T G.107 reduced to what a call's RTP statistics give: R = 93.2 − Id − Ie,eff (default values for
/// every other factor), with the delay impairment Id from the one-way mouth-to-ear delay and the effective equipment
/// impairment Ie,eff from the codec and the packet loss; R is mapped to a MOS (listening-quality estimate, 1 to 4.5).
/// </summary>
public static class EModel
{
    /// <summary>R with every G.107 default and no impairment (R0 − Is).</summary>
    public const double DefaultR = 93.2;

    /// <summary>The rating factor R for a codec, a packet loss in percent, a burst ratio (1 for random loss) and a one-way delay.</summary>
    public static double RatingFactor(CodecImpairment codec, double packetLossPercent, double oneWayDelayMs, double burstRatio = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(packetLossPercent);
        ArgumentOutOfRangeException.ThrowIfNegative(oneWayDelayMs);
        ArgumentOutOfRangeException.ThrowIfLessThan(burstRatio, 1);
        var loss = Math.Min(packetLossPercent, 100);
        var ieEff = codec.Ie + ((95 - codec.Ie) * loss / ((loss / burstRatio) + codec.Bpl));
        var ta = oneWayDelayMs + codec.AlgorithmicDelayMs;
        var id = (0.024 * ta) + (ta > 177.3 ? 0.11 * (ta - 177.3) : 0);
        return DefaultR - id - ieEff;
    }

    /// <summary>G.107 (B-4): MOS from R; 1 below R = 0, 4.5 above R = 100.</summary>
    public static double Mos(double r) => r <= 0 ? 1 : r >= 100 ? 4.5 : 1 + (0.035 * r) + (r * (r - 60) * (100 - r) * 7e-6);

    /// <summary>The MOS estimate for a codec, a packet loss in percent and a one-way delay.</summary>
    public static double Mos(CodecImpairment codec, double packetLossPercent, double oneWayDelayMs, double burstRatio = 1) =>
        Mos(RatingFactor(codec, packetLossPercent, oneWayDelayMs, burstRatio));
}
