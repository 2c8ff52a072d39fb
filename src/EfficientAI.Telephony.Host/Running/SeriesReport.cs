using System.Globalization;
using System.Text;
using System.Text.Json;
using EfficientAI.Telephony.Evaluation.Assertions;

namespace EfficientAI.Telephony.Host.Running;

/// <summary>The report of a dialplan run <c>repeat</c> times: every call's report, then pass rate and spread per assertion.</summary>
public sealed record SeriesReport
{
    public required string Dialplan { get; init; }

    /// <summary>passed | failed | flaky (some calls passed, others failed) | not-run.</summary>
    public required string Verdict { get; init; }

    public int CallsPassed { get; init; }

    public int CallsFailed { get; init; }

    public int CallsNotRun { get; init; }

    public IReadOnlyList<AssertionSeriesReport> Assertions { get; init; } = [];

    public IReadOnlyList<CallReport> Calls { get; init; } = [];

    public bool Passed => Verdict == "passed";

    public static SeriesReport Of(string dialplan, IReadOnlyList<CallRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var series = SeriesEvaluation.Of(dialplan, [.. runs.Select(r => r.Evaluation)]);
        return new SeriesReport
        {
            Dialplan = dialplan,
            Verdict = series.Verdict switch
            {
                SeriesVerdict.Passed => "passed",
                SeriesVerdict.Failed => "failed",
                SeriesVerdict.Flaky => "flaky",
                _ => "not-run",
            },
            CallsPassed = series.CallsPassed,
            CallsFailed = series.CallsFailed,
            CallsNotRun = series.CallsNotRun,
            Assertions = [.. series.Assertions.Select(a => new AssertionSeriesReport(
                a.Name, a.Threshold, a.Passed, a.Failed, a.NotRun,
                a.PassRate is { } rate ? Math.Round(rate, 3) : null, a.Flaky,
                Round(a.MeasuredMin), Round(a.MeasuredMedian), Round(a.MeasuredMax)))],
            Calls = [.. runs.Select(r => r.Report)],
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, ReportJson.Options);

    /// <summary>The summary printed after the calls' own reports.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Series {Dialplan}: {Calls.Count} calls — {CallsPassed} passed, {CallsFailed} failed, {CallsNotRun} not run");
        foreach (var a in Assertions)
        {
            var rate = a.PassRate is { } r ? $"{r * 100:0}%" : "n/a";
            var spread = a.MeasuredMedian is { } median
                ? string.Create(CultureInfo.InvariantCulture, $", measured min {a.MeasuredMin} / median {median} / max {a.MeasuredMax}")
                : "";
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {(a.Flaky ? "FLAKY" : a.Failed > 0 ? "FAIL " : a.Passed > 0 ? "PASS " : "N/A  ")}  {a.Name}: passed {a.Passed} of {a.Passed + a.Failed} ({rate}), threshold {a.Threshold}{spread}{(a.NotRun > 0 ? $", not run {a.NotRun}" : "")}");
        }

        sb.AppendLine($"  verdict      {Verdict}");
        return sb.ToString();
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;
}

public sealed record AssertionSeriesReport(
    string Name,
    string Threshold,
    int Passed,
    int Failed,
    int NotRun,
    double? PassRate,
    bool Flaky,
    double? MeasuredMin,
    double? MeasuredMedian,
    double? MeasuredMax);
