namespace EfficientAI.Telephony.Media.Pacing;

/// <summary>
/// A stream's place in the <see cref="MediaPacer"/>. Disposing it removes the stream; once <see cref="Dispose"/>
/// returns, the stream's <see cref="IPacedStream.OnTick"/> is not called again (an in-flight call finishes first).
/// </summary>
public sealed class PacerRegistration : IDisposable
{
    private readonly MediaPacer _pacer;
    private long _ticks;
    private long _lateTicks;
    private long _faults;
    private volatile bool _removed;

    internal PacerRegistration(MediaPacer pacer, IPacedStream stream)
    {
        _pacer = pacer;
        Stream = stream;
    }

    /// <summary>The registered stream.</summary>
    public IPacedStream Stream { get; }

    /// <summary>How many ticks this stream has been given.</summary>
    public long Ticks => Interlocked.Read(ref _ticks);

    /// <summary>How many of them started late.</summary>
    public long LateTicks => Interlocked.Read(ref _lateTicks);

    /// <summary>How many of them threw (a bug in the stream; the pacer logs the first and carries on).</summary>
    public long Faults => Interlocked.Read(ref _faults);

    internal bool IsRemoved => _removed;

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_removed)
        {
            _pacer.Unregister(this);
        }
    }

    internal void MarkRemoved() => _removed = true;

    internal void CountTick(bool late)
    {
        Interlocked.Increment(ref _ticks);
        if (late)
        {
            Interlocked.Increment(ref _lateTicks);
        }
    }

    internal long CountFault() => Interlocked.Increment(ref _faults);
}
