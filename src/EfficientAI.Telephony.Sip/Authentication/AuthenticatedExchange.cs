using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Authentication;

/// <summary>
/// A non-INVITE request after any challenges were answered: the request last sent (its CSeq is the one to continue
/// from), its final response (null when the transaction timed out) and, when the challenges could not be answered,
/// why.
/// </summary>
internal sealed record AuthenticatedExchange(SipRequest LastRequest, SipResponse? Response, string? AuthenticationFailure);
