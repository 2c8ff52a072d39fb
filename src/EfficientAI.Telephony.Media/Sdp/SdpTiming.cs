namespace EfficientAI.Telephony.Media.Sdp;

/// <summary>
/// A <c>t=</c> line (RFC 8866 §5.9) and the <c>r=</c> lines that follow it. "t=0 0" is an unbounded session,
/// which is what SIP calls always use.
/// </summary>
public sealed class SdpTiming
{
    /// <summary>Creates a timing with NTP start and stop times (0 = unbounded).</summary>
    public SdpTiming(ulong startTime, ulong stopTime)
    {
        StartTime = startTime;
        StopTime = stopTime;
    }

    /// <summary>The NTP start time in seconds, 0 for "now/unbounded".</summary>
    public ulong StartTime { get; set; }

    /// <summary>The NTP stop time in seconds, 0 for unbounded.</summary>
    public ulong StopTime { get; set; }

    /// <summary>The values of the <c>r=</c> lines (RFC 8866 §5.10), kept as written.</summary>
    public IList<string> RepeatTimes { get; } = new List<string>();

    /// <summary>The line value, without the "t=" prefix.</summary>
    public override string ToString() => $"{StartTime} {StopTime}";
}
