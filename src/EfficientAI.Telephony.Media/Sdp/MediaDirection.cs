namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>The direction attributes of RFC 8866 §6.7, always read from the point of view of the SDP's author.</summary>
public enum MediaDirection
{
    /// <summary><c>a=sendrecv</c>: the default when no direction attribute is present (RFC 3264 §5.1).</summary>
    SendRecv,

    /// <summary><c>a=sendonly</c>: the author sends and does not want to receive (e.g. putting the peer on hold).</summary>
    SendOnly,

    /// <summary><c>a=recvonly</c>: the author receives and does not send.</summary>
    RecvOnly,

    /// <summary><c>a=inactive</c>: neither direction flows.</summary>
    Inactive,
}
