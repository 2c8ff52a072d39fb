using System.Net;
using System.Net.Sockets;
using EfficientAI.Telephony.Media.Codecs;
using EfficientAI.Telephony.Media.Sdp;

namespace EfficientAI.Telephony.Media.Sessions;

/// <summary>
/// What the session currently sends with and accepts: the negotiated media, its codec and the peer's address in
/// socket form. Swapped whole on a re-negotiation so both threads see a consistent set; the only mutable part is the
/// codec's own state (G.722, Opus), which a re-negotiation to the same codec carries over so the stream continues.
/// The codec is wrapped in a <see cref="PipelineCodec"/>: the session's PCM stays at 8 kHz whatever the codec's rate.
/// </summary>
internal sealed class PeerBinding
{
    public PeerBinding(NegotiatedMedia media, AddressFamily socketFamily, PeerBinding? previous = null)
    {
        Media = media;
        if (previous is not null && previous.Media.Codec.IsSameEncoding(media.Codec) && Equals(previous.Media.Codec.Fmtp, media.Codec.Fmtp))
        {
            Pipeline = previous.Pipeline;
        }
        else
        {
            var codec = AudioCodecs.Create(media.Codec);
            if (codec.ClockRate != media.Codec.ClockRate)
            {
                throw new ArgumentException(
                    $"The negotiated {media.Codec} does not match the {codec.EncodingName} codec's clock rate {codec.ClockRate}.",
                    nameof(media));
            }

            Pipeline = new PipelineCodec(codec);
        }

        RemoteAddress = SocketAddresses.From(media.RemoteRtp, socketFamily);
        RemoteRtcpAddress = SocketAddresses.From(media.RtcpEndPoint, socketFamily);
    }

    public NegotiatedMedia Media { get; }

    public IAudioCodec Codec => Pipeline.Codec;

    /// <summary>The codec with the resampling to and from the session's 8 kHz PCM.</summary>
    public PipelineCodec Pipeline { get; }

    public SocketAddress RemoteAddress { get; }

    public SocketAddress RemoteRtcpAddress { get; }

    public bool RtcpMux => Media.RtcpMux;

    public int PayloadType => Media.Codec.PayloadType;

    public bool Sends => Media.Direction.Sends();
}
