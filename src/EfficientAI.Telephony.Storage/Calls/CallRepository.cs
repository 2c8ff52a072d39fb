using Dapper;
using Npgsql;

namespace EfficientAI.Telephony.Storage.Calls;

/// <summary>Stores and reads <see cref="CallRecord"/>s: a row in <c>calls</c> and its ordered child rows.</summary>
public sealed class CallRepository(NpgsqlDataSource dataSource)
{
    private const string InsertCall = """
        INSERT INTO calls (
            call_id, target, direction, outcome, sip_status,
            started_at, answered_at, ended_at, pdd_ms, end_reason, recording_path,
            rtp_sent, rtp_received, rtp_lost, rtp_jitter_ms, late_frames, dialplan)
        VALUES (
            @CallId, @Target, @Direction, @Outcome, @SipStatus,
            @StartedAt, @AnsweredAt, @EndedAt, @PddMs, @EndReason, @RecordingPath,
            @RtpSent, @RtpReceived, @RtpLost, @RtpJitterMs, @LateFrames, @Dialplan)
        RETURNING id
        """;

    // Each list goes in as parallel arrays in one statement; WITH ORDINALITY numbers the rows from 1.
    private const string InsertTurns = """
        INSERT INTO call_turns (call_id, ordinal, speaker, start_ms, end_ms, text)
        SELECT @Id, t.ordinal - 1, t.speaker, t.start_ms, t.end_ms, t.text
        FROM unnest(@Speakers, @StartsMs, @EndsMs, @Texts) WITH ORDINALITY
            AS t (speaker, start_ms, end_ms, text, ordinal)
        """;

    private const string InsertLatencies = """
        INSERT INTO call_latencies (call_id, ordinal, latency_ms)
        SELECT @Id, l.ordinal - 1, l.latency_ms
        FROM unnest(@LatenciesMs) WITH ORDINALITY AS l (latency_ms, ordinal)
        """;

    private const string InsertTimeline = """
        INSERT INTO timeline_events (call_id, ordinal, sample_index, at_ms, kind, speaker, text)
        SELECT @Id, e.ordinal - 1, e.sample_index, e.at_ms, e.kind, e.speaker, e.text
        FROM unnest(@SampleIndexes, @AtMs, @Kinds, @Speakers, @Texts) WITH ORDINALITY
            AS e (sample_index, at_ms, kind, speaker, text, ordinal)
        """;

    private const string SelectCall = """
        SELECT id AS Id, call_id AS CallId, target AS Target, direction AS Direction, outcome AS Outcome,
               sip_status AS SipStatus, started_at AS StartedAt, answered_at AS AnsweredAt, ended_at AS EndedAt,
               pdd_ms AS PddMs, end_reason AS EndReason, recording_path AS RecordingPath,
               rtp_sent AS RtpSent, rtp_received AS RtpReceived, rtp_lost AS RtpLost,
               rtp_jitter_ms AS RtpJitterMs, late_frames AS LateFrames, dialplan AS Dialplan,
               created_at AS CreatedAt
        FROM calls WHERE id = @Id;

        SELECT speaker AS Speaker, start_ms AS StartMs, end_ms AS EndMs, text AS Text
        FROM call_turns WHERE call_id = @Id ORDER BY ordinal;

        SELECT latency_ms FROM call_latencies WHERE call_id = @Id ORDER BY ordinal;

        SELECT sample_index AS SampleIndex, at_ms AS AtMs, kind AS Kind, speaker AS Speaker, text AS Text
        FROM timeline_events WHERE call_id = @Id ORDER BY ordinal;
        """;

    /// <summary>Stores the call and all its children in one transaction; returns the new id.</summary>
    public async Task<long> InsertAsync(CallRecord call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);

        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                        InsertCall,
                        new
                        {
                            call.CallId,
                            call.Target,
                            call.Direction,
                            call.Outcome,
                            call.SipStatus,
                            // Npgsql writes timestamptz only from UTC values.
                            StartedAt = call.StartedAt.ToUniversalTime(),
                            AnsweredAt = call.AnsweredAt?.ToUniversalTime(),
                            EndedAt = call.EndedAt?.ToUniversalTime(),
                            call.PddMs,
                            call.EndReason,
                            call.RecordingPath,
                            call.RtpSent,
                            call.RtpReceived,
                            call.RtpLost,
                            call.RtpJitterMs,
                            call.LateFrames,
                            call.Dialplan,
                        },
                        transaction,
                        cancellationToken: cancellationToken))
                    .ConfigureAwait(false);

                if (call.Turns.Count > 0)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                            InsertTurns,
                            new
                            {
                                Id = id,
                                Speakers = call.Turns.Select(turn => turn.Speaker).ToArray(),
                                StartsMs = call.Turns.Select(turn => turn.StartMs).ToArray(),
                                EndsMs = call.Turns.Select(turn => turn.EndMs).ToArray(),
                                Texts = call.Turns.Select(turn => turn.Text).ToArray(),
                            },
                            transaction,
                            cancellationToken: cancellationToken))
                        .ConfigureAwait(false);
                }

                if (call.LatenciesMs.Count > 0)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                            InsertLatencies,
                            new { Id = id, LatenciesMs = call.LatenciesMs.ToArray() },
                            transaction,
                            cancellationToken: cancellationToken))
                        .ConfigureAwait(false);
                }

                if (call.Timeline.Count > 0)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                            InsertTimeline,
                            new
                            {
                                Id = id,
                                SampleIndexes = call.Timeline.Select(e => e.SampleIndex).ToArray(),
                                AtMs = call.Timeline.Select(e => e.AtMs).ToArray(),
                                Kinds = call.Timeline.Select(e => e.Kind).ToArray(),
                                Speakers = call.Timeline.Select(e => e.Speaker).ToArray(),
                                Texts = call.Timeline.Select(e => e.Text).ToArray(),
                            },
                            transaction,
                            cancellationToken: cancellationToken))
                        .ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return id;
            }
        }
    }

    /// <summary>Reads a call with its turns, latencies and timeline in their stored order; null when absent.</summary>
    public async Task<CallRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var results = await connection.QueryMultipleAsync(new CommandDefinition(
                    SelectCall, new { Id = id }, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            await using (results.ConfigureAwait(false))
            {
                var row = await results.ReadSingleOrDefaultAsync<CallRow>().ConfigureAwait(false);
                if (row is null)
                {
                    return null;
                }

                var turns = (await results.ReadAsync<CallTurnRecord>().ConfigureAwait(false)).ToArray();
                var latencies = (await results.ReadAsync<double>().ConfigureAwait(false)).ToArray();
                var timeline = (await results.ReadAsync<TimelineEventRecord>().ConfigureAwait(false)).ToArray();
                return row.ToRecord(turns, latencies, timeline);
            }
        }
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT count(*) FROM calls", cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            return checked((int)count);
        }
    }

    // timestamptz arrives as a UTC DateTime; the record speaks DateTimeOffset.
    private sealed class CallRow
    {
        public long Id { get; init; }
        public string CallId { get; init; } = "";
        public string Target { get; init; } = "";
        public string Direction { get; init; } = "";
        public string Outcome { get; init; } = "";
        public int SipStatus { get; init; }
        public DateTime StartedAt { get; init; }
        public DateTime? AnsweredAt { get; init; }
        public DateTime? EndedAt { get; init; }
        public double? PddMs { get; init; }
        public string? EndReason { get; init; }
        public string? RecordingPath { get; init; }
        public long RtpSent { get; init; }
        public long RtpReceived { get; init; }
        public long RtpLost { get; init; }
        public double RtpJitterMs { get; init; }
        public long LateFrames { get; init; }
        public string? Dialplan { get; init; }
        public DateTime CreatedAt { get; init; }

        public CallRecord ToRecord(
            IReadOnlyList<CallTurnRecord> turns,
            IReadOnlyList<double> latencies,
            IReadOnlyList<TimelineEventRecord> timeline) =>
            new(
                CallId,
                Target,
                Direction,
                Outcome,
                SipStatus,
                Utc(StartedAt),
                AnsweredAt is { } answered ? Utc(answered) : null,
                EndedAt is { } ended ? Utc(ended) : null,
                PddMs,
                EndReason,
                RecordingPath,
                RtpSent,
                RtpReceived,
                RtpLost,
                RtpJitterMs,
                LateFrames,
                Dialplan,
                turns,
                latencies,
                timeline)
            {
                Id = Id,
                CreatedAt = Utc(CreatedAt),
            };

        private static DateTimeOffset Utc(DateTime value) =>
            new(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero);
    }
}
