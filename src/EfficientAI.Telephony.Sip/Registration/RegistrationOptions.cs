using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Registration;

/// <summary>What to register where (RFC 3261 §10.2).</summary>
public sealed record RegistrationOptions
{
    /// <summary>The registrar's URI, the Request-URI of REGISTER (§10.2: the domain, no user part), e.g. sip:example.com.</summary>
    public required SipUri Registrar { get; init; }

    /// <summary>The address-of-record bound to our contact (To and From of REGISTER), e.g. sip:alice@example.com.</summary>
    public required SipUri AddressOfRecord { get; init; }

    /// <summary>Credentials and outbound proxy; its User/Domain are not used (the address-of-record is).</summary>
    public SipAccount? Account { get; init; }

    /// <summary>The expiry we ask for (§10.2.1.1); the registrar may grant less (or ask for more with 423).</summary>
    public TimeSpan Expires { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// When a refresh is sent, as a fraction of the granted time. One half leaves the second half for retries
    /// before the binding lapses.
    /// </summary>
    public double RefreshAt { get; init; } = 0.5;

    /// <summary>How long to wait before trying again after a refresh failed.</summary>
    public TimeSpan RetryAfterFailure { get; init; } = TimeSpan.FromSeconds(30);
}
