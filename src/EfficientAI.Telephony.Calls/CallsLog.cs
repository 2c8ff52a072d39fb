using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Calls;

internal static partial class CallsLog
{
    [LoggerMessage(1, LogLevel.Warning, "Call {CallId}: SDP answer rejected: {Reason}")]
    public static partial void BadAnswer(ILogger logger, string callId, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Call {CallId}: SDP offer rejected: {Reason}")]
    public static partial void BadOffer(ILogger logger, string callId, string reason);

    [LoggerMessage(3, LogLevel.Error, "Call {CallId}: no RTP port: {Reason}")]
    public static partial void NoPort(ILogger logger, string callId, string reason);

    [LoggerMessage(4, LogLevel.Information, "Call {CallId}: the agent transferred the call to {Target}")]
    public static partial void Transferring(ILogger logger, string callId, string target);

    [LoggerMessage(5, LogLevel.Warning, "Call {CallId}: the transfer to {Target} failed: {Reason}")]
    public static partial void TransferFailed(ILogger logger, string callId, string target, string reason);
}
