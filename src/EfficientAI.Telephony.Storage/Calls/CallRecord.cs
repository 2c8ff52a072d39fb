namespace EfficientAI.Telephony.Storage.Calls;

/// <summary>
/// A finished call as stored: SIP outcome, media statistics, transcript turns, response latencies and
/// timeline. Plain strings and numbers, so that storage depends on no other project of ours.
/// </summary>
/// <param name="CallId">The SIP Call-ID of the dialog (RFC 3261 §8.1.1.4).</param>
/// <param name="SipStatus">Final SIP status code (RFC 3261 §7.2), or 0 when none arrived.</param>
/// <param name="PddMs">Post-dial delay in milliseconds, when the call got that far.</param>
/// <param name="RtpJitterMs">Interarrival jitter (RFC 3550 §6.4.1) in milliseconds.</param>
/// <param name="LateFrames">Outgoing frames the pacer sent late.</param>
public sealed record CallRecord(
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
    string? RecordingPath,
    long RtpSent,
    long RtpReceived,
    long RtpLost,
    double RtpJitterMs,
    long LateFrames,
    string? Dialplan,
    IReadOnlyList<CallTurnRecord> Turns,
    IReadOnlyList<double> LatenciesMs,
    IReadOnlyList<TimelineEventRecord> Timeline)
{
    /// <summary>Database id; 0 until stored, set on records read back.</summary>
    public long Id { get; init; }

    /// <summary>When the database stored the row; null until stored.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}
