using EfficientAI.Telephony.Conversation.Timeline;
using EfficientAI.Telephony.Evaluation.Observations;

namespace EfficientAI.Telephony.Evaluation.Metrics;

/// <summary>A stretch of the call on its media clock (milliseconds since answer).</summary>
public sealed record TimeRange(double StartMs, double EndMs)
{
    public double LengthMs => EndMs - StartMs;
}

/// <summary>The numbers of one answered call that assertions and reports use.</summary>
public sealed record CallMetrics
{
    public double? LatencyP50Ms { get; init; }

    public double? LatencyP95Ms { get; init; }

    public double? LatencyMaxMs { get; init; }

    public double? LatencyMeanMs { get; init; }

    /// <summary>Answer → the agent's first voiced sample.</summary>
    public double? TimeToFirstAudioMs { get; init; }

    /// <summary>The longest stretch between answer and hang-up in which neither party spoke.</summary>
    public TimeRange? LongestDeadAir { get; init; }

    /// <summary>Agent turns that began while the caller was still speaking.</summary>
    public IReadOnlyList<TimeRange> AgentInterruptions { get; init; } = [];

    /// <summary>Caller turns that began while the agent was still speaking (barge-in).</summary>
    public IReadOnlyList<TimeRange> CallerInterruptions { get; init; } = [];

    public double AgentTalkMs { get; init; }

    public double CallerTalkMs { get; init; }

    /// <summary>Agent speech time over all speech time (0..1); null when nobody spoke.</summary>
    public double? AgentTalkRatio => AgentTalkMs + CallerTalkMs <= 0 ? null : AgentTalkMs / (AgentTalkMs + CallerTalkMs);

    public int AgentTurns { get; init; }

    public int CallerTurns { get; init; }

    /// <summary>The agent's words over the call, when they are known (speech-to-text or the reference agent's script).</summary>
    public string? AgentTranscript { get; init; }

    public static CallMetrics Measure(ObservedCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var agent = call.Turns.Where(t => t.Speaker == Speaker.Agent).OrderBy(t => t.StartMs).ToList();
        var caller = call.Turns.Where(t => t.Speaker == Speaker.Caller).OrderBy(t => t.StartMs).ToList();
        var latencies = call.ResponseLatenciesMs;
        var texts = agent.Where(t => !string.IsNullOrWhiteSpace(t.Text)).Select(t => t.Text!).ToList();
        return new CallMetrics
        {
            LatencyP50Ms = Percentile.Of(latencies, 50),
            LatencyP95Ms = Percentile.Of(latencies, 95),
            LatencyMaxMs = latencies.Count == 0 ? null : latencies.Max(),
            LatencyMeanMs = latencies.Count == 0 ? null : latencies.Average(),
            TimeToFirstAudioMs = agent.Count == 0 ? null : agent[0].StartMs,
            LongestDeadAir = LongestGap(call.Turns, call.DurationMs),
            AgentInterruptions = StartsInside(agent, caller),
            CallerInterruptions = StartsInside(caller, agent),
            AgentTalkMs = agent.Sum(t => t.DurationMs),
            CallerTalkMs = caller.Sum(t => t.DurationMs),
            AgentTurns = agent.Count,
            CallerTurns = caller.Count,
            AgentTranscript = texts.Count == 0 ? null : string.Join(' ', texts),
        };
    }

    /// <summary>Turns of <paramref name="who"/> that start strictly inside a turn of <paramref name="other"/>: the overlap.</summary>
    private static List<TimeRange> StartsInside(List<ObservedTurn> who, List<ObservedTurn> other) =>
        [.. who.SelectMany(t => other.Where(o => t.StartMs > o.StartMs && t.StartMs < o.EndMs).Take(1).Select(o => new TimeRange(t.StartMs, Math.Min(t.EndMs, o.EndMs))))];

    private static TimeRange? LongestGap(IReadOnlyList<ObservedTurn> turns, double? durationMs)
    {
        if (durationMs is not { } end)
        {
            return null;
        }

        TimeRange? longest = null;
        var covered = 0.0;
        foreach (var turn in turns.OrderBy(t => t.StartMs))
        {
            Consider(covered, Math.Min(turn.StartMs, end));
            covered = Math.Max(covered, turn.EndMs);
        }

        Consider(covered, end);
        return longest;

        void Consider(double from, double to)
        {
            if (to > from && (longest is null || to - from > longest.LengthMs))
            {
                longest = new TimeRange(from, to);
            }
        }
    }
}
