using System.Text;
using EfficientAI.Telephony.Conversation.Timeline;
using EfficientAI.Telephony.Evaluation.Observations;
using static EfficientAI.Telephony.Evaluation.Reports.Svg;

namespace EfficientAI.Telephony.Evaluation.Reports;

/// <summary>
/// The SIP ladder (RFC 3665 style): the harness on the left, the agent on the right, one arrow per message of the
/// call's SIP trace in time order, labelled with its start line and when it happened on the media clock.
/// </summary>
internal static class SipLadderSvg
{
    public static string Render(ObservedCall call)
    {
        var messages = call.Timeline.Where(e => e.Kind == TimelineEventKind.SipMessage && e.Text is not null).ToList();
        if (messages.Count == 0)
        {
            return "<p class=\"muted\">No SIP messages were traced for this call.</p>";
        }

        const double leftX = 180, rightX = 820, rowHeight = 30;
        var height = 50 + messages.Count * rowHeight;
        var sb = new StringBuilder($"<svg id=\"sip-ladder\" role=\"img\" aria-label=\"SIP messages of the call\" viewBox=\"0 0 1000 {N(height)}\" width=\"100%\">");
        sb.Append($"<text x=\"{N(leftX)}\" y=\"18\" class=\"party\">harness (caller)</text><text x=\"{N(rightX)}\" y=\"18\" class=\"party\">{E(call.Target)}</text>");
        sb.Append($"<line x1=\"{N(leftX)}\" y1=\"26\" x2=\"{N(leftX)}\" y2=\"{N(height)}\" class=\"lifeline\"/><line x1=\"{N(rightX)}\" y1=\"26\" x2=\"{N(rightX)}\" y2=\"{N(height)}\" class=\"lifeline\"/>");
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            var outgoing = m.Text!.StartsWith('→');
            var label = m.Text.TrimStart('→', '←', ' ');
            var y = 50 + i * rowHeight;
            var (x1, x2) = outgoing ? (leftX, rightX) : (rightX, leftX);
            var head = outgoing ? $"{N(x2 - 8)},{N(y - 4)} {N(x2)},{N(y)} {N(x2 - 8)},{N(y + 4)}" : $"{N(x2 + 8)},{N(y - 4)} {N(x2)},{N(y)} {N(x2 + 8)},{N(y + 4)}";
            sb.Append($"<g class=\"sip-message {(outgoing ? "out" : "in")}\"><line x1=\"{N(x1)}\" y1=\"{N(y)}\" x2=\"{N(x2)}\" y2=\"{N(y)}\"/><polygon points=\"{head}\"/>");
            sb.Append($"<text x=\"500\" y=\"{N(y - 5)}\" class=\"sip-label\">{E(Shorten(label))}</text>");
            sb.Append($"<text x=\"{N(leftX - 10)}\" y=\"{N(y + 4)}\" class=\"sip-time\">{Ms(m.AtMs)}</text></g>");
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    private static string Shorten(string startLine) => startLine.Length <= 70 ? startLine : startLine[..67] + "…";
}
