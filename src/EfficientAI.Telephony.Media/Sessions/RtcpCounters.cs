namespace EfficientAI.Telephony.Media.Sessions;

/// <summary>What the peer said about our outgoing stream in its latest reception report block (RFC 3550 §6.4.1).</summary>
/// <param name="CumulativeLost">Our packets it counts as lost since the start.</param>
/// <param name="FractionLost">The fraction of our packets lost in its last reporting interval, in [0, 1).</param>
/// <param name="JitterMs">The interarrival jitter it measured on our stream, in milliseconds.</param>
/// <param name="ExtendedHighestSequence">The highest sequence number of ours it received, with wrap-arounds.</param>
public readonly record struct RtcpPeerReport(long CumulativeLost, double FractionLost, double JitterMs, long ExtendedHighestSequence);

/// <summary>The RTCP side of a session (RFC 3550 §6): reports exchanged and what they tell.</summary>
/// <param name="ReportsSent">Compound RTCP packets sent (SR or RR + SDES, the last with BYE).</param>
/// <param name="ReportsReceived">Valid compound RTCP packets received from the peer.</param>
/// <param name="ReportsIgnored">RTCP datagrams dropped: malformed (RFC 3550 A.2) or our own reports looped back.</param>
/// <param name="ReceiveFractionLost">The fraction of the peer's packets lost in our latest reporting interval, in
/// [0, 1), as our last report said.</param>
/// <param name="PeerReport">The peer's latest report on our stream; null until one arrives.</param>
/// <param name="PeerPacketsSent">The packet count of the peer's latest SR; null until one arrives.</param>
/// <param name="PeerOctetsSent">The octet count of the peer's latest SR; null until one arrives.</param>
/// <param name="RoundTripMs">The latest round trip from LSR/DLSR (RFC 3550 §6.4.1); null until the peer reflected
/// one of our SRs.</param>
/// <param name="PeerSentBye">Whether the peer's source sent an RTCP BYE.</param>
public readonly record struct RtcpCounters(
    long ReportsSent,
    long ReportsReceived,
    long ReportsIgnored,
    double ReceiveFractionLost,
    RtcpPeerReport? PeerReport,
    long? PeerPacketsSent,
    long? PeerOctetsSent,
    double? RoundTripMs,
    bool PeerSentBye);
