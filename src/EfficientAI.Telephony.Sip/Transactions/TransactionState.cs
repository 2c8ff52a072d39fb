using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Transactions;

/// <summary>The states of the four state machines of RFC 3261 §17 (Accepted from RFC 6026 §7.1/§7.2).</summary>
public enum TransactionState
{
    Calling,
    Trying,
    Proceeding,
    Accepted,
    Completed,
    Confirmed,
    Terminated,
}

/// <summary>How a transaction ended without a final response from the peer.</summary>
public enum TransactionFailure
{
    /// <summary>Timer B or F fired: no final response in 64*T1.</summary>
    Timeout,

    /// <summary>Timer H fired: our final response was never acknowledged.</summary>
    NoAck,
}

/// <summary>What a client transaction reports to its transaction user.</summary>
public interface IClientTransactionUser
{
    void OnResponse(SipResponse response);

    void OnFailure(TransactionFailure failure);
}
