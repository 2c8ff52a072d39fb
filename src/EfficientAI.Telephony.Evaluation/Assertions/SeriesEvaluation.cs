using EfficientAI.Telephony.Evaluation.Metrics;

namespace EfficientAI.Telephony.Evaluation.Assertions;

/// <summary>How one assertion fared over the repeats of a dialplan: pass rate, and the spread of what it measured.</summary>
public sealed record AssertionSeries(
    string Name,
    string Threshold,
    int Passed,
    int Failed,
    int NotRun,
    double? MeasuredMin,
    double? MeasuredMedian,
    double? MeasuredMax)
{
    public int Runs => Passed + Failed + NotRun;

    /// <summary>Passed over the calls that checked it; null when no call could.</summary>
    public double? PassRate => Passed + Failed == 0 ? null : (double)Passed / (Passed + Failed);

    /// <summary>Passed on some calls and failed on others: the agent is not reliable on this point.</summary>
    public bool Flaky => Passed > 0 && Failed > 0;
}

/// <summary>Verdict of a series (dialplan × repeat): every call that reached the agent passed, none failed.</summary>
public enum SeriesVerdict
{
    Passed,

    /// <summary>Every call that reached the agent failed the same way.</summary>
    Failed,

    /// <summary>Some calls passed and others failed.</summary>
    Flaky,

    /// <summary>No call reached the agent.</summary>
    NotRun,
}

/// <summary>
/// The calls of one dialplan run <c>repeat</c> times, judged together: the pass rate and spread per assertion, so a
/// team sees that "latency.p95Ms passed 7 of 10" rather than whichever call happened to run last.
/// </summary>
public sealed record SeriesEvaluation(string Dialplan, IReadOnlyList<CallEvaluation> Calls, IReadOnlyList<AssertionSeries> Assertions)
{
    public int CallsPassed => Calls.Count(c => c.Verdict == CallVerdict.Passed);

    public int CallsFailed => Calls.Count(c => c.Verdict == CallVerdict.Failed);

    public int CallsNotRun => Calls.Count(c => c.Verdict == CallVerdict.NotRun);

    public SeriesVerdict Verdict => (CallsPassed, CallsFailed) switch
    {
        (0, 0) => SeriesVerdict.NotRun,
        (_, 0) => SeriesVerdict.Passed,
        (0, _) => SeriesVerdict.Failed,
        _ => SeriesVerdict.Flaky,
    };

    public static SeriesEvaluation Of(string dialplan, IReadOnlyList<CallEvaluation> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var names = calls.SelectMany(c => c.Assertions.Select(a => a.Name)).Distinct().ToList();
        var series = names.Select(name =>
        {
            var results = calls.Select(c => c.Assertions.FirstOrDefault(a => a.Name == name)).OfType<AssertionResult>().ToList();
            var measured = results.Where(r => r.Status != AssertionStatus.NotRun && r.MeasuredValue is not null).Select(r => r.MeasuredValue!.Value).ToList();
            return new AssertionSeries(
                name,
                results[0].Threshold,
                results.Count(r => r.Status == AssertionStatus.Passed),
                results.Count(r => r.Status == AssertionStatus.Failed),
                results.Count(r => r.Status == AssertionStatus.NotRun),
                measured.Count == 0 ? null : measured.Min(),
                Percentile.Of(measured, 50),
                measured.Count == 0 ? null : measured.Max());
        }).ToList();
        return new SeriesEvaluation(dialplan, calls, series);
    }
}
