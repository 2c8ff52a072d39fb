using System.Text;
using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Parsing;

/// <summary>
/// The verdict on one message read strictly (what `efficientai sip parse` prints): a summary for a message that
/// parses, or <c>invalid: &lt;reason&gt;</c> naming the header and the line and byte where the fault is.
/// </summary>
public sealed record SipParseVerdict(bool Valid, string Text)
{
    /// <summary>The process exit code: 0 for a valid message, 1 for one that must be rejected.</summary>
    public int ExitCode => Valid ? 0 : 1;

    public static SipParseVerdict Of(ReadOnlySpan<byte> bytes)
    {
        var read = SipMessageReader.Read(bytes, datagram: true, strict: true);
        if (!read.Success)
        {
            var error = read.Error;
            return new SipParseVerdict(false, error is null ? "invalid: incomplete message" : $"invalid: {error}{Where(bytes, error)}");
        }

        var m = read.Message;
        var text = new StringBuilder();
        text.AppendLine(m switch
        {
            SipRequest r => $"request {r.Method} {r.RequestUri}",
            SipResponse s => $"response {s.StatusCode} {s.ReasonPhrase}",
            _ => "message",
        });
        text.AppendLine($"call-id {m.CallId}");
        text.AppendLine($"cseq {m.CSeq}");
        text.AppendLine($"from {m.From}");
        text.AppendLine($"to {m.To}");
        text.AppendLine($"via {string.Join(" | ", m.Vias)}");
        text.AppendLine($"headers {m.Headers.Count}");
        text.Append($"body {m.Body.Length} bytes{(m.ContentType is { } ct ? $" ({ct})" : "")}");
        return new SipParseVerdict(true, text.ToString());
    }

    /// <summary>" (line L, byte B)" for the error's offset, or for the first line of the header it names.</summary>
    private static string Where(ReadOnlySpan<byte> bytes, SipParseError error)
    {
        var offset = error.Offset >= 0 ? error.Offset : error.Header is { } header ? FindHeaderLine(bytes, header) : -1;
        if (offset < 0 || offset > bytes.Length)
        {
            return "";
        }

        var line = bytes[..offset].Count((byte)'\n') + 1;
        return $" (line {line}, byte {offset})";
    }

    private static int FindHeaderLine(ReadOnlySpan<byte> bytes, string header)
    {
        var pos = 0;
        while (pos < bytes.Length)
        {
            var end = bytes[pos..].IndexOf((byte)'\n');
            var line = end < 0 ? bytes[pos..] : bytes[pos..(pos + end)];
            var colon = line.IndexOf((byte)':');
            if (colon > 0 && pos > 0)
            {
                var name = Encoding.Latin1.GetString(line[..colon]).Trim();
                if (HeaderNames.Canonical(name).Equals(header, StringComparison.OrdinalIgnoreCase))
                {
                    return pos;
                }
            }

            if (end < 0 || line.Trim((byte)'\r').IsEmpty)
            {
                break;
            }

            pos += end + 1;
        }

        return -1;
    }
}
