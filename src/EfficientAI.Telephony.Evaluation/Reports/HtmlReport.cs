using System.Globalization;
using System.Text;
using EfficientAI.Telephony.Conversation.Timeline;
using EfficientAI.Telephony.Evaluation.Assertions;
using EfficientAI.Telephony.Evaluation.Metrics;
using static EfficientAI.Telephony.Evaluation.Reports.Svg;

namespace EfficientAI.Telephony.Evaluation.Reports;

/// <summary>
/// A self-contained HTML page for one call that a person reads in a minute: verdict, caller/agent lanes on a time
/// axis, per-turn latency bars, transcript, SIP ladder, RTP numbers and the assertion table. CSS and SVG are inline
/// and nothing is fetched, so the file can be mailed, attached to a CI run or opened offline.
/// </summary>
public static class HtmlReport
{
    public static string Write(CallEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var call = evaluation.Call;
        var m = evaluation.Metrics;
        var verdict = evaluation.Verdict switch
        {
            CallVerdict.Passed => "passed",
            CallVerdict.Failed => "failed",
            _ => "not-run",
        };
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append($"<title>{E(evaluation.Dialplan)} — {E(verdict)} — {E(call.CallId)}</title>");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append("<style>").Append(Css).Append("</style></head><body>");
        sb.Append($"<header><h1>{E(evaluation.Dialplan)}</h1><span id=\"verdict\" class=\"badge {verdict}\">{E(verdict)}</span>");
        sb.Append($"<p class=\"muted\">Call {E(call.CallId)} to {E(call.Target)}, {E(call.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))}</p>");
        if (evaluation.VerdictCause is { } cause)
        {
            sb.Append($"<p id=\"cause\">{E(cause)}</p>");
        }

        sb.Append("</header>");

        sb.Append("<section><h2>Summary</h2><dl id=\"summary\" class=\"grid\">");
        Item(sb, "outcome", $"{call.Outcome} (SIP {call.SipStatus}){(call.Cause is null ? "" : $" — {call.Cause}")}");
        Item(sb, "post-dial delay", call.PddMs is { } pdd ? Ms(pdd) : "—");
        Item(sb, "duration", call.DurationMs is { } d ? $"{(d / 1000).ToString("0.0", CultureInfo.InvariantCulture)} s" : "—");
        Item(sb, "latency p50 / p95 / max", m.LatencyMaxMs is null ? "—" : $"{Ms(m.LatencyP50Ms!.Value)} / {Ms(m.LatencyP95Ms!.Value)} / {Ms(m.LatencyMaxMs.Value)}");
        Item(sb, "time to first audio", m.TimeToFirstAudioMs is { } ttfa ? Ms(ttfa) : "—");
        Item(sb, "longest dead air", m.LongestDeadAir is { } gap ? $"{Ms(gap.LengthMs)} at {Ms(gap.StartMs)}" : "—");
        Item(sb, "talk ratio (agent)", m.AgentTalkRatio is { } ratio ? ratio.ToString("0%", CultureInfo.InvariantCulture) : "—");
        Item(sb, "interruptions", $"agent {m.AgentInterruptions.Count}, caller {m.CallerInterruptions.Count}");
        Item(sb, "judge", evaluation.Judge);
        sb.Append("</dl></section>");

        sb.Append("<section><h2>Turns</h2>").Append(TimelineSvg.Render(call)).Append("</section>");
        var limit = evaluation.Assertions.FirstOrDefault(a => a.Name is "latency.maxMs" or "latency.p95Ms" && a.Threshold.StartsWith('≤'));
        sb.Append("<section><h2>Response latency per turn</h2>").Append(TimelineSvg.LatencyBars(call, ParseThreshold(limit?.Threshold))).Append("</section>");
        Transcript(sb, evaluation);
        sb.Append("<section><h2>Assertions</h2><table id=\"assertions\"><thead><tr><th>status</th><th>assertion</th><th>measured</th><th>threshold</th><th>detail</th><th>evidence</th></tr></thead><tbody>");
        foreach (var a in evaluation.Assertions)
        {
            var status = a.Status switch { AssertionStatus.Passed => "passed", AssertionStatus.Failed => "failed", _ => "not-run" };
            sb.Append($"<tr class=\"assertion {status}\" data-name=\"{E(a.Name)}\"><td><span class=\"badge {status}\">{status}</span></td><td>{E(a.Name)}</td><td>{E(a.Measured ?? "—")}</td><td>{E(a.Threshold)}</td><td>{E(a.Detail)}</td><td>{E(Evidence(a.Evidence))}</td></tr>");
        }

        sb.Append("</tbody></table></section>");
        sb.Append("<section><h2>SIP ladder</h2>").Append(SipLadderSvg.Render(call)).Append("</section>");
        var rtp = call.Rtp;
        sb.Append("<section><h2>RTP</h2><table id=\"rtp\"><tbody>");
        sb.Append($"<tr><th>packets sent</th><td>{rtp.Sent}</td></tr><tr><th>packets received</th><td>{rtp.Received}</td></tr>");
        sb.Append($"<tr><th>packets lost</th><td>{rtp.Lost}</td></tr><tr><th>interarrival jitter (RFC 3550 §6.4.1)</th><td>{rtp.JitterMs.ToString("0.00", CultureInfo.InvariantCulture)} ms</td></tr>");
        sb.Append($"<tr><th>late frames (sent &gt; 2 ms after their slot)</th><td>{rtp.LateFrames}</td></tr><tr><th>MOS (E-model)</th><td>{(rtp.Mos is { } mos ? mos.ToString("0.00", CultureInfo.InvariantCulture) : "not measured")}</td></tr>");
        sb.Append("</tbody></table></section>");
        sb.Append("<footer class=\"muted\">EfficientAI.Telephony — times are milliseconds since answer on the call's media clock.</footer></body></html>\n");
        return sb.ToString();
    }

    private static void Transcript(StringBuilder sb, CallEvaluation evaluation)
    {
        sb.Append("<section><h2>Transcript</h2><table id=\"transcript\"><thead><tr><th>from</th><th>to</th><th>speaker</th><th>text</th></tr></thead><tbody>");
        foreach (var t in evaluation.Call.Turns.OrderBy(t => t.StartMs))
        {
            var who = t.Speaker == Speaker.Caller ? "caller" : "agent";
            var text = t.Text ?? (t.Speaker == Speaker.Agent ? "(not transcribed)" : "");
            sb.Append($"<tr class=\"{who}\"><td>{Ms(t.StartMs)}</td><td>{Ms(t.EndMs)}</td><td>{who}</td><td>{E(text)}</td></tr>");
        }

        sb.Append("</tbody></table></section>");
    }

    private static void Item(StringBuilder sb, string name, string value) => sb.Append($"<div><dt>{E(name)}</dt><dd>{E(value)}</dd></div>");

    private static string Evidence(Evidence? e)
    {
        if (e is null)
        {
            return "";
        }

        var range = e.Range is { } r ? $"{Ms(r.StartMs)} – {Ms(r.EndMs)}" : null;
        return string.Join(" · ", new[] { range, e.Excerpt }.Where(s => !string.IsNullOrEmpty(s)));
    }

    private static double? ParseThreshold(string? threshold) =>
        threshold is null ? null
        : double.TryParse(threshold.TrimStart('≤', ' ').Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private const string Css = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1100px;padding:16px 24px;color:#1d2330;background:#fff}
        h1{display:inline;font-size:22px;margin-right:12px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #e3e6ec;padding-bottom:4px}
        .muted{color:#6b7280}.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff}
        .badge.passed{background:#1a7f37}.badge.failed{background:#cf222e}.badge.not-run{background:#8250df}
        #verdict{font-size:14px;vertical-align:middle}
        dl.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:8px;margin:0}dl.grid div{background:#f6f8fa;border-radius:6px;padding:6px 10px}
        dt{font-size:12px;color:#6b7280}dd{margin:0;font-weight:600}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eef0f3;vertical-align:top}
        tr.assertion.failed td{background:#ffebe9}tr.assertion.not-run td{background:#f5f0ff}
        svg text{font-size:12px;fill:#1d2330}.lane-label{font-weight:600}.tick{fill:#6b7280;text-anchor:middle;font-size:11px}
        .grid{stroke:#eef0f3}.axis{stroke:#9aa1ad}
        rect.turn.caller{fill:#2f81f7}rect.turn.agent{fill:#1a7f37}rect.latency{fill:#d4a72c}.latency-label{font-size:11px}
        rect.latency-bar{fill:#d4a72c}rect.latency-bar.over{fill:#cf222e}line.threshold{stroke:#cf222e;stroke-dasharray:4 3}
        .lifeline{stroke:#9aa1ad;stroke-width:2}.party{text-anchor:middle;font-weight:600}
        .sip-message line{stroke:#1d2330}.sip-message polygon{fill:#1d2330}.sip-message.in line{stroke:#2f81f7}.sip-message.in polygon{fill:#2f81f7}
        .sip-label{text-anchor:middle;font-family:ui-monospace,monospace;font-size:11px}.sip-time{text-anchor:end;fill:#6b7280;font-size:11px}
        footer{margin-top:24px;font-size:12px}
        """;
}
