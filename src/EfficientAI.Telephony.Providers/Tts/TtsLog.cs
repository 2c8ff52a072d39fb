using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Providers.Tts;

internal static partial class TtsLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "{Engine} synthesised {Characters} characters into {DurationMs:F0} ms of audio in {ElapsedMs:F0} ms")]
    public static partial void Synthesised(ILogger logger, string engine, int characters, double durationMs, double elapsedMs);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "Speech cache hit on disk: {Path}")]
    public static partial void DiskHit(ILogger logger, string path);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Ignoring unreadable speech cache file {Path}")]
    public static partial void CorruptCacheFile(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Could not write speech cache file {Path}")]
    public static partial void CacheWriteFailed(ILogger logger, string path, Exception exception);
}
