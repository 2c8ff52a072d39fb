using System.Net;

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
public sealed record NegotiatedMedia(
    IPEndPoint RemoteRtp,
    MediaFormat Codec,
    int? TelephoneEventPayloadType,
    int PtimeMs,
    MediaDirection Direction);
