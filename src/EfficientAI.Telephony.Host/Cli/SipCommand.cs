using System.CommandLine;
using EfficientAI.Telephony.Sip.Parsing;

namespace EfficientAI.Telephony.Host.Cli;

/// <summary>`sip parse FILE`: exit 0 with a summary, or exit 1 with `invalid: &lt;reason&gt;`.</summary>
internal static class SipCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A file holding one SIP message, byte-exact" };
        var parse = new Command("parse", "Parse one SIP message") { file };
        parse.SetAction(result =>
        {
            var path = result.GetRequiredValue(file);
            if (!path.Exists)
            {
                Console.Error.WriteLine($"efficientai: {path.FullName}: file not found");
                return 2;
            }

            var verdict = SipParseVerdict.Of(File.ReadAllBytes(path.FullName));
            Console.Out.WriteLine(verdict.Text);
            return verdict.ExitCode;
        });
        var command = new Command("sip", "SIP tools") { parse };
        return command;
    }
}
