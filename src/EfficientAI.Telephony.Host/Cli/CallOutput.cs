using EfficientAI.Telephony.Evaluation.Dialplans;
using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.Host.Running;

namespace EfficientAI.Telephony.Host.Cli;

internal static class CallOutput
{
    /// <summary>Stores the call, prints the report, and returns the exit code: 0 when every assertion passed.</summary>
    public static async Task<int> FinishAsync(CallRun run, ResultStore? store, bool json, CancellationToken cancellationToken)
    {
        var report = run.Report;
        if (store is not null)
        {
            var id = await store.StoreAsync(run, runId: null, cancellationToken).ConfigureAwait(false);
            report = report with { DbId = id };
        }

        if (json)
        {
            Console.Out.WriteLine(report.ToJson());
        }
        else
        {
            Console.Out.Write(report.ToText());
            if (store is not null)
            {
                Console.Out.WriteLine($"  database     {store.Description}");
            }
        }

        return report.Passed ? 0 : 1;
    }

    /// <summary>
    /// Stores every call of a repeated dialplan and prints each report, then the series (pass rate and spread per
    /// assertion); exit 0 only when every call that reached the agent passed. One call prints as <see cref="FinishAsync(CallRun, ResultStore?, bool, CancellationToken)"/>.
    /// </summary>
    public static async Task<int> FinishAsync(string dialplan, IReadOnlyList<CallRun> runs, ResultStore? store, bool json, CancellationToken cancellationToken)
    {
        if (runs.Count == 1)
        {
            return await FinishAsync(runs[0], store, json, cancellationToken).ConfigureAwait(false);
        }

        var stored = new List<CallRun>();
        foreach (var run in runs)
        {
            var id = store is null ? (long?)null : await store.StoreAsync(run, runId: null, cancellationToken).ConfigureAwait(false);
            stored.Add(run with { Report = run.Report with { DbId = id } });
        }

        var series = SeriesReport.Of(dialplan, stored);
        if (json)
        {
            Console.Out.WriteLine(series.ToJson());
        }
        else
        {
            foreach (var run in stored)
            {
                Console.Out.Write(run.Report.ToText());
                Console.Out.WriteLine();
            }

            Console.Out.Write(series.ToText());
            if (store is not null)
            {
                Console.Out.WriteLine($"  database     {store.Description}");
            }
        }

        return series.Passed ? 0 : 1;
    }

    public static int Fail(Exception ex)
    {
        Console.Error.WriteLine($"efficientai: {ex.Message}");
        return ex is DialplanException or OptionsException ? 2 : 3;
    }
}
