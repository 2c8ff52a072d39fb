using EfficientAI.Telephony.Sip.Dialogs;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Registration;

namespace EfficientAI.Telephony.Sip.UserAgent;

public enum InviteFailure
{
    None,

    /// <summary>A 3xx-6xx final response.</summary>
    Rejected,

    /// <summary>No response at all within Timer B (64*T1).</summary>
    Timeout,

    /// <summary>No final response before the caller's ring timeout; we sent CANCEL.</summary>
    NoAnswer,

    /// <summary>The caller cancelled.</summary>
    Cancelled,

    /// <summary>The target could not be resolved or reached.</summary>
    Unreachable,

    /// <summary>
    /// A 401/407 we could not satisfy: no credentials for the realm, credentials rejected, or challenged more often
    /// than <see cref="InviteRequest.MaxAuthenticationAttempts"/>. <see cref="InviteResult.Cause"/> says which.
    /// </summary>
    AuthenticationFailed,
}

/// <summary>What we ask for when placing a call.</summary>
public sealed record InviteRequest(SipUri Target, string Sdp)
{
    /// <summary>The user part of our From URI (defaults to the agent's configured user name).</summary>
    public string? FromUser { get; init; }

    public string? FromDisplayName { get; init; }

    /// <summary>How long to wait for a final response once ringing before CANCEL (no answer).</summary>
    public TimeSpan RingTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Called for every provisional response (100, 180, 183) as it arrives.</summary>
    public Action<SipResponse>? OnProvisional { get; init; }

    /// <summary>The identity, credentials and outbound proxy for this call; null uses the user agent's <see cref="SipUserAgent.Account"/>.</summary>
    public SipAccount? Account { get; init; }

    /// <summary>How many 401/407 challenges the INVITE answers before the call fails (a server challenging in a loop).</summary>
    public int MaxAuthenticationAttempts { get; init; } = 3;

    /// <summary>
    /// Called with the dialog as soon as the 2xx creates it, before our ACK goes out: the place to install
    /// <see cref="SipDialog.OfferReceived"/> and <see cref="SipDialog.TransferRequested"/>, since a peer may re-INVITE or
    /// REFER the moment the ACK reaches it.
    /// </summary>
    public Action<SipDialog>? OnDialog { get; init; }

    /// <summary>How many 3xx redirections are followed (RFC 3261 §8.1.3.4) before the 3xx is the result.</summary>
    public int MaxRedirects { get; init; } = 3;
}

/// <summary>How an INVITE ended: a dialog, or a status and a failure kind.</summary>
public sealed record InviteResult(InviteFailure Failure, int StatusCode, string? ReasonPhrase, SipResponse? FinalResponse, SipDialog? Dialog, string CallId)
{
    public bool Succeeded => Failure == InviteFailure.None && Dialog is not null;

    /// <summary>Why the call failed, in words, when the status line alone does not say it (authentication).</summary>
    public string? Cause { get; init; }

    public string? RemoteSdp => FinalResponse is { Body.IsEmpty: false } r ? r.BodyText : null;

    /// <summary>The targets the call was redirected to by 3xx responses, in order.</summary>
    public IReadOnlyList<SipUri> Redirects { get; init; } = [];

    /// <summary>The Retry-After of a final response (§20.33: typically with 503, 486, 480, 600, 603).</summary>
    public TimeSpan? RetryAfter => FinalResponse?.Headers[HeaderNames.RetryAfter] is { } value
        && int.TryParse(value.Split([';', '('], 2)[0].Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
