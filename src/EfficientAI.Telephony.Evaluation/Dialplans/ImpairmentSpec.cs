using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace EfficientAI.Telephony.Evaluation.Dialplans;

[Description("Line conditions of the call")]
public sealed class ImpairmentSpec
{
    [Description("Name of a network impairment profile (loss, jitter, delay); none when absent")]
    public string? Profile { get; set; }

    [Description("Name of a background noise mixed into the caller's audio (e.g. street, cafe, car)")]
    public string? Noise { get; set; }

    [Range(-10.0, 60.0)]
    [Description("Signal-to-noise ratio of the mixed noise")]
    public double SnrDb { get; set; } = 15;
}
