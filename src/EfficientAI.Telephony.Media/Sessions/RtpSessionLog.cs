using System.Net;
using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Media.Sessions;

/// <summary>Every log line of an RTP media session, source-generated.</summary>
internal static partial class RtpSessionLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "RTP session bound to {LocalEndPoint}")]
    public static partial void Bound(ILogger logger, IPEndPoint localEndPoint);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "RTP session {LocalEndPoint} started: {Codec} PT {PayloadType} to {Remote}, {Direction}, SSRC {Ssrc:x8}")]
    public static partial void Started(ILogger logger, IPEndPoint localEndPoint, string codec, int payloadType, IPEndPoint remote, string direction, uint ssrc);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "The peer asked for {PtimeMs} ms packets; this session sends {FrameMs} ms frames, the pacer's period")]
    public static partial void PtimeDiffers(ILogger logger, int ptimeMs, double frameMs);

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "RTP session {LocalEndPoint} accepts media from {Source} on loopback until the negotiated address {Remote} sends")]
    public static partial void LoopbackSourceAccepted(ILogger logger, IPEndPoint localEndPoint, EndPoint? source, IPEndPoint remote);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "RTP session {LocalEndPoint}: the peer changed SSRC from {OldSsrc:x8} to {NewSsrc:x8}")]
    public static partial void SsrcChanged(ILogger logger, IPEndPoint localEndPoint, uint oldSsrc, uint newSsrc);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "RTP session {LocalEndPoint}: sending failed ({Error}); later failures are counted, not logged")]
    public static partial void SendFailed(ILogger logger, IPEndPoint localEndPoint, string error);

    [LoggerMessage(EventId = 106, Level = LogLevel.Error, Message = "RTP session {LocalEndPoint}: the media {Role} threw; later faults are not logged")]
    public static partial void CallbackFaulted(ILogger logger, IPEndPoint localEndPoint, string role, Exception exception);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "RTP session {LocalEndPoint}: the receive loop ended on a socket error")]
    public static partial void ReceiveFailed(ILogger logger, IPEndPoint localEndPoint, Exception exception);

    [LoggerMessage(EventId = 108, Level = LogLevel.Debug, Message = "RTP session {LocalEndPoint} stopped: sent {PacketsSent}, received {PacketsReceived}, lost {PacketsLost}, jitter {JitterMs:F2} ms, late frames {LateFrames}")]
    public static partial void Stopped(ILogger logger, IPEndPoint localEndPoint, long packetsSent, long packetsReceived, long packetsLost, double jitterMs, long lateFrames);
}
