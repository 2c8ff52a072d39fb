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

    public static int Fail(Exception ex)
    {
        Console.Error.WriteLine($"efficientai: {ex.Message}");
        return ex is DialplanException or OptionsException ? 2 : 3;
    }
}
