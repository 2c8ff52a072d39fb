using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace EfficientAI.Telephony.Evaluation.Dialplans;

/// <summary>One thing the caller does; exactly one action key per step.</summary>
[ExactlyOneOf]
[Description("One caller action: exactly one of say, expect, press, waitSeconds, interrupt, silenceSeconds, hangup")]
public sealed class StepSpec
{
    [Description("Say this line")]
    public string? Say { get; set; }

    [Description("Wait until the agent says something that matches")]
    public ExpectSpec? Expect { get; set; }

    [RegularExpression("^[0-9A-D*#]+$")]
    [Description("Send these DTMF digits (RFC 4733 telephone-events): 0-9, A-D, * and #")]
    public string? Press { get; set; }

    [Range(0.0, 600.0)]
    [Description("Do nothing for this many seconds")]
    public double? WaitSeconds { get; set; }

    [Description("Say this while the agent is still speaking (barge-in); a string is the line, said 800 ms into the agent's turn")]
    public InterruptSpec? Interrupt { get; set; }

    [Range(0.0, 600.0)]
    [Description("Stay silent for this many seconds, whatever the agent does")]
    public double? SilenceSeconds { get; set; }

    [Description("Hang up (true)")]
    public bool? Hangup { get; set; }

    /// <summary>The action key that is set, for messages and reports.</summary>
    public string Action =>
        Say is not null ? "say" : Expect is not null ? "expect" : Press is not null ? "press" : WaitSeconds is not null ? "waitSeconds"
        : Interrupt is not null ? "interrupt" : SilenceSeconds is not null ? "silenceSeconds" : Hangup is not null ? "hangup" : "none";
}

[ScalarShorthand(nameof(Say))]
[Description("A barge-in: the caller starts this line while the agent is talking")]
public sealed class InterruptSpec
{
    [Required]
    [Description("What the caller says over the agent")]
    public string? Say { get; set; }

    [Range(0, 60000)]
    [Description("How long after the agent starts its turn the caller starts talking")]
    public int AfterMs { get; set; } = 800;
}

[ScalarShorthand(nameof(Phrase))]
[Description("What the agent should say: a phrase (normalised containment), a regex, or an intent (judged); a string is a phrase")]
public sealed class ExpectSpec
{
    [Description("Words the agent says, compared after normalisation (case, punctuation, numbers as words)")]
    public string? Phrase { get; set; }

    [Description(".NET regular expression matched against the agent's transcript")]
    public string? Regex { get; set; }

    [Description("What the agent means, in words; checked by the judge")]
    public string? Intent { get; set; }

    [Range(0.5, 600.0)]
    [Description("How long to wait for it")]
    public double TimeoutSeconds { get; set; } = 10;
}
