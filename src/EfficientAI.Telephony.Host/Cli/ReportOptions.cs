using System.CommandLine;

namespace EfficientAI.Telephony.Host.Cli;

/// <summary>The report files `call` and `demo` can write besides the printed report.</summary>
internal static class ReportOptions
{
    public static Option<string?> JUnit() => new("--junit") { Description = "Write a JUnit XML report (a testcase per call and assertion) to this file" };

    public static Option<string?> Html() => new("--html") { Description = "Write a self-contained HTML report of the call to this file" };
}
