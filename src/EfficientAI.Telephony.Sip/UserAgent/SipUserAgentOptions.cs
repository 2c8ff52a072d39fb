using System.Net;
using EfficientAI.Telephony.Sip.Transactions;

namespace EfficientAI.Telephony.Sip.UserAgent;

public sealed record SipUserAgentOptions
{
    /// <summary>Where the UDP transport listens; port 0 picks a free port.</summary>
    public IPEndPoint ListenEndPoint { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>The user part of our From and Contact URIs.</summary>
    public string UserName { get; init; } = "efficientai";

    public string? DisplayName { get; init; }

    public string Product { get; init; } = "EfficientAI.Telephony/0.1";

    public SipTimerSettings Timers { get; init; } = SipTimerSettings.Default;

    /// <summary>
    /// The session interval our INVITEs ask for (RFC 4028 Session-Expires, 1800 s as most trunks use); null asks for
    /// none, though a peer may still impose one, which is then honoured.
    /// </summary>
    public TimeSpan? SessionExpires { get; init; } = TimeSpan.FromSeconds(1800);
}

/// <summary>One SIP message as it crossed our transport, for the call's SIP trace.</summary>
public sealed record SipTraceEntry(bool Outgoing, IPEndPoint Remote, long Timestamp, string? CallId, string StartLine, byte[] Bytes);
