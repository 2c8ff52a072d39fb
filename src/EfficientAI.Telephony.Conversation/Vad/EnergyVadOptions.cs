namespace EfficientAI.Telephony.Conversation.Vad;

/// <summary>Thresholds of <see cref="EnergyVad"/>.</summary>
public sealed record EnergyVadOptions
{
    /// <summary>
    /// A frame is speech when its RMS level is at or above this, in dB relative to full scale
    /// (32768). −40 dBFS ≈ RMS 328: well above line noise on a telephone channel, well below speech.
    /// </summary>
    public double ThresholdDbfs { get; init; } = -40;

    /// <summary>
    /// A sample is voiced when |x| ≥ this (16-bit scale). This is the sample-accurate definition of
    /// where speech starts and ends, so the caller and the agent looking at the same audio agree to
    /// the sample; it must sit above the noise floor's peaks.
    /// </summary>
    public int VoicedAmplitude { get; init; } = 300;

    /// <summary>Throws when a value is outside its range, naming it.</summary>
    public void Validate()
    {
        if (VoicedAmplitude is < 1 or > 32767)
        {
            throw new ArgumentOutOfRangeException(nameof(VoicedAmplitude), VoicedAmplitude, "VoicedAmplitude must be between 1 and 32767.");
        }

        if (double.IsNaN(ThresholdDbfs) || ThresholdDbfs > 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ThresholdDbfs), ThresholdDbfs, "ThresholdDbfs must be a level at or below 0 dBFS.");
        }
    }
}
