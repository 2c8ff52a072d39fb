using System.Collections.Concurrent;
using EfficientAI.Telephony.Sip.UserAgent;

namespace EfficientAI.Telephony.Calls;

/// <summary>Keeps every SIP message of every call of a user agent, by Call-ID, until the call's owner takes them.</summary>
public sealed class SipTraceRecorder : IDisposable
{
    private readonly SipUserAgent _userAgent;
    private readonly ConcurrentDictionary<string, List<SipTraceEntry>> _byCall = new();

    public SipTraceRecorder(SipUserAgent userAgent)
    {
        _userAgent = userAgent;
        userAgent.Traced += OnTraced;
    }

    private void OnTraced(SipTraceEntry entry)
    {
        if (entry.CallId is null)
        {
            return;
        }

        var list = _byCall.GetOrAdd(entry.CallId, _ => []);
        lock (list)
        {
            list.Add(entry);
        }
    }

    /// <summary>Removes and returns the messages of one call, in the order they crossed the transport.</summary>
    public IReadOnlyList<SipTraceEntry> Take(string callId)
    {
        if (!_byCall.TryRemove(callId, out var list))
        {
            return [];
        }

        lock (list)
        {
            return [.. list];
        }
    }

    public void Dispose() => _userAgent.Traced -= OnTraced;
}
