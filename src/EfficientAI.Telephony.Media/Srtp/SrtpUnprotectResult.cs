namespace EfficientAI.Telephony.Media.Srtp;

/// <summary>What became of an incoming SRTP or SRTCP packet.</summary>
public enum SrtpUnprotectResult
{
    /// <summary>Authenticated, not a replay, decrypted in place.</summary>
    Ok,

    /// <summary>Too short to hold a header and the tag (or a malformed header): dropped.</summary>
    Malformed,

    /// <summary>The authentication tag did not match (RFC 3711 §3.3 step 5): dropped, never decoded.</summary>
    AuthenticationFailed,

    /// <summary>An index already received or older than the replay window (§3.3.2): dropped.</summary>
    Replayed,
}
