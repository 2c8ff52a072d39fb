using System.Globalization;
using EfficientAI.Telephony.Host.Dialplans;

namespace EfficientAI.Telephony.Host.Running;

/// <summary>The dialplan's assertions checked against a finished call, each with the measured value and the limit.</summary>
internal static class Assertions
{
    public static IReadOnlyList<AssertionReport> Evaluate(Dialplan plan, CallReport report)
    {
        var results = new List<AssertionReport>();
        var a = plan.Assertions;
        if (a.Outcome is { } expected)
        {
            results.Add(new AssertionReport("outcome", string.Equals(expected, report.Outcome, StringComparison.OrdinalIgnoreCase),
                $"expected {expected}, got {report.Outcome}{(report.Cause is null ? "" : $" ({report.Cause})")}"));
        }

        if (a.MaxResponseLatencyMs is { } max)
        {
            if (report.ResponseLatencyMs.Count == 0)
            {
                results.Add(new AssertionReport("maxResponseLatencyMs", false, "no agent response was measured"));
            }
            else
            {
                var worst = report.ResponseLatencyMs.Max();
                results.Add(new AssertionReport("maxResponseLatencyMs", worst <= max,
                    string.Create(CultureInfo.InvariantCulture, $"worst {worst:0.0} ms, limit {max:0} ms")));
            }
        }

        if (a.MinAgentTurns is { } min)
        {
            var agentTurns = report.Turns.Count(t => t.Speaker == "agent");
            results.Add(new AssertionReport("minAgentTurns", agentTurns >= min, $"{agentTurns} agent turns, at least {min} expected"));
        }

        return results;
    }
}
