using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Transactions;

/// <summary>
/// The two requests that reuse an INVITE's transaction identity: the ACK of a non-2xx final response
/// (RFC 3261 §17.1.1.3) and CANCEL (§9.1). Both copy the Request-URI, the top Via only, Route, From, Call-ID and the
/// CSeq number; they differ in To (the response's for ACK, the INVITE's for CANCEL).
/// </summary>
public static class InviteDerivedRequest
{
    public static SipRequest Create(SipRequest invite, string method, string to)
    {
        var request = new SipRequest(method, invite.RequestUri);
        request.Headers.Add(HeaderNames.Via, invite.Headers.GetValues(HeaderNames.Via)[0]);
        foreach (var route in invite.Headers.GetLines(HeaderNames.Route))
        {
            request.Headers.Add(HeaderNames.Route, route);
        }

        request.Headers.Add(HeaderNames.MaxForwards, "70");
        request.Headers.Add(HeaderNames.From, invite.Headers[HeaderNames.From]!);
        request.Headers.Add(HeaderNames.To, to);
        request.Headers.Add(HeaderNames.CallId, invite.CallId!);
        request.Headers.Add(HeaderNames.CSeq, new CSeqHeader(invite.CSeq!.Value.Number, method).ToString());
        return request;
    }
}
