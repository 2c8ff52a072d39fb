using System.Net;
using System.Text;
using EfficientAI.Telephony.Sip.Transport;

namespace EfficientAI.Telephony.Sip.UserAgent;

/// <summary>
/// Wraps a transport so every message sent is also reported to the SIP trace — only while someone listens
/// (<paramref name="isTracing"/>): the entry copies the message, which a load test must not pay for.
/// </summary>
internal sealed class TracingTransport(ISipTransport inner, TimeProvider time, Func<bool> isTracing, Action<SipTraceEntry> trace) : ISipTransport
{
    public string Protocol => inner.Protocol;

    public bool IsReliable => inner.IsReliable;

    public IPEndPoint LocalEndPoint => inner.LocalEndPoint;

    public ValueTask SendAsync(ReadOnlyMemory<byte> message, IPEndPoint remote, CancellationToken cancellationToken)
    {
        if (isTracing())
        {
            trace(new SipTraceEntry(true, remote, time.GetTimestamp(), FindCallId(message.Span), StartLine(message.Span), message.ToArray()));
        }

        return inner.SendAsync(message, remote, cancellationToken);
    }

    public ValueTask ConnectAsync(IPEndPoint remote, string? serverName, CancellationToken cancellationToken) =>
        inner.ConnectAsync(remote, serverName, cancellationToken);

    /// <summary>The transport underneath, which is what received messages name in <see cref="SipInbound.Transport"/>.</summary>
    public ISipTransport Inner => inner;

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    internal static string StartLine(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf("\r\n"u8);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
    }

    private static string? FindCallId(ReadOnlySpan<byte> bytes)
    {
        foreach (var name in (ReadOnlySpan<string>)["\r\nCall-ID:", "\r\ni:"])
        {
            var at = IndexOfIgnoreCase(bytes, name);
            if (at >= 0)
            {
                var rest = bytes[(at + name.Length)..];
                var eol = rest.IndexOf("\r\n"u8);
                return Encoding.UTF8.GetString(eol < 0 ? rest : rest[..eol]).Trim();
            }
        }

        return null;
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> hay, string needle)
    {
        for (var i = 0; i + needle.Length <= hay.Length; i++)
        {
            var match = true;
            for (var k = 0; k < needle.Length && match; k++)
            {
                match = char.ToLowerInvariant((char)hay[i + k]) == char.ToLowerInvariant(needle[k]);
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }
}
