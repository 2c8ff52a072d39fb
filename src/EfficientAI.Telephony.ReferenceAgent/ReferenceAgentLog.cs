using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.ReferenceAgent;

internal static partial class ReferenceAgentLog
{
    [LoggerMessage(1, LogLevel.Error, "Reference agent: call {CallId} failed")]
    public static partial void CallFailed(ILogger logger, string callId, Exception exception);
}
