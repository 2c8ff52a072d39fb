namespace EfficientAI.Telephony.Sip.Parsing;

public enum SipParseStatus
{
    /// <summary>A whole message was read; <see cref="SipParser"/> reports how many bytes it used.</summary>
    Complete,

    /// <summary>The buffer ends before the message does (stream transports): read more and call again.</summary>
    NeedMore,

    /// <summary>The bytes are not a SIP message; the error says where and why.</summary>
    Invalid,
}

/// <summary>
/// Why a message was rejected: the reason, the header it concerns (if any), the byte offset, and the status a UAS
/// answers a request with this fault (400, or 505 for an unsupported SIP version).
/// </summary>
public sealed record SipParseError(string Reason, string? Header = null, int Offset = -1, int StatusCode = 400)
{
    public override string ToString() => Header is null ? Reason : $"{Header}: {Reason}";
}
