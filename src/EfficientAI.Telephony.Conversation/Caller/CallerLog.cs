using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Conversation.Caller;

internal static partial class CallerLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Agent speech {Start}..{End} (samples)")]
    public static partial void AgentTurn(ILogger logger, long start, long end);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Caller line {Turn} ready after {ElapsedMs:F0} ms: \"{Text}\"")]
    public static partial void LineReady(ILogger logger, int turn, double elapsedMs, string text);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Agent responded after {LatencyMs:F1} ms")]
    public static partial void ResponseLatency(ILogger logger, double latencyMs);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Caller conversation ended: {Reason} ({Detail})")]
    public static partial void Ended(ILogger logger, CallerEndReason reason, string? detail);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Caller line {Turn} could not be prepared")]
    public static partial void LineFailed(ILogger logger, int turn, Exception exception);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Debug, Message = "Agent spoke over the caller's line ({Start}..{End})")]
    public static partial void AgentOverlapped(ILogger logger, long start, long end);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Debug, Message = "Agent turn at {Start} transcribed: \"{Text}\"")]
    public static partial void AgentTranscribed(ILogger logger, long start, string text);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Warning, Message = "Speech-to-text of the agent turn at {Start} failed")]
    public static partial void TranscriptionFailed(ILogger logger, long start, Exception exception);
}
