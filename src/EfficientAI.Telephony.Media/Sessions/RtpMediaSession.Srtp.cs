using EfficientAI.Telephony.Media.Rtcp;
using EfficientAI.Telephony.Media.Srtp;

namespace EfficientAI.Telephony.Media.Sessions;

/// <summary>
/// SRTP and SRTCP at the socket (RFC 3711): when the negotiated media carries SDES keys, every packet is protected
/// just before it is sent and unprotected as soon as it is read, in the send and receive buffers. A datagram that
/// fails authentication or replays an earlier one is counted and dropped, never parsed or decoded.
/// </summary>
public sealed partial class RtpMediaSession
{
    private SrtpSession? _srtp;
    private long _srtpAuthFailures;
    private long _srtpReplayDiscarded;

    /// <summary>Whether the session protects its media with SRTP.</summary>
    public bool IsSecure => _srtp is not null;

    private void StartSrtp(Sdp.NegotiatedMedia media) => _srtp = media.Srtp?.CreateSession();

    /// <summary>
    /// A re-negotiation keeps SRTP on or off as it was; new keys (RFC 4568 §7.1.4) start a new crypto context.
    /// The old one is left to the collector rather than disposed, as the pacer or receive thread may be in it.
    /// </summary>
    private void UpdateSrtp(Sdp.NegotiatedMedia media)
    {
        var current = _binding!.Media.Srtp;
        if ((media.Srtp is null) != (current is null))
        {
            throw new ArgumentException(
                media.Srtp is null ? "SRTP cannot be turned off within a session." : "SRTP cannot be turned on within a session.", nameof(media));
        }

        if (media.Srtp is not null
            && (media.Srtp.Local.ToInlineKey() != current!.Local.ToInlineKey() || media.Srtp.Remote.ToInlineKey() != current.Remote.ToInlineKey()))
        {
            Volatile.Write(ref _srtp, media.Srtp.CreateSession());
        }
    }

    /// <summary>Releases the crypto contexts once no thread sends or receives any more.</summary>
    private void StopSrtp() => _srtp?.Dispose();

    /// <summary>Protects an RTP packet in place when SRTP is on; returns the length to send.</summary>
    private int ProtectRtp(Span<byte> packet, int length) => _srtp is { } srtp ? srtp.ProtectRtp(packet, length) : length;

    /// <summary>Protects a compound RTCP packet in place when SRTP is on; returns the length to send.</summary>
    private int ProtectRtcp(Span<byte> packet, int length) => _srtp is { } srtp ? srtp.ProtectRtcp(packet, length) : length;

    /// <summary>
    /// Unprotects a datagram read from the RTP port (<paramref name="rtcpPort"/> false; RTCP there only with
    /// rtcp-mux) or the RTCP port. False when it is to be dropped: failed authentication or replay, counted.
    /// </summary>
    private bool TryUnprotect(Span<byte> datagram, bool rtcpPort, bool rtcpMux, out int length)
    {
        var srtp = _srtp;
        if (srtp is null)
        {
            length = datagram.Length;
            return true;
        }

        SrtpUnprotectResult result;
        length = 0;
        if (rtcpPort || RtcpCompoundReader.LooksLikeRtcp(datagram))
        {
            // Only one loop reads SRTCP: the RTCP port's, or with rtcp-mux the RTP port's. RTCP-looking datagrams on
            // the RTP port without rtcp-mux cannot be authenticated and are counted as failures.
            result = rtcpPort || rtcpMux ? srtp.UnprotectRtcp(datagram, datagram.Length, out length) : SrtpUnprotectResult.AuthenticationFailed;
        }
        else
        {
            result = srtp.UnprotectRtp(datagram, datagram.Length, out length);
        }

        switch (result)
        {
            case SrtpUnprotectResult.Ok:
                return true;
            case SrtpUnprotectResult.Replayed:
                Interlocked.Increment(ref _srtpReplayDiscarded);
                return false;
            default:
                Interlocked.Increment(ref _srtpAuthFailures);
                return false;
        }
    }
}
