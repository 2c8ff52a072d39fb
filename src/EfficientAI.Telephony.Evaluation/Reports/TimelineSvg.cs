using System.Text;
using EfficientAI.Telephony.Conversation.Timeline;
using EfficientAI.Telephony.Evaluation.Observations;
using static EfficientAI.Telephony.Evaluation.Reports.Svg;

namespace EfficientAI.Telephony.Evaluation.Reports;

/// <summary>
/// The call on its media clock: a caller lane and an agent lane with each turn as a bar, and under them the response
/// latency of each caller turn (caller end of speech → agent onset) as its own bar, so slow turns stand out.
/// </summary>
internal static class TimelineSvg
{
    private const double Width = 1000;
    private const double Left = 70;
    private const double Right = 20;

    public static string Render(ObservedCall call)
    {
        var end = Math.Max(call.DurationMs ?? 0, call.Turns.Count == 0 ? 1000 : call.Turns.Max(t => t.EndMs));
        end = Math.Max(end, 1000);
        double X(double ms) => Left + ms / end * (Width - Left - Right);
        var sb = new StringBuilder();
        sb.Append($"<svg id=\"lanes\" role=\"img\" aria-label=\"turns of the call on a time axis\" viewBox=\"0 0 {N(Width)} 170\" width=\"100%\">");
        sb.Append("<text x=\"8\" y=\"38\" class=\"lane-label\">caller</text><text x=\"8\" y=\"78\" class=\"lane-label\">agent</text>");
        sb.Append("<text x=\"8\" y=\"118\" class=\"lane-label\">latency</text>");
        sb.Append($"<line x1=\"{N(Left)}\" y1=\"140\" x2=\"{N(Width - Right)}\" y2=\"140\" class=\"axis\"/>");
        var step = TickStep(end);
        for (var t = 0.0; t <= end + 1; t += step)
        {
            sb.Append($"<line x1=\"{N(X(t))}\" y1=\"20\" x2=\"{N(X(t))}\" y2=\"144\" class=\"grid\"/>");
            sb.Append($"<text x=\"{N(X(t))}\" y=\"158\" class=\"tick\">{N(t / 1000)} s</text>");
        }

        foreach (var turn in call.Turns)
        {
            var caller = turn.Speaker == Speaker.Caller;
            var y = caller ? 24 : 64;
            var w = Math.Max(1, X(turn.EndMs) - X(turn.StartMs));
            sb.Append($"<rect class=\"turn {(caller ? "caller" : "agent")}\" x=\"{N(X(turn.StartMs))}\" y=\"{y}\" width=\"{N(w)}\" height=\"22\" rx=\"3\">");
            sb.Append($"<title>{E(caller ? "caller" : "agent")} {Ms(turn.StartMs)} – {Ms(turn.EndMs)}{(turn.Text is null ? "" : ": " + E(turn.Text))}</title></rect>");
        }

        var callerTurns = call.Turns.Where(t => t.Speaker == Speaker.Caller).OrderBy(t => t.StartMs).ToList();
        for (var i = 0; i < Math.Min(callerTurns.Count, call.ResponseLatenciesMs.Count); i++)
        {
            var from = callerTurns[i].EndMs;
            var latency = call.ResponseLatenciesMs[i];
            sb.Append($"<rect class=\"latency\" x=\"{N(X(from))}\" y=\"106\" width=\"{N(Math.Max(1, X(from + latency) - X(from)))}\" height=\"16\">");
            sb.Append($"<title>turn {i + 1}: {Ms(latency)}</title></rect>");
            sb.Append($"<text class=\"latency-label\" x=\"{N(X(from + latency) + 4)}\" y=\"118\">{Ms(latency)}</text>");
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>One horizontal bar per answered caller turn, scaled to the slowest turn or the threshold.</summary>
    public static string LatencyBars(ObservedCall call, double? thresholdMs)
    {
        var latencies = call.ResponseLatenciesMs;
        if (latencies.Count == 0)
        {
            return "<p class=\"muted\">No response latency was measured.</p>";
        }

        var scale = Math.Max(latencies.Max(), thresholdMs ?? 0) * 1.1;
        const double barLeft = 80, barWidth = 780;
        var height = 20 + latencies.Count * 26;
        var sb = new StringBuilder($"<svg id=\"latency-bars\" role=\"img\" aria-label=\"response latency per turn\" viewBox=\"0 0 1000 {height + 10}\" width=\"100%\">");
        for (var i = 0; i < latencies.Count; i++)
        {
            var y = 10 + i * 26;
            var over = thresholdMs is { } limit && latencies[i] > limit;
            sb.Append($"<text x=\"8\" y=\"{y + 14}\" class=\"lane-label\">turn {i + 1}</text>");
            sb.Append($"<rect class=\"latency-bar{(over ? " over" : "")}\" x=\"{N(barLeft)}\" y=\"{y}\" width=\"{N(Math.Max(1, latencies[i] / scale * barWidth))}\" height=\"18\"><title>{Ms(latencies[i])}</title></rect>");
            sb.Append($"<text x=\"{N(barLeft + latencies[i] / scale * barWidth + 6)}\" y=\"{y + 14}\" class=\"latency-label\">{Ms(latencies[i])}</text>");
        }

        if (thresholdMs is { } t)
        {
            var x = barLeft + t / scale * barWidth;
            sb.Append($"<line class=\"threshold\" x1=\"{N(x)}\" y1=\"4\" x2=\"{N(x)}\" y2=\"{height}\"/><text x=\"{N(x + 4)}\" y=\"{height + 6}\" class=\"tick\">limit {Ms(t)}</text>");
        }

        sb.Append("</svg>");
        return sb.ToString();
    }
}
