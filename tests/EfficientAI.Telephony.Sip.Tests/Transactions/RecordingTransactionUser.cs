using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Transactions;

namespace EfficientAI.Telephony.Sip.Tests.Transactions;

/// <summary>A transaction user that records what its client transaction reports.</summary>
internal sealed class RecordingTransactionUser : IClientTransactionUser
{
    public List<SipResponse> Responses { get; } = [];

    public List<TransactionFailure> Failures { get; } = [];

    public void OnResponse(SipResponse response) => Responses.Add(response);

    public void OnFailure(TransactionFailure failure) => Failures.Add(failure);
}
