using System.Net;
using EfficientAI.Telephony.Sip.Parsing;

namespace EfficientAI.Telephony.Sip.Transport;

/// <summary>Sends bytes to a peer and hands every received message, valid or not, to its receiver.</summary>
public interface ISipTransport : IAsyncDisposable
{
    /// <summary>"UDP", "TCP" or "TLS", as written in Via.</summary>
    string Protocol { get; }

    bool IsReliable { get; }

    IPEndPoint LocalEndPoint { get; }

    ValueTask SendAsync(ReadOnlyMemory<byte> message, IPEndPoint remote, CancellationToken cancellationToken);

    /// <summary>
    /// Makes sure a message to <paramref name="remote"/> can be sent: a stream transport opens its connection (and TLS
    /// checks the certificate against <paramref name="serverName"/>), throwing <see cref="SipTransportException"/>
    /// with the cause. A datagram transport has nothing to open.
    /// </summary>
    ValueTask ConnectAsync(IPEndPoint remote, string? serverName, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>What the transport layer hands up: the parse outcome of one message and where it came from.</summary>
public readonly record struct SipInbound(SipMessageReadResult Result, IPEndPoint Remote, ISipTransport Transport);
