using EfficientAI.Telephony.Sip.Authentication;
using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Sip.Registration;

/// <summary>
/// Who we are towards a SIP service (a carrier trunk, a PBX, a registrar): the identity put in From, the digest
/// credentials answering its challenges, and the outbound proxy every request goes through first.
/// </summary>
public sealed record SipAccount
{
    /// <summary>The user part of From (a number such as +15550001111 on a trunk); null keeps the agent's own.</summary>
    public string? User { get; init; }

    /// <summary>The host part of From (the service's domain); null uses our own address.</summary>
    public string? Domain { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>Answers 401/407 challenges; null means requests that are challenged fail with that cause.</summary>
    public SipCredentials? Credentials { get; init; }

    /// <summary>
    /// The first hop of every out-of-dialog request (RFC 3261 §8.1.2): requests are sent there with a pre-loaded
    /// <c>Route: &lt;proxy;lr&gt;</c>, whatever their Request-URI says.
    /// </summary>
    public SipUri? OutboundProxy { get; init; }

    /// <summary>
    /// "UDP", "TCP" or "TLS" for requests whose URI names no transport (no transport parameter, not sips:);
    /// null means UDP (RFC 3263 §4.1 without NAPTR).
    /// </summary>
    public string? Transport { get; init; }
}
