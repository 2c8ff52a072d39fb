using EfficientAI.Telephony.Conversation.Timeline;
using EfficientAI.Telephony.Evaluation.Assertions;
using EfficientAI.Telephony.Evaluation.Observations;

namespace EfficientAI.Telephony.Host.Running;

/// <summary>
/// The bridge between a finished call's report and the Evaluation layer: what was measured goes in as an
/// <see cref="ObservedCall"/>, the verdict, metrics and assertion results come back into the report.
/// </summary>
internal static class Assertions
{
    public static ObservedCall Observe(CallReport report, DateTimeOffset startedAt, string? agentTextSource, string? harnessFailure = null) => new()
    {
        HarnessFailure = harnessFailure,
        CallId = report.CallId,
        Target = report.Target,
        Outcome = report.Outcome,
        SipStatus = report.SipStatus,
        StartedAt = startedAt,
        Cause = report.Cause,
        PddMs = report.PddMs,
        DurationMs = report.DurationMs,
        Turns = [.. report.Turns.Select(t => new ObservedTurn(SpeakerOf(t.Speaker) ?? Speaker.Agent, t.StartMs, t.EndMs, t.Text))],
        ResponseLatenciesMs = report.ResponseLatencyMs,
        Rtp = new ObservedRtp
        {
            Sent = report.Rtp.Sent,
            Received = report.Rtp.Received,
            Lost = report.Rtp.Lost,
            JitterMs = report.Rtp.JitterMs,
            LateFrames = report.Rtp.LateFrames,
            Mos = report.Rtp.Mos,
        },
        Timeline = [.. report.Timeline.Select(e => new ObservedEvent(e.AtMs, Enum.Parse<TimelineEventKind>(e.Kind), SpeakerOf(e.Speaker), e.Text))],
        AgentTextSource = agentTextSource,
        TransferTarget = report.TransferTarget,
        BargeIns = [.. report.BargeIns.Select(b => new ObservedBargeIn(b.CallerOnsetMs, b.AgentStopMs, b.StaleAudio))],
    };

    public static CallReport Apply(CallReport report, CallEvaluation evaluation)
    {
        var m = evaluation.Metrics;
        return report with
        {
            Verdict = VerdictName(evaluation.Verdict),
            VerdictCause = evaluation.VerdictCause,
            Judge = evaluation.Judge,
            Metrics = new MetricsReport
            {
                LatencyP50Ms = Round(m.LatencyP50Ms),
                LatencyP95Ms = Round(m.LatencyP95Ms),
                LatencyMaxMs = Round(m.LatencyMaxMs),
                TimeToFirstAudioMs = Round(m.TimeToFirstAudioMs),
                MaxDeadAirMs = Round(m.LongestDeadAir?.LengthMs),
                AgentTalkRatio = m.AgentTalkRatio is { } r ? Math.Round(r, 3) : null,
                AgentInterruptions = m.AgentInterruptions.Count,
                CallerInterruptions = m.CallerInterruptions.Count,
            },
            Assertions = [.. evaluation.Assertions.Select(a => new AssertionReport(a.Name, a.Passed, a.Detail)
            {
                Status = StatusName(a.Status),
                Measured = a.Measured,
                Threshold = a.Threshold,
                Evidence = a.Evidence is null ? null : new EvidenceReport(
                    a.Evidence.Range?.StartMs is { } s ? Math.Round(s, 1) : null,
                    a.Evidence.Range?.EndMs is { } e ? Math.Round(e, 1) : null,
                    a.Evidence.Excerpt),
            })],
        };
    }

    public static string VerdictName(CallVerdict verdict) => verdict switch
    {
        CallVerdict.Passed => "passed",
        CallVerdict.Failed => "failed",
        _ => "not-run",
    };

    private static string StatusName(AssertionStatus status) => status switch
    {
        AssertionStatus.Passed => "passed",
        AssertionStatus.Failed => "failed",
        _ => "not-run",
    };

    private static Speaker? SpeakerOf(string? name) => name switch
    {
        "caller" => Speaker.Caller,
        "agent" => Speaker.Agent,
        _ => null,
    };

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;
}
