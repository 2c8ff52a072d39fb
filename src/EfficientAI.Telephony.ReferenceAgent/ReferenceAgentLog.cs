using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.ReferenceAgent;

internal static partial class ReferenceAgentLog
{
    [LoggerMessage(1, LogLevel.Error, "Reference agent: call {CallId} failed")]
    public static partial void CallFailed(ILogger logger, string callId, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "Reference agent: call {CallId} {Move}: {Status}")]
    public static partial void Hold(ILogger logger, string callId, string move, int status);

    [LoggerMessage(3, LogLevel.Warning, "Reference agent: call {CallId}: hold or transfer failed")]
    public static partial void SignallingFailed(ILogger logger, string callId, Exception exception);
}
