using EfficientAI.Telephony.Evaluation.Reports;
using EfficientAI.Telephony.Host.Running;

namespace EfficientAI.Telephony.Host.Reports;

/// <summary>Writes the report files a command was asked for (--junit, --html) next to the printed report.</summary>
internal static class ReportFiles
{
    /// <summary>One JUnit file for all the calls; one HTML page per call (FILE, or FILE-1, FILE-2… for a repeated dialplan).</summary>
    public static async Task WriteAsync(IReadOnlyList<CallRun> runs, string? junitPath, string? htmlPath, CancellationToken cancellationToken)
    {
        if (junitPath is not null)
        {
            await WriteFileAsync(junitPath, JUnitReport.Write([.. runs.Select(r => r.Evaluation)]), cancellationToken).ConfigureAwait(false);
        }

        if (htmlPath is not null)
        {
            for (var i = 0; i < runs.Count; i++)
            {
                await WriteFileAsync(Numbered(htmlPath, i, runs.Count)!, HtmlReport.Write(runs[i].Evaluation), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>FILE for a single call; FILE-1.ext, FILE-2.ext… for the calls of a series.</summary>
    public static string? Numbered(string? path, int index, int count) =>
        path is null || count == 1 ? path : Path.ChangeExtension(path, null) + $"-{index + 1}" + Path.GetExtension(path);

    private static async Task WriteFileAsync(string path, string content, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, content, cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"efficientai: wrote {full}");
    }
}
