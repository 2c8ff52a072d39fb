using System.Net;
using EfficientAI.Telephony.Sip.Transactions;
using EfficientAI.Telephony.Sip.Transport;

namespace EfficientAI.Telephony.Sip.UserAgent;

public sealed record SipUserAgentOptions
{
    /// <summary>Where the UDP transport listens; port 0 picks a free port. Stream listeners without an end point of their own use its address.</summary>
    public IPEndPoint ListenEndPoint { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>
    /// The transports to start, the first being the one our own address (Call-ID, From) is taken from. Default: UDP
    /// only. Add <c>new SipListener(SipTransportKind.Tcp)</c> for TCP (on the UDP port, as 5060 serves both) and
    /// <c>SipTransportKind.Tls</c> with <see cref="Tls"/> for TLS; one list may hold IPv4 and IPv6 listeners.
    /// </summary>
    public IReadOnlyList<SipListener> Transports { get; init; } = [new(SipTransportKind.Udp)];

    /// <summary>Connect and idle timeouts, keep-alive of the TCP and TLS transports.</summary>
    public SipStreamOptions Stream { get; init; } = new();

    /// <summary>Our TLS server certificate and how server certificates are checked.</summary>
    public SipTlsOptions Tls { get; init; } = new();

    /// <summary>
    /// RFC 3261 §18.1.1: a request larger than this goes over TCP instead of UDP when a TCP transport is started
    /// (1300 bytes: the figure for a path whose MTU is unknown).
    /// </summary>
    public int UdpRequestSizeLimit { get; init; } = 1300;

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

public enum SipTransportKind
{
    Udp,
    Tcp,
    Tls,
}

/// <summary>
/// One transport of a user agent. Without an end point: UDP listens on <see cref="SipUserAgentOptions.ListenEndPoint"/>,
/// TCP on the same address and port number as the UDP listener (a free pair when that port is 0), TLS on a free port
/// of that address.
/// </summary>
public sealed record SipListener(SipTransportKind Kind, IPEndPoint? EndPoint = null)
{
    /// <summary>"UDP", "TCP" or "TLS", as written in Via.</summary>
    public string Protocol => Kind.ToString().ToUpperInvariant();
}

/// <summary>One SIP message as it crossed our transport, for the call's SIP trace.</summary>
public sealed record SipTraceEntry(bool Outgoing, IPEndPoint Remote, long Timestamp, string? CallId, string StartLine, byte[] Bytes);
