using System.Buffers;
using System.Net;
using System.Net.Sockets;
using EfficientAI.Telephony.Sip.Parsing;
using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Sip.Transport;

/// <summary>SIP over UDP (RFC 3261 §18): one socket, one datagram is one message.</summary>
public sealed class UdpSipTransport : ISipTransport
{
    /// <summary>The receive buffer asked of the kernel: a second of signaling at thousands of calls per second.</summary>
    public const int ReceiveBufferBytes = 4 * 1024 * 1024;

    private readonly Socket _socket;
    private readonly Action<SipInbound> _receiver;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task? _receiveLoop;

    private UdpSipTransport(Socket socket, Action<SipInbound> receiver, ILogger logger)
    {
        _socket = socket;
        _receiver = receiver;
        _logger = logger;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public string Protocol => "UDP";

    public bool IsReliable => false;

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Binds the socket (port 0 picks a free one) and starts receiving.</summary>
    public static UdpSipTransport Start(IPEndPoint local, Action<SipInbound> receiver, ILogger logger)
    {
        var socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(local);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return Start(socket, receiver, logger);
    }

    /// <summary>Starts receiving on a socket the caller has bound (to pair its port with a TCP listener).</summary>
    internal static UdpSipTransport Start(Socket bound, Action<SipInbound> receiver, ILogger logger)
    {
        // A burst of calls overflows the default receive buffer (~208 KB on Linux) and the kernel drops datagrams,
        // which only Timer A/E retransmissions recover, seconds later. Ask for more; the kernel caps it at
        // net.core.rmem_max, silently.
        try
        {
            bound.ReceiveBufferSize = ReceiveBufferBytes;
        }
        catch (SocketException)
        {
            // a platform that refuses the size keeps its default
        }

        var transport = new UdpSipTransport(bound, receiver, logger);
        transport._receiveLoop = Task.Run(transport.ReceiveLoopAsync);
        return transport;
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, IPEndPoint remote, CancellationToken cancellationToken)
    {
        try
        {
            await _socket.SendToAsync(message, SocketFlags.None, remote, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            // An ICMP error or a full buffer must not kill the caller: the transaction layer retransmits or times out.
            SipLog.SendFailed(_logger, remote, ex.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            // a transaction timer fired while the user agent was shutting down
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(SipParser.MaxMessageSize + 1);
        EndPoint any = _socket.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (ObjectDisposedException)
                {
                    break;
                }
                catch (SocketException) when (_stop.IsCancellationRequested)
                {
                    // Closing the socket under a pending receive surfaces as OperationAborted rather than cancellation.
                    break;
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
                {
                    // ICMP port unreachable from an earlier send surfaces here on some platforms; keep receiving.
                    continue;
                }

                var remote = (IPEndPoint)received.RemoteEndPoint;
                if (received.ReceivedBytes <= SipParser.MaxMessageSize && IsKeepAlive(buffer.AsSpan(0, received.ReceivedBytes)))
                {
                    continue;
                }

                // Nothing a peer sends may stop this loop: a reader or receiver fault is logged and the next datagram read.
                try
                {
                    var result = received.ReceivedBytes > SipParser.MaxMessageSize
                        ? new SipMessageReadResult(SipParseStatus.Invalid, null, new SipParseError("datagram larger than the message size limit"), received.ReceivedBytes)
                        : SipMessageReader.Read(Own(buffer.AsSpan(0, received.ReceivedBytes)), datagram: true);
                    _receiver(new SipInbound(result, remote, this));
                }
                catch (Exception ex)
                {
                    SipLog.ReceiverFailed(_logger, remote, ex);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The received message keeps pointing into its bytes, and it lives as long as a transaction or dialog holds it, so
    /// it gets its own exact-size copy: one short-lived array the GC reclaims cheaply, where a rented buffer would need a
    /// return that nobody could time. The receive buffer itself is reused for the next datagram.
    /// </summary>
    private static ReadOnlyMemory<byte> Own(ReadOnlySpan<byte> datagram) => datagram.ToArray();

    // RFC 5626 §3.5.1: a CRLF keep-alive on UDP is not a message.
    private static bool IsKeepAlive(ReadOnlySpan<byte> datagram) => datagram.Trim("\r\n"u8).IsEmpty;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        if (_receiveLoop is not null)
        {
            await _receiveLoop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
