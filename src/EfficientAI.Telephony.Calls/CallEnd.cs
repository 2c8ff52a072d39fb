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
}

/// <summary>When and why an established call ended; Timestamp is on the TimeProvider clock.</summary>
public sealed record CallEnd(CallEndReason Reason, long Timestamp, int? ByeStatus);
