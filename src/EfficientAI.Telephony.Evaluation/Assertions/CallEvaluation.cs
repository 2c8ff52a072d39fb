using EfficientAI.Telephony.Evaluation.Metrics;
using EfficientAI.Telephony.Evaluation.Observations;

namespace EfficientAI.Telephony.Evaluation.Assertions;

public enum CallVerdict
{
    Passed,

    /// <summary>The agent was reached and at least one assertion failed.</summary>
    Failed,

    /// <summary>The call never reached the agent (busy, no answer, trunk or harness failure): nothing to judge it on.</summary>
    NotRun,
}

/// <summary>The verdict on one call with every assertion result, the metrics and what the judge did.</summary>
public sealed record CallEvaluation(
    string Dialplan,
    ObservedCall Call,
    CallVerdict Verdict,
    string? VerdictCause,
    CallMetrics Metrics,
    IReadOnlyList<AssertionResult> Assertions,
    string Judge);
