using System.CommandLine;
using EfficientAI.Telephony.Sip.Messages;
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

            var read = SipMessageReader.Read(File.ReadAllBytes(path.FullName), datagram: true, strict: true);
            if (!read.Success)
            {
                Console.Out.WriteLine($"invalid: {read.Error?.ToString() ?? "incomplete message"}");
                return 1;
            }

            var m = read.Message;
            Console.Out.WriteLine(m switch
            {
                SipRequest r => $"request {r.Method} {r.RequestUri}",
                SipResponse s => $"response {s.StatusCode} {s.ReasonPhrase}",
                _ => "message",
            });
            Console.Out.WriteLine($"call-id {m.CallId}");
            Console.Out.WriteLine($"cseq {m.CSeq}");
            Console.Out.WriteLine($"from {m.From}");
            Console.Out.WriteLine($"to {m.To}");
            Console.Out.WriteLine($"via {string.Join(" | ", m.Vias)}");
            Console.Out.WriteLine($"headers {m.Headers.Count}");
            Console.Out.WriteLine($"body {m.Body.Length} bytes{(m.ContentType is { } ct ? $" ({ct})" : "")}");
            return 0;
        });
        var command = new Command("sip", "SIP tools") { parse };
        return command;
    }
}
