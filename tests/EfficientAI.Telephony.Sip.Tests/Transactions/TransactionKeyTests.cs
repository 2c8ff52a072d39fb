using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Tests.Parsing;
using EfficientAI.Telephony.Sip.Transactions;

namespace EfficientAI.Telephony.Sip.Tests.Transactions;

/// <summary>Matching messages to transactions (RFC 3261 §17.1.3 client side, §17.2.3 server side).</summary>
public class TransactionKeyTests
{
    [Fact]
    public void AckOfAFailureResponse_MatchesItsInviteServerTransaction()
    {
        // §17.2.3: the ACK for a non-2xx carries the INVITE's branch, and ACK matches the INVITE's transaction.
        Assert.Equal(TransactionKey.ForServer(TransactionMessages.Invite()), TransactionKey.ForServer(TransactionMessages.AckForFailure()));
    }

    [Fact]
    public void Cancel_DoesNotMatchTheInviteServerTransaction()
    {
        // §9.2: CANCEL has the INVITE's branch but is a transaction of its own.
        Assert.NotEqual(TransactionKey.ForServer(TransactionMessages.Invite()), TransactionKey.ForServer(TransactionMessages.Cancel()));
    }

    [Fact]
    public void AckOfA2xx_HasItsOwnBranch_SoDoesNotMatchTheInvite()
    {
        Assert.NotEqual(TransactionKey.ForServer(TransactionMessages.Invite()), TransactionKey.ForServer(SipText.Request(Rfc3261Examples.AckF12)));
    }

    [Fact]
    public void SameBranch_FromAnotherSentBy_IsAnotherTransaction()
    {
        // §17.2.3: the branch is unique per client only, so the sent-by is part of the match.
        var other = TransactionMessages.Invite();
        other.Headers.Set(HeaderNames.Via, "SIP/2.0/UDP pc34.atlanta.com;branch=z9hG4bKnashds8");

        Assert.NotEqual(TransactionKey.ForServer(TransactionMessages.Invite()), TransactionKey.ForServer(other));
    }

    [Fact]
    public void RetransmittedRequest_MatchesItself()
    {
        Assert.Equal(TransactionKey.ForServer(TransactionMessages.Bye()), TransactionKey.ForServer(TransactionMessages.Bye()));
    }

    [Fact]
    public void Rfc2543Request_WithoutTheMagicCookie_IsMatchedByCallIdFromTagCSeqAndSentBy()
    {
        // §17.2.3: a branch without "z9hG4bK" was not built to be unique, so other fields identify the transaction.
        var invite = Rfc2543Invite(branch: "1", callId: "2543@pc33.atlanta.com", cseq: 1, fromTag: "a1");
        var ack = SipText.Request(invite.ToString()
            .Replace("INVITE sip:", "ACK sip:", StringComparison.Ordinal)
            .Replace("CSeq: 1 INVITE", "CSeq: 1 ACK", StringComparison.Ordinal)
            .Replace("branch=1", "branch=2", StringComparison.Ordinal));

        Assert.StartsWith("s2543|", TransactionKey.ForServer(invite), StringComparison.Ordinal);
        Assert.Equal(TransactionKey.ForServer(invite), TransactionKey.ForServer(ack));
    }

    [Theory]
    [InlineData("2544@pc33.atlanta.com", 1u, "a1")]
    [InlineData("2543@pc33.atlanta.com", 2u, "a1")]
    [InlineData("2543@pc33.atlanta.com", 1u, "b2")]
    public void Rfc2543Requests_DifferingInCallIdCSeqOrFromTag_AreDifferentTransactions(string callId, uint cseq, string fromTag)
    {
        var first = Rfc2543Invite(branch: "1", callId: "2543@pc33.atlanta.com", cseq: 1, fromTag: "a1");
        var second = Rfc2543Invite(branch: "1", callId: callId, cseq: cseq, fromTag: fromTag);

        Assert.NotEqual(TransactionKey.ForServer(first), TransactionKey.ForServer(second));
    }

    [Fact]
    public void ResponseToAClientTransaction_MatchesByBranchAndCSeqMethod()
    {
        // §17.1.3: the response to the CANCEL has the INVITE's branch but CSeq method CANCEL.
        var invite = TransactionMessages.Invite();
        var cancelOk = SipText.Response(Rfc3261Examples.TryingF2
            .Replace("100 Trying", "200 OK", StringComparison.Ordinal)
            .Replace("CSeq: 314159 INVITE", "CSeq: 314159 CANCEL", StringComparison.Ordinal));

        Assert.Equal(TransactionKey.ForClient(invite), TransactionKey.ForClient(TransactionMessages.InviteResponse(486, "Busy Here")));
        Assert.Equal(TransactionKey.ForClient(TransactionMessages.Cancel()), TransactionKey.ForClient(cancelOk));
        Assert.NotEqual(TransactionKey.ForClient(invite), TransactionKey.ForClient(cancelOk));
    }

    [Fact]
    public void MessageWithoutABranch_HasNoClientKey()
    {
        var invite = Rfc2543Invite(branch: null, callId: "x@y", cseq: 1, fromTag: "t");

        Assert.Null(TransactionKey.ForClient(invite));
        Assert.NotNull(TransactionKey.ForServer(invite));
    }

    private static SipRequest Rfc2543Invite(string? branch, string callId, uint cseq, string fromTag) => SipText.Request(
        "INVITE sip:bob@biloxi.com SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP pc33.atlanta.com{(branch is null ? "" : ";branch=" + branch)}\r\n" +
        "To: Bob <sip:bob@biloxi.com>\r\n" +
        $"From: Alice <sip:alice@atlanta.com>;tag={fromTag}\r\n" +
        $"Call-ID: {callId}\r\n" +
        $"CSeq: {cseq} INVITE\r\n" +
        "Content-Length: 0\r\n\r\n");
}
