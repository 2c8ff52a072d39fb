namespace EfficientAI.Telephony.Sip.Dialogs;

/// <summary>
/// The application's reply to an SDP offer received inside a dialog (a re-INVITE or UPDATE, RFC 3264 §8, RFC 3311):
/// an answer, or a rejection that leaves the session as it was (§8: 488 when the offer cannot be accepted).
/// </summary>
public readonly record struct OfferAnswer(string? AnswerSdp, int RejectStatus, string? RejectReason)
{
    public static OfferAnswer Accept(string answerSdp) => new(answerSdp, 0, null);

    public static OfferAnswer Reject(int status, string reason) => new(null, status, reason);

    public bool Accepted => AnswerSdp is not null;
}

/// <summary>What became of a re-INVITE or UPDATE we sent.</summary>
/// <param name="Status">The final status, or 0 when none came (timeout).</param>
/// <param name="AnswerSdp">The peer's answer when the request carried an offer and succeeded.</param>
/// <param name="Cause">Why it failed, in words.</param>
public sealed record SessionChangeResult(int Status, string? AnswerSdp, string? Cause)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>A request in a dialog that the application may want to see (for the call's timeline).</summary>
public sealed record DialogRequestEvent(string Method, long Timestamp, string? Detail);
