using System.Net;
using EfficientAI.Telephony.Media.Sdp;

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
}
