using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace EfficientAI.Telephony.Sip.Dialogs;

/// <summary>
/// The Session-Expires header of RFC 4028 §4: the session interval in seconds and who refreshes it
/// (<c>refresher=uac</c> or <c>uas</c>; absent in a request that leaves the choice to the answerer).
/// </summary>
public readonly record struct SessionExpires(int Seconds, string? Refresher)
{
    public const string HeaderName = "Session-Expires";
    public const string MinSeHeaderName = "Min-SE";
    public const string OptionTag = "timer";

    /// <summary>RFC 4028 §4: Min-SE, and so any session interval, is never below 90 seconds.</summary>
    public const int MinimumSeconds = 90;

    public static bool TryParse(string? text, [NotNullWhen(true)] out SessionExpires? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Split(';');
        if (!int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            return false;
        }

        string? refresher = null;
        foreach (var p in parts.AsSpan(1))
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && p[..eq].Trim().Equals("refresher", StringComparison.OrdinalIgnoreCase))
            {
                refresher = p[(eq + 1)..].Trim().ToLowerInvariant();
            }
        }

        value = new SessionExpires(seconds, refresher is "uac" or "uas" ? refresher : null);
        return true;
    }

    public static int? ParseMinSe(string? text) =>
        int.TryParse(text?.Split(';')[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    public override string ToString() =>
        Refresher is null ? Seconds.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{Seconds};refresher={Refresher}");
}

/// <summary>
/// The session timer of one dialog (RFC 4028 §10): the refresher refreshes at half the interval; the other side
/// ends the session with BYE when no refresh came by min(32 s, interval/3) before it expires.
/// </summary>
internal sealed class SessionTimer : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Func<Task> _refresh;
    private readonly Action _expire;
    private readonly ITimer _timer;
    private readonly object _gate = new();
    private bool _weRefresh;
    private bool _disposed;

    public SessionTimer(TimeProvider time, Func<Task> refresh, Action expire)
    {
        _time = time;
        _refresh = refresh;
        _expire = expire;
        _timer = time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public TimeSpan Interval { get; private set; }

    public bool WeRefresh
    {
        get
        {
            lock (_gate)
            {
                return _weRefresh;
            }
        }
    }

    /// <summary>Starts or restarts the interval: after the session began or after each successful refresh.</summary>
    public void Restart(TimeSpan interval, bool weRefresh)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Interval = interval;
            _weRefresh = weRefresh;
            _timer.Change(DueIn(interval, weRefresh), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>When the timer fires after (re)starting: half the interval for the refresher, else the BYE point.</summary>
    internal static TimeSpan DueIn(TimeSpan interval, bool weRefresh)
    {
        if (weRefresh)
        {
            return interval / 2;
        }

        var margin = TimeSpan.FromSeconds(Math.Min(32, interval.TotalSeconds / 3));
        return interval - margin;
    }

    private void Fire()
    {
        bool weRefresh;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            weRefresh = _weRefresh;
        }

        if (weRefresh)
        {
            _ = _refresh();
        }
        else
        {
            _expire();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _timer.Dispose();
    }
}
