using EfficientAI.Telephony.Media.Playout;

namespace EfficientAI.Telephony.Media.Sessions;

/// <summary>A snapshot of an <see cref="RtpMediaSession"/>'s counters.</summary>
/// <param name="PacketsSent">RTP packets sent.</param>
/// <param name="OctetsSent">Payload octets sent (RFC 3550 §6.4.1 sender's octet count: headers excluded).</param>
/// <param name="PacketsReceived">RTP packets accepted from the peer (audio and telephone-event).</param>
/// <param name="OctetsReceived">Payload octets of those packets.</param>
/// <param name="PacketsLost">Cumulative packets lost per RFC 3550 A.3 (negative if duplicates outnumber losses).</param>
/// <param name="JitterMs">The RFC 3550 §6.4.1 interarrival jitter of the audio, in milliseconds.</param>
/// <param name="LateFrames">This stream's pacer ticks that started late.</param>
/// <param name="PacketsIgnored">Packets from the peer dropped as malformed or of a payload type not negotiated.</param>
/// <param name="PacketsFromUnexpectedSource">Packets from an address that is not the negotiated peer, dropped.</param>
/// <param name="SendErrors">Frames and reports whose send failed at the socket.</param>
/// <param name="Rtcp">The RTCP reports exchanged and what they said: the loss and jitter the peer measured on our
/// stream, the fraction lost in our last interval, and the round trip.</param>
/// <param name="Playout">The jitter buffer: frames played and concealed, late and duplicate packets, added delay.</param>
/// <param name="SrtpAuthFailures">With SRTP: SRTP and SRTCP datagrams dropped because their authentication tag did not
/// match (or they were too short to carry one); never decoded.</param>
/// <param name="SrtpReplayDiscarded">With SRTP: SRTP and SRTCP datagrams dropped as replays (RFC 3711 §3.3.2).</param>
public readonly record struct RtpCounters(
    long PacketsSent,
    long OctetsSent,
    long PacketsReceived,
    long OctetsReceived,
    long PacketsLost,
    double JitterMs,
    long LateFrames,
    long PacketsIgnored,
    long PacketsFromUnexpectedSource,
    long SendErrors,
    RtcpCounters Rtcp = default,
    PlayoutCounters Playout = default,
    long SrtpAuthFailures = 0,
    long SrtpReplayDiscarded = 0);
