using EfficientAI.Telephony.Evaluation.Metrics;

namespace EfficientAI.Telephony.Evaluation.Assertions;

public enum AssertionStatus
{
    Passed,
    Failed,

    /// <summary>Could not be checked: the call never reached the agent, or what it needs was not measured (said why).</summary>
    NotRun,
}

/// <summary>Where in the call an assertion's verdict comes from: a stretch of the media clock and/or words said.</summary>
public sealed record Evidence(TimeRange? Range, string? Excerpt);

/// <summary>
/// One checked assertion: what was measured, the threshold it was held to, and the evidence, so a failure reads
/// "latency.p95Ms: measured 1840 ms, threshold ≤ 1500 ms" and points at the turn that caused it.
/// </summary>
public sealed record AssertionResult(
    string Name,
    AssertionStatus Status,
    string? Measured,
    string Threshold,
    string Detail,
    double? MeasuredValue = null,
    Evidence? Evidence = null)
{
    public bool Passed => Status == AssertionStatus.Passed;

    public static AssertionResult NotRun(string name, string threshold, string reason) =>
        new(name, AssertionStatus.NotRun, null, threshold, reason);
}
