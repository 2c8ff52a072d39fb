using Dapper;
using Npgsql;

namespace EfficientAI.Telephony.Storage.Runs;

/// <summary>One assertion of a call: its verdict, what was measured against what threshold, and why.</summary>
public sealed record AssertionResultRecord(string Name, bool Passed, string? Measured, string? Threshold, string? Evidence);

/// <summary>The documents rendered when a call ended.</summary>
public sealed record CallDocuments(string ReportJson, string ReportHtml, string JUnitXml);

/// <summary>A line of the call list.</summary>
public sealed record CallSummary(long Id, long? RunId, string CallId, string Target, string Outcome, int SipStatus, DateTimeOffset StartedAt, string? Dialplan, string? RecordingPath);

/// <summary>What the API adds to a stored call: its run, assertion results, rendered documents; and the call list.</summary>
public sealed class CallResultRepository(NpgsqlDataSource dataSource)
{
    /// <summary>Attaches the call to its run and stores its assertion results and documents, in one transaction.</summary>
    public async Task AttachAsync(long callId, long? runId, IReadOnlyList<AssertionResultRecord> assertions, CallDocuments documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assertions);
        ArgumentNullException.ThrowIfNull(documents);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE calls SET run_id = @runId WHERE id = @callId", new { callId, runId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (assertions.Count > 0)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        """
                        INSERT INTO assertion_results (call_id, ordinal, name, passed, measured, threshold, evidence)
                        SELECT @callId, a.ordinal - 1, a.name, a.passed, a.measured, a.threshold, a.evidence
                        FROM unnest(@Names, @Passed, @Measured, @Thresholds, @Evidence) WITH ORDINALITY AS a (name, passed, measured, threshold, evidence, ordinal)
                        """,
                        new
                        {
                            callId,
                            Names = assertions.Select(a => a.Name).ToArray(),
                            Passed = assertions.Select(a => a.Passed).ToArray(),
                            Measured = assertions.Select(a => a.Measured).ToArray(),
                            Thresholds = assertions.Select(a => a.Threshold).ToArray(),
                            Evidence = assertions.Select(a => a.Evidence).ToArray(),
                        },
                        transaction,
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO call_documents (call_id, report_json, report_html, junit_xml) VALUES (@callId, @json::jsonb, @html, @junit)",
                    new { callId, json = documents.ReportJson, html = documents.ReportHtml, junit = documents.JUnitXml },
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<IReadOnlyList<AssertionResultRecord>> AssertionsAsync(long callId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<AssertionResultRecord>(new CommandDefinition(
                "SELECT name AS Name, passed AS Passed, measured AS Measured, threshold AS Threshold, evidence AS Evidence FROM assertion_results WHERE call_id = @callId ORDER BY ordinal",
                new { callId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return [.. rows];
        }
    }

    public async Task<CallDocuments?> DocumentsAsync(long callId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.QuerySingleOrDefaultAsync<CallDocuments>(new CommandDefinition(
                "SELECT report_json::text AS ReportJson, report_html AS ReportHtml, junit_xml AS JUnitXml FROM call_documents WHERE call_id = @callId",
                new { callId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Newest first; <paramref name="before"/> is the id of the last call of the previous page.</summary>
    public async Task<IReadOnlyList<CallSummary>> ListAsync(int limit, long? before, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<SummaryRow>(new CommandDefinition(
                """
                SELECT id AS Id, run_id AS RunId, call_id AS CallId, target AS Target, outcome AS Outcome, sip_status AS SipStatus,
                       started_at AS StartedAt, dialplan AS Dialplan, recording_path AS RecordingPath
                FROM calls WHERE @before::bigint IS NULL OR id < @before ORDER BY id DESC LIMIT @limit
                """,
                new { limit, before }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return [.. rows.Select(r => new CallSummary(r.Id, r.RunId, r.CallId, r.Target, r.Outcome, r.SipStatus, new DateTimeOffset(DateTime.SpecifyKind(r.StartedAt, DateTimeKind.Utc), TimeSpan.Zero), r.Dialplan, r.RecordingPath))];
        }
    }

    private sealed class SummaryRow
    {
        public long Id { get; init; }
        public long? RunId { get; init; }
        public string CallId { get; init; } = "";
        public string Target { get; init; } = "";
        public string Outcome { get; init; } = "";
        public int SipStatus { get; init; }
        public DateTime StartedAt { get; init; }
        public string? Dialplan { get; init; }
        public string? RecordingPath { get; init; }
    }
}
