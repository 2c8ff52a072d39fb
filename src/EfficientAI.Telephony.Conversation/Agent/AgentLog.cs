using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Conversation.Agent;

internal static partial class AgentLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "Agent prepared {Count} lines in {ElapsedMs:F0} ms")]
    public static partial void Prepared(ILogger logger, int count, double elapsedMs);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Caller turn ended at sample {LastVoiced}; reply {Reply} scheduled from sample {NotBefore}")]
    public static partial void ReplyScheduled(ILogger logger, long lastVoiced, int reply, long notBefore);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Caller turn ended at sample {LastVoiced} but {Pending} replies are already waiting; this one is dropped")]
    public static partial void ReplyDropped(ILogger logger, long lastVoiced, int pending);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Agent reply \"{Text}\" starts {LatencyMs:F1} ms after the caller's last voiced sample")]
    public static partial void ReplyStarted(ILogger logger, string text, double latencyMs);
}
