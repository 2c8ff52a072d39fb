namespace EfficientAI.Telephony.Calls;

/// <summary>How a call attempt ended, in the words users report it (the JSON spelling is in <see cref="CallOutcomes"/>).</summary>
public enum CallOutcome
{
    /// <summary>Answered, talked, and hung up by either side.</summary>
    Completed,

    /// <summary>Rang (or was tried) without an answer: 408, 480, our ring timeout, or no response at all.</summary>
    NoAnswer,

    /// <summary>486 Busy Here or 600 Busy Everywhere.</summary>
    Busy,

    /// <summary>Any other final error response (4xx/5xx/6xx).</summary>
    Rejected,

    /// <summary>The call could not be placed or carried: unreachable target, no common codec, media failure.</summary>
    Failed,
}

public static class CallOutcomes
{
    public static string ToWireName(this CallOutcome outcome) => outcome switch
    {
        CallOutcome.Completed => "completed",
        CallOutcome.NoAnswer => "no-answer",
        CallOutcome.Busy => "busy",
        CallOutcome.Rejected => "rejected",
        _ => "failed",
    };

    /// <summary>Maps a final SIP status of a failed INVITE to the outcome users expect.</summary>
    public static CallOutcome FromFinalStatus(int status) => status switch
    {
        486 or 600 => CallOutcome.Busy,
        408 or 480 or 487 => CallOutcome.NoAnswer,
        >= 300 => CallOutcome.Rejected,
        _ => CallOutcome.Failed,
    };
}
