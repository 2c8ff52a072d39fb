namespace EfficientAI.Telephony.Calls;

public enum CallEndReason
{
    /// <summary>We hung up (BYE from us).</summary>
    LocalHangup,

    /// <summary>The peer hung up (BYE from them).</summary>
    RemoteHangup,

    /// <summary>Our 2xx was never acknowledged.</summary>
    AckTimeout,

    /// <summary>The process shut down.</summary>
    Shutdown,

    /// <summary>No session refresh came in time (RFC 4028), or ours failed: we hung up.</summary>
    SessionExpired,

    /// <summary>The peer stopped answering requests in the dialog (481/408, RFC 3261 §12.2.1.2): we hung up.</summary>
    PeerLost,

    /// <summary>The agent transferred the call (REFER) and the call to the transfer target failed.</summary>
    TransferFailed,
}

/// <summary>When and why an established call ended; Timestamp is on the TimeProvider clock.</summary>
public sealed record CallEnd(CallEndReason Reason, long Timestamp, int? ByeStatus);

/// <summary>Something that happened to an established call at the signalling level, for its timeline.</summary>
/// <param name="Kind">hold, resume, reoffer, session-refresh, dtmf-info, transfer-requested, transferred, transfer-failed.</param>
/// <param name="Timestamp">On the TimeProvider clock.</param>
/// <param name="Detail">The transfer target, the digit, the reason.</param>
public sealed record CallSessionEvent(string Kind, long Timestamp, string? Detail);
