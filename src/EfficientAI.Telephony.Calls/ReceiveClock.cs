namespace EfficientAI.Telephony.Calls;

/// <summary>
/// Maps received audio onto the local media clock by its RTP timestamps, so the received stream keeps the sender's
/// exact timing whatever the arrival jitter.
/// </summary>
/// <remarks>
/// Stamps handed out during the call use the offset of the first packet, so they never jump (a detector fed with
/// them sees a steady stream). The first packet can arrive late — the first call in a process pays for JIT, a loaded
/// box for scheduling — so the offset that best maps remote to local time is the minimum transit seen over the call;
/// <see cref="Correction"/> is how far that lies from the offset used, to be added to every received-side stamp
/// once the call is over.
/// </remarks>
public sealed class ReceiveClock
{
    private long _initial = long.MinValue;
    private long _minimum = long.MaxValue;

    /// <summary>The local stamp of a received frame. Receive thread only.</summary>
    public long Map(long remoteSampleIndex, long arrivalSampleIndex)
    {
        var offset = arrivalSampleIndex - remoteSampleIndex;
        if (_initial == long.MinValue)
        {
            Volatile.Write(ref _initial, offset);
        }

        if (offset < _minimum)
        {
            Volatile.Write(ref _minimum, offset);
        }

        return remoteSampleIndex + _initial;
    }

    /// <summary>Samples to add to every stamp <see cref="Map"/> gave, for the best estimate (zero or negative).</summary>
    public long Correction
    {
        get
        {
            var initial = Volatile.Read(ref _initial);
            return initial == long.MinValue ? 0 : Volatile.Read(ref _minimum) - initial;
        }
    }
}
