using System.Globalization;
using EfficientAI.Telephony.Conversation.Timeline;
using EfficientAI.Telephony.Evaluation.Dialplans;
using EfficientAI.Telephony.Evaluation.Judging;
using EfficientAI.Telephony.Evaluation.Metrics;
using EfficientAI.Telephony.Evaluation.Observations;

namespace EfficientAI.Telephony.Evaluation.Assertions;

/// <summary>
/// Turns what was measured of a call into verdicts: deterministic rule assertions first, then the judge's criteria.
/// A call that never reached the agent is "not run" with its cause, never an agent failure; the outcome assertion
/// alone is checked when the dialplan expects such an outcome (e.g. busy).
/// </summary>
public sealed class CallEvaluator(IJudge judge)
{
    public async Task<CallEvaluation> EvaluateAsync(Dialplan plan, ObservedCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(call);
        var metrics = CallMetrics.Measure(call);
        var a = plan.Assertions;
        var expected = a.Outcome ?? "completed";
        var results = new List<AssertionResult>();
        var cause = call.Cause is null ? call.Outcome : $"{call.Outcome}: {call.Cause}";

        if (call.HarnessFailure is { } failure)
        {
            var why = $"the harness failed during the call, so the agent cannot be judged: {failure}";
            results.Add(AssertionResult.NotRun("outcome", expected, why));
            results.AddRange(RuleAssertions(plan, call, metrics).Select(r => AssertionResult.NotRun(r.Name, r.Threshold, why)));
            results.AddRange(JudgeNames(a).Select(n => AssertionResult.NotRun(n, $"score ≥ {F(a.Judge!.MinScore)}", why)));
            return new CallEvaluation(plan.Name, call, CallVerdict.NotRun, why, metrics, results, judge.Description);
        }

        if (!call.Answered && expected is "completed" or "answered" && !OutcomeMatches(expected, call.Outcome))
        {
            var why = $"the call never reached the agent ({cause})";
            results.Add(AssertionResult.NotRun("outcome", "completed", why));
            results.AddRange(RuleAssertions(plan, call, metrics).Select(r => AssertionResult.NotRun(r.Name, r.Threshold, why)));
            results.AddRange(JudgeNames(a).Select(n => AssertionResult.NotRun(n, $"score ≥ {F(a.Judge!.MinScore)}", why)));
            return new CallEvaluation(plan.Name, call, CallVerdict.NotRun, why, metrics, results, judge.Description);
        }

        results.Add(new AssertionResult("outcome", OutcomeMatches(expected, call.Outcome) ? AssertionStatus.Passed : AssertionStatus.Failed,
            call.Outcome, expected, $"expected {expected}, got {cause}{(call.SipStatus > 0 ? $" (SIP {call.SipStatus})" : "")}"));
        if (call.Answered)
        {
            results.AddRange(RuleAssertions(plan, call, metrics));
            results.AddRange(await JudgeAsync(plan, call, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            // The expected non-answer happened (or did not); the agent's behaviour was never exercised.
            var why = $"the call was not answered ({cause}), as the dialplan expects";
            results.AddRange(RuleAssertions(plan, call, metrics).Select(r => AssertionResult.NotRun(r.Name, r.Threshold, why)));
            results.AddRange(JudgeNames(a).Select(n => AssertionResult.NotRun(n, $"score ≥ {F(a.Judge!.MinScore)}", why)));
        }

        var failed = results.Where(r => r.Status == AssertionStatus.Failed).ToList();
        return new CallEvaluation(plan.Name, call, failed.Count == 0 ? CallVerdict.Passed : CallVerdict.Failed,
            failed.Count == 0 ? null : $"{failed.Count} assertion(s) failed: {string.Join(", ", failed.Select(f => f.Name))}",
            metrics, results, judge.Description);
    }

    private static IEnumerable<AssertionResult> RuleAssertions(Dialplan plan, ObservedCall call, CallMetrics m)
    {
        var a = plan.Assertions;
        if (a.Latency is { } latency)
        {
            var worst = WorstLatency(call);
            if (latency.P50Ms is { } p50)
            {
                yield return AtMost("latency.p50Ms", m.LatencyP50Ms, p50, "ms", "no agent response was measured", null);
            }

            if (latency.P95Ms is { } p95)
            {
                yield return AtMost("latency.p95Ms", m.LatencyP95Ms, p95, "ms", "no agent response was measured", worst);
            }

            if (latency.MaxMs is { } max)
            {
                yield return AtMost("latency.maxMs", m.LatencyMaxMs, max, "ms", "no agent response was measured", worst);
            }
        }

        if (a.TimeToFirstAudioMs is { } ttfa)
        {
            yield return AtMost("timeToFirstAudioMs", m.TimeToFirstAudioMs, ttfa, "ms", "the agent never spoke",
                m.TimeToFirstAudioMs is { } t ? new Evidence(new TimeRange(0, t), "answer → first agent speech") : null);
        }

        if (a.MaxDeadAirMs is { } deadAir)
        {
            yield return m.LongestDeadAir is { } gap
                ? AtMost("maxDeadAirMs", gap.LengthMs, deadAir, "ms", "", new Evidence(gap, "nobody spoke"))
                : new AssertionResult("maxDeadAirMs", AssertionStatus.Passed, "0 ms", $"≤ {F(deadAir)} ms", "no silence between answer and hang-up", 0);
        }

        if (a.MaxAgentInterruptions is { } interruptions)
        {
            var count = m.AgentInterruptions.Count;
            yield return new AssertionResult("maxAgentInterruptions", count <= interruptions ? AssertionStatus.Passed : AssertionStatus.Failed,
                $"{count}", $"≤ {interruptions}", $"the agent started speaking over the caller {count} time(s)", count,
                count == 0 ? null : new Evidence(m.AgentInterruptions[0], "first agent turn that began while the caller spoke"));
        }

        if (a.MinAgentTurns is { } minTurns)
        {
            yield return new AssertionResult("minAgentTurns", m.AgentTurns >= minTurns ? AssertionStatus.Passed : AssertionStatus.Failed,
                $"{m.AgentTurns}", $"≥ {minTurns}", $"{m.AgentTurns} agent turns, at least {minTurns} expected", m.AgentTurns);
        }

        foreach (var phrase in a.MustSay)
        {
            yield return Phrase($"mustSay: {phrase}", phrase, call, m, mustOccur: true);
        }

        foreach (var phrase in a.MustNotSay)
        {
            yield return Phrase($"mustNotSay: {phrase}", phrase, call, m, mustOccur: false);
        }

        if (a.Wer is { Expected: { } expectedText } wer)
        {
            if (m.AgentTranscript is not { } heard)
            {
                yield return AssertionResult.NotRun("wer", $"≤ {F(wer.Max)}", NoTranscript);
            }
            else
            {
                var rate = ErrorRate.Words(expectedText, heard);
                yield return new AssertionResult("wer", rate.Rate <= wer.Max ? AssertionStatus.Passed : AssertionStatus.Failed,
                    F(rate.Rate, "0.000"), $"≤ {F(wer.Max)}",
                    $"{rate.Substitutions} substituted, {rate.Deletions} deleted, {rate.Insertions} inserted of {rate.ReferenceLength} words (agent text from {call.AgentTextSource ?? "transcripts"})",
                    rate.Rate, new Evidence(null, Excerpt(heard)));
            }
        }

        if (a.Duration is { } duration)
        {
            var seconds = call.DurationMs / 1000;
            if (duration.MinSeconds is { } min)
            {
                yield return seconds is not { } s
                    ? AssertionResult.NotRun("duration.minSeconds", $"≥ {F(min)} s", "the call duration was not measured")
                    : new AssertionResult("duration.minSeconds", s >= min ? AssertionStatus.Passed : AssertionStatus.Failed, $"{F(s)} s", $"≥ {F(min)} s", "answer → hang-up", s);
            }

            if (duration.MaxSeconds is { } max)
            {
                yield return AtMost("duration.maxSeconds", seconds, max, "s", "the call duration was not measured", null);
            }
        }

        if (a.MinMos is { } minMos)
        {
            yield return call.Rtp.Mos is not { } mos
                ? AssertionResult.NotRun("minMos", $"≥ {F(minMos)}", "MOS was not measured: the media layer reports no E-model estimate for this call")
                : new AssertionResult("minMos", mos >= minMos ? AssertionStatus.Passed : AssertionStatus.Failed, F(mos), $"≥ {F(minMos)}",
                    string.Create(CultureInfo.InvariantCulture, $"loss {call.Rtp.Lost} packets, jitter {call.Rtp.JitterMs:0.00} ms"), mos);
        }

        if (a.ReachedBranch is { } branch)
        {
            yield return ReachedBranch(plan, branch, call, m);
        }

        if (a.MaxBargeInStopMs is { } maxStop)
        {
            yield return BargeInStop(maxStop, call);
        }

        if (a.AgentDtmf is { } digits)
        {
            var heard = call.Timeline.Where(e => e.Kind == TimelineEventKind.DtmfReceived).ToList();
            var got = string.Concat(heard.Select(e => e.Text));
            yield return new AssertionResult("agentDtmf", got == digits ? AssertionStatus.Passed : AssertionStatus.Failed, got.Length == 0 ? "none" : got, digits,
                got == digits ? $"the agent pressed {digits}" : $"expected the agent to press {digits}, heard {(got.Length == 0 ? "no key" : got)}",
                heard.Count, heard.Count == 0 ? null : new Evidence(new TimeRange(heard[0].AtMs, heard[^1].AtMs), got));
        }

        if (a.TransferTarget is { } transfer)
        {
            var at = call.Timeline.FirstOrDefault(e => e.Kind == TimelineEventKind.DialogEvent && e.Text?.StartsWith("transfer-requested", StringComparison.Ordinal) == true);
            yield return call.TransferTarget is not { } actual
                ? new AssertionResult("transferTarget", AssertionStatus.Failed, "no transfer", transfer, "the agent did not transfer the call (no REFER)", 0)
                : new AssertionResult("transferTarget", SameTarget(actual, transfer) ? AssertionStatus.Passed : AssertionStatus.Failed, actual, transfer,
                    "the REFER's Refer-To", SameTarget(actual, transfer) ? 1 : 0, at is null ? null : new Evidence(new TimeRange(at.AtMs, at.AtMs), at.Text!));
        }
    }

    /// <summary>
    /// A transfer target matches when the user and host agree (case-insensitive host, RFC 3261 §19.1.4), the port too
    /// when the expected one names it; a bare number matches the user part of a tel or sip URI.
    /// </summary>
    internal static bool SameTarget(string actual, string expected)
    {
        static (string User, string Host, string? Port) Split(string uri)
        {
            var s = uri.Trim().Trim('<', '>');
            var colon = s.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0 && s[..colon].ToLowerInvariant() is "sip" or "sips" or "tel")
            {
                s = s[(colon + 1)..];
            }

            s = s.Split(';', '?')[0];
            var at = s.IndexOf('@', StringComparison.Ordinal);
            var user = at >= 0 ? s[..at] : (s.Contains('.', StringComparison.Ordinal) ? "" : s);
            var hostPort = at >= 0 ? s[(at + 1)..] : (user.Length > 0 ? "" : s);
            var portAt = hostPort.LastIndexOf(':');
            return portAt > 0 && !hostPort.EndsWith(']')
                ? (user, hostPort[..portAt].ToLowerInvariant(), hostPort[(portAt + 1)..])
                : (user, hostPort.ToLowerInvariant(), null);
        }

        var a = Split(actual);
        var e = Split(expected);
        return a.User == e.User && (e.Host.Length == 0 || a.Host == e.Host) && (e.Port is null || a.Port == e.Port);
    }

    /// <summary>
    /// The branch is reached when the agent says its phrase after the caller's last DTMF key (anywhere when the caller
    /// pressed none): what a caller hears on reaching a menu branch.
    /// </summary>
    private static AssertionResult ReachedBranch(Dialplan plan, string name, ObservedCall call, CallMetrics m)
    {
        if (plan.KnownBranches().FirstOrDefault(b => b.Name == name) is not { Phrase: { } phrase })
        {
            return AssertionResult.NotRun("reachedBranch", name, $"the dialplan names no branch '{name}' (see 'branches')");
        }

        if (m.AgentTranscript is null)
        {
            return AssertionResult.NotRun("reachedBranch", name, NoTranscript);
        }

        var lastKey = call.Timeline.LastOrDefault(e => e.Kind == TimelineEventKind.DtmfSent);
        var from = lastKey?.AtMs ?? double.NegativeInfinity;
        var turn = call.Turns.FirstOrDefault(t => t.Speaker == Speaker.Agent && t.EndMs >= from && t.Text is not null && TextNormalizer.ContainsPhrase(t.Text, phrase));
        var after = lastKey is null ? "" : $" after the caller pressed {lastKey.Text} at {F(lastKey.AtMs, "0")} ms";
        return turn is null
            ? new AssertionResult("reachedBranch", AssertionStatus.Failed, "not reached", name, $"the agent never said \"{Excerpt(phrase)}\"{after}", 0,
                new Evidence(null, Excerpt(m.AgentTranscript)))
            : new AssertionResult("reachedBranch", AssertionStatus.Passed, name, name, $"the agent said \"{Excerpt(phrase)}\" at {F(turn.StartMs, "0")} ms{after}", 1,
                new Evidence(new TimeRange(turn.StartMs, turn.EndMs), Excerpt(turn.Text!)));
    }

    /// <summary>Every barge-in of the caller: the agent stops within the limit, and plays no stale audio of the old turn afterwards.</summary>
    private static AssertionResult BargeInStop(double limit, ObservedCall call)
    {
        var threshold = $"≤ {F(limit)} ms";
        if (call.BargeIns.Count == 0)
        {
            return AssertionResult.NotRun("maxBargeInStopMs", threshold, "the caller never barged in while the agent spoke (no 'interrupt' step took effect)");
        }

        var worst = call.BargeIns.MaxBy(b => b.StopLatencyMs ?? double.PositiveInfinity)!;
        var stale = call.BargeIns.FirstOrDefault(b => b.StaleAudio);
        var range = new TimeRange(worst.CallerOnsetMs, worst.AgentStopMs ?? worst.CallerOnsetMs);
        if (worst.StopLatencyMs is not { } latency)
        {
            return new AssertionResult("maxBargeInStopMs", AssertionStatus.Failed, "never stopped", threshold,
                $"the agent kept talking over the caller's barge-in at {F(worst.CallerOnsetMs, "0")} ms", null, new Evidence(range, "agent did not stop"));
        }

        var passed = latency <= limit && stale is null;
        var detail = stale is not null
            ? $"the agent stopped but played stale audio of the interrupted turn after the barge-in at {F(stale.CallerOnsetMs, "0")} ms"
            : $"slowest stop {F(latency)} ms over {call.BargeIns.Count} barge-in(s)";
        return new AssertionResult("maxBargeInStopMs", passed ? AssertionStatus.Passed : AssertionStatus.Failed, $"{F(latency)} ms", threshold, detail, latency,
            new Evidence(range, "caller onset → agent stop"));
    }

    /// <summary>"answered" stands for any call that was answered, whoever or whatever answered it.</summary>
    private static bool OutcomeMatches(string expected, string actual) =>
        expected == actual || (expected == "answered" && actual is "completed" or "dead-air" or "idle-hang-up" or "voicemail");

    private const string NoTranscript = "the agent's words are unknown: no speech-to-text is configured and the target is not the reference agent";

    private static AssertionResult Phrase(string name, string phrase, ObservedCall call, CallMetrics m, bool mustOccur)
    {
        var threshold = mustOccur ? "said" : "not said";
        if (m.AgentTranscript is null)
        {
            return AssertionResult.NotRun(name, threshold, NoTranscript);
        }

        var turn = call.Turns.FirstOrDefault(t => t.Speaker == Speaker.Agent && t.Text is not null && TextNormalizer.ContainsPhrase(t.Text, phrase));
        var said = turn is not null;
        return new AssertionResult(name, said == mustOccur ? AssertionStatus.Passed : AssertionStatus.Failed, said ? "said" : "not said", threshold,
            said ? $"the agent said it at {F(turn!.StartMs, "0")} ms" : "the agent never said it",
            said ? 1 : 0, turn is null ? new Evidence(null, Excerpt(m.AgentTranscript)) : new Evidence(new TimeRange(turn.StartMs, turn.EndMs), Excerpt(turn.Text!)));
    }

    private async Task<IEnumerable<AssertionResult>> JudgeAsync(Dialplan plan, ObservedCall call, CancellationToken cancellationToken)
    {
        if (plan.Assertions.Judge is not { } spec)
        {
            return [];
        }

        var threshold = $"score ≥ {F(spec.MinScore)}";
        if (!judge.IsEnabled)
        {
            return JudgeNames(plan.Assertions).Select(n => AssertionResult.NotRun(n, threshold, judge.Description));
        }

        var verdict = await judge.ScoreAsync(new JudgeRequest(plan.Scenario, plan.Goal, call.Turns, spec.Criteria), cancellationToken).ConfigureAwait(false);
        return spec.Criteria.Select(criterion =>
        {
            var name = $"judge: {criterion}";
            var score = verdict.Scores.FirstOrDefault(s => s.Criterion == criterion);
            return score is null
                ? AssertionResult.NotRun(name, threshold, "the judge returned no score for this criterion")
                : new AssertionResult(name, score.Score >= spec.MinScore ? AssertionStatus.Passed : AssertionStatus.Failed, F(score.Score), threshold, score.Reason, score.Score);
        });
    }

    private static IEnumerable<string> JudgeNames(AssertionsSpec a) => a.Judge?.Criteria.Select(c => $"judge: {c}") ?? [];

    private static AssertionResult AtMost(string name, double? measured, double limit, string unit, string missing, Evidence? evidence)
    {
        var threshold = $"≤ {F(limit)} {unit}";
        if (measured is not { } value)
        {
            return new AssertionResult(name, AssertionStatus.Failed, null, threshold, missing);
        }

        var passed = value <= limit;
        return new AssertionResult(name, passed ? AssertionStatus.Passed : AssertionStatus.Failed, $"{F(value)} {unit}", threshold,
            passed ? $"{F(value)} {unit} is within {F(limit)} {unit}" : $"{F(value)} {unit} exceeds {F(limit)} {unit} by {F(value - limit)} {unit}",
            value, evidence);
    }

    /// <summary>The caller turn end → agent onset of the slowest response, to point at in the report.</summary>
    private static Evidence? WorstLatency(ObservedCall call)
    {
        var callerTurns = call.Turns.Where(t => t.Speaker == Speaker.Caller).OrderBy(t => t.StartMs).ToList();
        var n = Math.Min(callerTurns.Count, call.ResponseLatenciesMs.Count);
        if (n == 0)
        {
            return null;
        }

        var i = Enumerable.Range(0, n).MaxBy(k => call.ResponseLatenciesMs[k]);
        var end = callerTurns[i].EndMs;
        return new Evidence(new TimeRange(end, end + call.ResponseLatenciesMs[i]), $"after caller turn {i + 1}: \"{Excerpt(callerTurns[i].Text ?? "")}\"");
    }

    private static string Excerpt(string text) => text.Length <= 120 ? text : text[..117] + "…";

    private static string F(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);
}
