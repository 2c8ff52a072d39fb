using System.Net;
using EfficientAI.Telephony.Sip.Messages;

namespace EfficientAI.Telephony.Calls;

/// <summary>What the harness may dial, so that it cannot be turned into a spam or toll-fraud dialer.</summary>
public sealed record DialGuardOptions
{
    /// <summary>
    /// Targets that may be dialled; empty allows every target (the hourly cap still applies). An entry is a number
    /// prefix (<c>+1555</c>, matched against the URI's user part), a host (<c>agent.example.com</c>, or
    /// <c>*.example.com</c> for its subdomains), a network (<c>10.0.0.0/8</c>), or a whole URI (<c>sip:desk@pbx.example.com</c>).
    /// Loopback targets are always allowed: they are on this machine.
    /// </summary>
    public IReadOnlyList<string> Allow { get; init; } = [];

    /// <summary>Calls to one number or URI within any hour, at most; 0 for no cap. Loopback targets are not capped.</summary>
    public int MaxCallsPerTargetPerHour { get; init; } = 200;
}

/// <summary>
/// Checks every dial against the allowlist and the hourly cap per target (a sliding hour, in this process). A refused
/// dial is never sent: the call is reported not run with the reason.
/// </summary>
public sealed class DialGuard(DialGuardOptions options, TimeProvider time)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private readonly Dictionary<string, Queue<long>> _recent = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when <paramref name="target"/> may be dialled now (the attempt is then counted), else why not.</summary>
    public string? Check(SipUri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (IsLoopback(target.Host))
        {
            return null;
        }

        var key = Key(target);
        if (options.Allow.Count > 0 && !options.Allow.Any(entry => Matches(entry.Trim(), target)))
        {
            return $"{key} is not in the dial allowlist (Telephony:DialAllow); add a number prefix, host or URI that covers it";
        }

        if (options.MaxCallsPerTargetPerHour <= 0)
        {
            return null;
        }

        var now = time.GetTimestamp();
        lock (_recent)
        {
            if (!_recent.TryGetValue(key, out var calls))
            {
                calls = new Queue<long>();
                _recent[key] = calls;
            }

            while (calls.Count > 0 && time.GetElapsedTime(calls.Peek(), now) >= Hour)
            {
                calls.Dequeue();
            }

            if (calls.Count >= options.MaxCallsPerTargetPerHour)
            {
                var wait = Hour - time.GetElapsedTime(calls.Peek(), now);
                return $"{key} was called {calls.Count} times in the last hour, the cap (Telephony:MaxCallsPerTargetPerHour); next call possible in {Math.Ceiling(wait.TotalMinutes)} min";
            }

            calls.Enqueue(now);
            return null;
        }
    }

    /// <summary>The number a URI dials (its user part, when it is one) or user@host.</summary>
    internal static string Key(SipUri target)
    {
        var user = target.User ?? "";
        return IsNumber(user) ? user : $"{user}@{target.Host}".TrimStart('@');
    }

    internal static bool Matches(string entry, SipUri target)
    {
        if (entry.Length == 0)
        {
            return false;
        }

        if (IsNumber(entry))
        {
            return target.User is { } user && IsNumber(user) && user.StartsWith(entry, StringComparison.Ordinal);
        }

        if (entry.Contains(':', StringComparison.Ordinal) && SipUri.TryParse(entry, out var uri, out _))
        {
            return string.Equals(uri.Host, target.Host, StringComparison.OrdinalIgnoreCase)
                && (uri.User is null || string.Equals(uri.User, target.User, StringComparison.Ordinal))
                && (uri.Port is null || uri.Port == target.Port);
        }

        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && IPAddress.TryParse(target.Host, out var address) && IPNetwork.TryParse(entry, out var network))
        {
            return network.Contains(address);
        }

        return entry.StartsWith("*.", StringComparison.Ordinal)
            ? target.Host.EndsWith(entry[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(entry, target.Host, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsNumber(string s) =>
        s.Length > 0 && (s[0] == '+' || char.IsAsciiDigit(s[0])) && s.Skip(1).All(c => char.IsAsciiDigit(c) || c is '-' or '.' or '(' or ')');

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
