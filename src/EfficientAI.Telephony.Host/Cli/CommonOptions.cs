using System.CommandLine;

namespace EfficientAI.Telephony.Host.Cli;

internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print the call report as one JSON object (schema in README.md)" };

    public static Option<bool> Verbose() => new("--verbose", "-v") { Description = "Log SIP messages and media events to standard error" };

    public static Option<string?> Record() => new("--record") { Description = "Write a stereo WAV (caller left, agent right) to this file" };

    public static Option<FileInfo?> Dialplan() => new("--dialplan", "-d") { Description = "The dialplan YAML to run" };
}
