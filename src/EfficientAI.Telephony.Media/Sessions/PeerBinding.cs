using System.Net;
using System.Net.Sockets;
using EfficientAI.Telephony.Media.Codecs;
using EfficientAI.Telephony.Media.Sdp;

namespace EfficientAI.Telephony.Media.Sessions;

/// <summary>
/// What the session currently sends with and accepts: the negotiated media, its codec and the peer's address in
/// socket form. Immutable, swapped whole on a re-negotiation so both threads see a consistent set.
/// </summary>
internal sealed class PeerBinding
{
    public PeerBinding(NegotiatedMedia media, AddressFamily socketFamily)
    {
        Media = media;
        Codec = AudioCodecs.Create(media.Codec.EncodingName);
        if (Codec.ClockRate != media.Codec.ClockRate)
        {
            throw new ArgumentException(
                $"The negotiated {media.Codec} does not match the {Codec.EncodingName} codec's clock rate {Codec.ClockRate}.",
                nameof(media));
        }

        RemoteAddress = SocketAddresses.From(media.RemoteRtp, socketFamily);
        RemoteRtcpAddress = SocketAddresses.From(media.RtcpEndPoint, socketFamily);
    }

    public NegotiatedMedia Media { get; }

    public IAudioCodec Codec { get; }

    public SocketAddress RemoteAddress { get; }

    public SocketAddress RemoteRtcpAddress { get; }

    public bool RtcpMux => Media.RtcpMux;

    public int PayloadType => Media.Codec.PayloadType;

    public bool Sends => Media.Direction.Sends();
}
