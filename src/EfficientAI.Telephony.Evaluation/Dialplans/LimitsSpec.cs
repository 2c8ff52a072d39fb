using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace EfficientAI.Telephony.Evaluation.Dialplans;

[Description("Bounds of the call")]
public sealed class LimitsSpec
{
    [Range(1, 3600)]
    [Description("The caller hangs up after this long")]
    public int MaxDurationSeconds { get; set; } = 60;

    [Range(1, 300)]
    [Description("CANCEL when not answered within this long")]
    public int RingTimeoutSeconds { get; set; } = 30;

    /// <summary>How long the caller waits for the agent to speak before giving up.</summary>
    [Range(1, 300)]
    [Description("The caller gives up when the agent stays silent this long")]
    public int MaxSilenceSeconds { get; set; } = 10;
}
