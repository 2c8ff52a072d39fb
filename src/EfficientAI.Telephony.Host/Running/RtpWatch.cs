using EfficientAI.Telephony.Media.Sessions;

namespace EfficientAI.Telephony.Host.Running;

/// <summary>
/// Watches whether RTP from the agent keeps arriving during a call: a stretch of at least <see cref="Threshold"/>
/// without a packet is a stop (the agent's media died, a one-way path, a hold), which a silence detector alone cannot
/// tell from an agent that streams silence. Times are TimeProvider timestamps, mapped onto the timeline by the caller.
/// </summary>
internal sealed class RtpWatch : IAsyncDisposable
{
    public static readonly TimeSpan Threshold = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly RtpMediaSession _media;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(long From, long? Until)> _stops = [];
    private readonly Task _loop;
    private long _lastPacket;
    private long _lastCount;

    public RtpWatch(RtpMediaSession media, TimeProvider time)
    {
        _media = media;
        _time = time;
        _lastPacket = time.GetTimestamp();
        _loop = RunAsync();
    }

    /// <summary>Each stop: from the last packet before it to the first one after (null: it never resumed).</summary>
    public IReadOnlyList<(long From, long? Until)> Stops
    {
        get
        {
            lock (_stops)
            {
                return [.. _stops];
            }
        }
    }

    /// <summary>The stop still going on when the call ended, if any.</summary>
    public (long From, long? Until)? OpenStop => Stops.LastOrDefault(s => s.Until is null) is { From: > 0 } open ? open : null;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(Interval, _time, _stop.Token).ConfigureAwait(false);
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
            Sample();
        }
    }

    private void Sample()
    {
        var now = _time.GetTimestamp();
        var count = _media.Counters.PacketsReceived;
        lock (_stops)
        {
            var stopped = _stops.Count > 0 && _stops[^1].Until is null;
            if (count != _lastCount)
            {
                if (stopped)
                {
                    _stops[^1] = (_stops[^1].From, now);
                }

                _lastCount = count;
                _lastPacket = now;
            }
            else if (!stopped && _time.GetElapsedTime(_lastPacket, now) >= Threshold)
            {
                _stops.Add((_lastPacket, null));
            }
        }
    }
}
