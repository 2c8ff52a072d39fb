using EfficientAI.Telephony.Storage.Calls;
using EfficientAI.Telephony.Storage.Runs;

namespace EfficientAI.Telephony.Host.Api;

/// <summary>A page of a newest-first list; pass <see cref="NextCursor"/> as <c>cursor</c> for the next page (null: last page).</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

internal sealed record CallListItem(long Id, long? RunId, string CallId, string Target, string Outcome, int SipStatus, DateTimeOffset StartedAt, string? Dialplan, bool HasRecording);

internal sealed record CallDetail(
    long Id,
    long? RunId,
    string CallId,
    string Target,
    string Direction,
    string Outcome,
    int SipStatus,
    DateTimeOffset StartedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    double? PddMs,
    string? EndReason,
    string? Dialplan,
    RtpCounters Rtp,
    IReadOnlyList<CallTurnRecord> Turns,
    IReadOnlyList<double> LatenciesMs,
    IReadOnlyList<AssertionResultRecord> Assertions,
    bool? Passed,
    bool HasRecording);

internal sealed record RtpCounters(long Sent, long Received, long Lost, double JitterMs, long LateFrames);

internal sealed record CreateRunRequest(string? Dialplan, string? Yaml, string? Target);

internal sealed record RunView(
    long Id,
    string Dialplan,
    string DialplanSha256,
    string? Target,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    long? RequestedBy,
    RunProgress Progress,
    string? Error,
    IReadOnlyList<long> CallIds)
{
    public static RunView From(RunRecord run, IReadOnlyList<long> calls) => new(
        run.Id,
        run.DialplanName,
        run.DialplanHash,
        run.Target,
        run.Status,
        run.CreatedAt,
        run.StartedAt,
        run.FinishedAt,
        run.RequestedBy,
        new RunProgress(run.CallsTotal, run.CallsDone, run.CallsPassed),
        run.Error,
        calls);
}

internal sealed record RunProgress(int Total, int Done, int Passed);

internal sealed record CreateApiKeyRequest(string? Name, string? Scope);

internal sealed record ApiKeyView(long Id, string Name, string Prefix, string Scope, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>The answer to key creation: <see cref="Key"/> is shown this once.</summary>
internal sealed record CreatedApiKeyView(ApiKeyView ApiKey, string Key);

internal sealed record DialplanValid(string Name, string Target, int CallerLines, int Repeat);

internal sealed record DialplanProblem(int Line, int Column, string Field, string Message);

internal sealed record Health(string Status, string Database, string Scheduler);
