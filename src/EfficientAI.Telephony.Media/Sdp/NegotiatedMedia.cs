using System.Net;
using EfficientAI.Telephony.Media.Srtp;

namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>
/// What an offer/answer exchange settled for the call's audio stream, from our side:
/// where to send, which codec, the RFC 4733 telephone-event payload type if both sides have it,
/// the packet time the peer asked for, and which directions flow.
/// </summary>
/// <param name="RemoteRtp">Where to send RTP: the peer's connection address and m-line port.</param>
/// <param name="Codec">The audio codec, with the payload type number we put in sent packets.</param>
/// <param name="TelephoneEventPayloadType">The telephone-event payload type, or null when DTMF events were not agreed.</param>
/// <param name="PtimeMs">The packet time the peer wants to receive (its a=ptime), 20 ms when it gave none.</param>
/// <param name="Direction">Our direction: whether we send, receive, both or neither.</param>
/// <param name="RtcpMux">Both sides agreed on RFC 5761 rtcp-mux: RTCP shares the RTP port in both directions.</param>
/// <param name="RemoteRtcp">Where the peer wants RTCP when not multiplexed: its a=rtcp (RFC 3605), or null for the
/// RTP port + 1 (RFC 3550 §11).</param>
/// <param name="Srtp">The SDES keys when the stream is SRTP (RFC 4568, see <see cref="SdesCrypto"/>); null for plain RTP.</param>
public sealed record NegotiatedMedia(
    IPEndPoint RemoteRtp,
    MediaFormat Codec,
    int? TelephoneEventPayloadType,
    int PtimeMs,
    MediaDirection Direction,
    bool RtcpMux = false,
    IPEndPoint? RemoteRtcp = null,
    SrtpKeys? Srtp = null)
{
    /// <summary>Where to send RTCP: the RTP address with rtcp-mux, else a=rtcp, else the RTP port + 1.</summary>
    public IPEndPoint RtcpEndPoint =>
        RtcpMux ? RemoteRtp : RemoteRtcp ?? new IPEndPoint(RemoteRtp.Address, RemoteRtp.Port + 1);
}
