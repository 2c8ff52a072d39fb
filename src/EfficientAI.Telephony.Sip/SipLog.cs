using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Sip;

/// <summary>Every log line of the SIP stack, source-generated so the hot path formats nothing it does not log.</summary>
internal static partial class SipLog
{
    [LoggerMessage(1, LogLevel.Warning, "SIP send to {Remote} failed: {Error}")]
    public static partial void SendFailed(ILogger logger, IPEndPoint remote, SocketError error);

    [LoggerMessage(2, LogLevel.Error, "SIP receiver failed on a message from {Remote}")]
    public static partial void ReceiverFailed(ILogger logger, IPEndPoint remote, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "Dropped a malformed SIP message from {Remote}: {Reason} ({Suppressed} similar suppressed)")]
    public static partial void DroppedMalformed(ILogger logger, IPEndPoint remote, string reason, long suppressed);

    [LoggerMessage(4, LogLevel.Information, "Answered a malformed request from {Remote} with 400: {Reason}")]
    public static partial void RejectedMalformed(ILogger logger, IPEndPoint remote, string reason);

    [LoggerMessage(5, LogLevel.Debug, "SIP {Direction} {Remote}: {StartLine}")]
    public static partial void Message(ILogger logger, string direction, IPEndPoint remote, string startLine);

    [LoggerMessage(6, LogLevel.Debug, "Stray response {Status} from {Remote} matches no transaction")]
    public static partial void StrayResponse(ILogger logger, int status, IPEndPoint remote);

    [LoggerMessage(7, LogLevel.Warning, "No ACK for the 2xx of dialog {CallId} within 64*T1: ending it with BYE (RFC 3261 §13.3.1.4)")]
    public static partial void AckTimeout(ILogger logger, string callId);

    [LoggerMessage(8, LogLevel.Debug, "SIP {Protocol} connection with {Remote} opened ({Direction})")]
    public static partial void ConnectionOpened(ILogger logger, string protocol, IPEndPoint remote, string direction);

    [LoggerMessage(9, LogLevel.Debug, "SIP {Protocol} connection with {Remote} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string protocol, IPEndPoint remote, string reason);

    [LoggerMessage(10, LogLevel.Warning, "Closing the SIP {Protocol} connection with {Remote}: {Reason} (RFC 3261 §18.3: the stream can no longer be framed)")]
    public static partial void StreamBroken(ILogger logger, string protocol, IPEndPoint remote, string reason);

    [LoggerMessage(11, LogLevel.Warning, "SIP send over {Protocol} to {Remote} failed: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string protocol, IPEndPoint remote, string reason);

    [LoggerMessage(12, LogLevel.Warning, "SIP {Protocol} listener could not accept a connection: {Error}")]
    public static partial void AcceptFailed(ILogger logger, string protocol, string error);

    [LoggerMessage(13, LogLevel.Warning, "SIP {Protocol} connection from {Remote} dropped during the handshake: {Reason}")]
    public static partial void InboundHandshakeFailed(ILogger logger, string protocol, IPEndPoint remote, string reason);

    [LoggerMessage(14, LogLevel.Debug, "{Method} to {Remote} is larger than {Limit} bytes: sent over TCP instead of UDP (RFC 3261 §18.1.1)")]
    public static partial void SwitchedToTcp(ILogger logger, string method, IPEndPoint remote, int limit);

    [LoggerMessage(15, LogLevel.Warning, "Session timer of dialog {CallId} ran out without a refresh: ending it with BYE (RFC 4028 §10)")]
    public static partial void SessionExpired(ILogger logger, string callId);

    [LoggerMessage(16, LogLevel.Warning, "No PRACK for the reliable provisional response of {CallId} within 64*T1: rejecting the INVITE (RFC 3262 §3)")]
    public static partial void PrackTimeout(ILogger logger, string callId);

    [LoggerMessage(17, LogLevel.Information, "Call {CallId} redirected by {Status} to {Target}")]
    public static partial void Redirected(ILogger logger, string callId, int status, string target);
}
