using EfficientAI.Telephony.Evaluation.Reports;
using EfficientAI.Telephony.Host.Running;

namespace EfficientAI.Telephony.Host.Reports;

/// <summary>Writes the report files a command was asked for (--junit, --html) next to the printed report.</summary>
internal static class ReportFiles
{
    public static async Task WriteAsync(CallRun run, string? junitPath, string? htmlPath, CancellationToken cancellationToken)
    {
        if (junitPath is not null)
        {
            await WriteFileAsync(junitPath, JUnitReport.Write([run.Evaluation]), cancellationToken).ConfigureAwait(false);
        }

        if (htmlPath is not null)
        {
            await WriteFileAsync(htmlPath, HtmlReport.Write(run.Evaluation), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteFileAsync(string path, string content, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, content, cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"efficientai: wrote {full}");
    }
}
