using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Providers.Resilience;

/// <summary>Every log line of the remote providers. None of them carries a key or a request body.</summary>
internal static partial class ProviderLog
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Warning, Message = "{Operation}: attempt {Attempt} failed ({Cause}); retrying in {DelayMs:F0} ms")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, string cause, double delayMs);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Error, Message = "{Provider} {Operation} gave up after {Attempts} attempts: {Cause} (HTTP {StatusCode})")]
    public static partial void GaveUp(ILogger logger, string provider, string operation, ProviderFailureCause cause, int attempts, int statusCode);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Debug, Message = "{Provider} {Operation} to {Endpoint} took {ElapsedMs:F0} ms")]
    public static partial void Completed(ILogger logger, string provider, string operation, string endpoint, double elapsedMs);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Whisper model {ModelPath} loaded in {ElapsedMs:F0} ms")]
    public static partial void WhisperModelLoaded(ILogger logger, string modelPath, double elapsedMs);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Debug, Message = "Persona move streamed: first token after {FirstTokenMs:F0} ms, {Sentences} sentences, {ToolCalls} tool calls")]
    public static partial void PersonaMoveStreamed(ILogger logger, double firstTokenMs, int sentences, int toolCalls);
}
