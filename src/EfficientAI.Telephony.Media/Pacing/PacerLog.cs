using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Media.Pacing;

/// <summary>Every log line of the pacer, source-generated so the loop formats nothing unless the level is on.</summary>
internal static partial class PacerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Media pacer started: frame {FrameMs} ms, late threshold {LateMs} ms")]
    public static partial void Started(ILogger logger, double frameMs, double lateMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "A paced stream threw on tick {TickIndex}; further faults of this stream are counted, not logged")]
    public static partial void StreamFaulted(ILogger logger, long tickIndex, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Media pacer fell behind by {Frames} frame(s) at tick {TickIndex}; sending each missed frame late")]
    public static partial void FellBehind(ILogger logger, long frames, long tickIndex);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Media pacer stopped after {Ticks} ticks, {LateTicks} late")]
    public static partial void Stopped(ILogger logger, long ticks, long lateTicks);
}
