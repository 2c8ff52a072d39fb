using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Transactions;

/// <summary>How transactions are matched (RFC 3261 §17.1.3 for clients, §17.2.3 for servers).</summary>
public static class TransactionKey
{
    /// <summary>Client side: the branch of the top Via and the CSeq method.</summary>
    public static string? ForClient(SipMessage message)
    {
        var branch = message.TopVia?.Branch;
        var method = message.CSeq?.Method;
        return branch is null || method is null ? null : $"c|{branch}|{method}";
    }

    /// <summary>
    /// Server side: branch, sent-by and method, with ACK matching its INVITE. Requests from RFC 2543 elements
    /// (no magic cookie) fall back to Call-ID, From tag, CSeq number and sent-by (§17.2.3).
    /// </summary>
    public static string? ForServer(SipRequest request)
    {
        var via = request.TopVia;
        var cseq = request.CSeq;
        if (via is null || cseq is null)
        {
            return null;
        }

        var method = request.Method == SipMethods.Ack ? SipMethods.Invite : request.Method;
        var branch = via.Branch;
        if (branch is not null && branch.StartsWith(ViaHeader.MagicCookie, StringComparison.Ordinal))
        {
            return $"s|{branch}|{via.SentBy}|{method}";
        }

        return $"s2543|{request.CallId}|{request.From?.Tag}|{cseq.Value.Number}|{via.SentBy}|{method}";
    }
}
