using System.CommandLine;

namespace EfficientAI.Telephony.Host.Cli;

internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print the call report as one JSON object (schema in README.md)" };

    public static Option<bool> Verbose() => new("--verbose", "-v") { Description = "Log SIP messages and media events to standard error" };

    public static Option<string?> Record() => new("--record") { Description = "Write a stereo WAV (caller left, agent right) to this file" };

    public static Option<int?> Repeat()
    {
        var option = new Option<int?>("--repeat") { Description = "Place the call this many times (default: the dialplan's repeat); prints pass rate and spread per assertion" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > 1000)
            {
                result.AddError("--repeat must be between 1 and 1000");
            }
        });
        return option;
    }

    public static Option<FileInfo?> Dialplan() => new("--dialplan", "-d") { Description = "The dialplan YAML to run" };
}
