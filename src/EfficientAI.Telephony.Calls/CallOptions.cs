using System.Net;
using EfficientAI.Telephony.Media.Pacing;
using EfficientAI.Telephony.Media.Playout;
using EfficientAI.Telephony.Media.Sdp;
using EfficientAI.Telephony.Media.Sessions;
using EfficientAI.Telephony.Media.Srtp;
using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Calls;

/// <summary>Media settings shared by the calls of one process.</summary>
public sealed record CallMediaOptions
{
    /// <summary>The address RTP binds to and offers in SDP.</summary>
    public IPAddress RtpAddress { get; init; } = IPAddress.Loopback;

    public int RtpPortMin { get; init; } = 20000;

    public int RtpPortMax { get; init; } = 29998;

    /// <summary>Codecs we offer and accept, in order of preference.</summary>
    public IReadOnlyList<MediaFormat> Formats { get; init; } = MediaFormat.Default;

    /// <summary>
    /// The receive-path jitter buffer of calls; off (null) by default. Calls measure by RTP timestamp and take every
    /// packet as it arrives: the buffer's concealment moves the speech edges the caller and the reference agent detect
    /// (the latency fidelity test showed p99 errors of 120–200 ms with it on), so it stays off until the detectors skip
    /// concealed frames.
    /// </summary>
    public JitterBufferOptions? JitterBuffer { get; init; }

    /// <summary>
    /// SRTP with SDES keys (RFC 4568, RFC 3711) in our offers and answers: Off (plain RTP, SRTP offers refused),
    /// Offer (RTP/AVP offers carrying a=crypto; SRTP whenever the peer takes it) or Require (RTP/SAVP, no call without keys).
    /// </summary>
    public SrtpMode Srtp { get; init; } = SrtpMode.Off;

    /// <summary>Binds a call's RTP session in the configured range, with these receive-path settings.</summary>
    /// <exception cref="RtpPortRangeExhaustedException">No even/odd port pair is free in the range.</exception>
    public RtpMediaSession BindSession(TimeProvider time, MediaPacer pacer, ILoggerFactory loggers)
    {
        var media = RtpMediaSession.Bind(RtpAddress, RtpPortMin, RtpPortMax, time, pacer, loggers.CreateLogger<RtpMediaSession>());
        media.JitterBuffer = JitterBuffer;
        return media;
    }
}
