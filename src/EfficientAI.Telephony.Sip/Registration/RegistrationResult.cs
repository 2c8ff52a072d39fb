using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Registration;

public enum RegistrationState
{
    Unregistered,
    Registered,
    Failed,
}

/// <summary>The outcome of one REGISTER exchange (after any challenges were answered).</summary>
public sealed record RegistrationResult(RegistrationState State, int StatusCode, TimeSpan Granted, string? Cause)
{
    public bool Succeeded => State != RegistrationState.Failed;

    internal static RegistrationResult Failure(SipResponse? response, string cause) =>
        new(RegistrationState.Failed, response?.StatusCode ?? 0, TimeSpan.Zero, cause);
}
