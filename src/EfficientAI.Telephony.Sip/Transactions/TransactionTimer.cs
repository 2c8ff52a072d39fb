namespace EfficientAI.Telephony.Sip.Transactions;

/// <summary>A one-shot timer on the injected clock, restartable; FakeTimeProvider drives it in tests.</summary>
internal sealed class TransactionTimer : IDisposable
{
    private readonly ITimer _timer;

    public TransactionTimer(TimeProvider time, Action onFire)
    {
        _timer = time.CreateTimer(static s => ((Action)s!)(), onFire, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public TimeSpan Interval { get; private set; }

    public void Start(TimeSpan due)
    {
        Interval = due;
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    public void Stop() => _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    public void Dispose() => _timer.Dispose();
}
