namespace EfficientAI.Telephony.Media.Pacing;

/// <summary>A stream the <see cref="MediaPacer"/> calls once per frame, on the pacer's thread.</summary>
public interface IPacedStream
{
    /// <summary>
    /// Produces this stream's frame for grid tick <paramref name="tickIndex"/>. Must return quickly and not block:
    /// every other call's frame waits behind it.
    /// </summary>
    /// <param name="tickIndex">The pacer's tick number; consecutive calls to one stream get consecutive numbers.</param>
    /// <param name="deadlineTimestamp">The <see cref="TimeProvider"/> timestamp this tick was scheduled for.</param>
    /// <param name="late">Whether this call started more than the late threshold after the deadline.</param>
    void OnTick(long tickIndex, long deadlineTimestamp, bool late);
}
