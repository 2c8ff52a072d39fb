using EfficientAI.Telephony.Evaluation.Observations;

namespace EfficientAI.Telephony.Evaluation.Judging;

/// <summary>
/// Scores a call's transcript against criteria written in words (an LLM behind an OpenAI-compatible endpoint with
/// structured output). The provider comes from the Providers layer; without one, <see cref="DisabledJudge"/> says so.
/// </summary>
public interface IJudge
{
    /// <summary>False when no endpoint is configured; the report then says the judge was off, never a made-up score.</summary>
    bool IsEnabled { get; }

    /// <summary>What judges (model and endpoint host, no key), or why there is no judge.</summary>
    string Description { get; }

    Task<JudgeVerdict> ScoreAsync(JudgeRequest request, CancellationToken cancellationToken);
}

public sealed record JudgeRequest(string? Scenario, string? Goal, IReadOnlyList<ObservedTurn> Transcript, IReadOnlyList<string> Criteria);

/// <summary>A criterion's score in 0..1 with the judge's reason.</summary>
public sealed record CriterionScore(string Criterion, double Score, string Reason);

public sealed record JudgeVerdict(IReadOnlyList<CriterionScore> Scores);

/// <summary>The judge when no endpoint is configured: it is never asked, and every judge criterion is reported not run.</summary>
public sealed class DisabledJudge : IJudge
{
    public static readonly DisabledJudge Instance = new();

    public bool IsEnabled => false;

    public string Description => "judge off: no OpenAI-compatible endpoint configured";

    public Task<JudgeVerdict> ScoreAsync(JudgeRequest request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(Description);
}
