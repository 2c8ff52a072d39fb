using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using EfficientAI.Telephony.Sip.Parsing;
using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.Sip.Transport;

/// <summary>
/// SIP over TCP, or over TLS when TLS options are given (RFC 3261 §18, §26.2.1): a listener plus the connections we
/// open. There is one connection per remote endpoint, used for requests and responses in both directions: a
/// response goes back on the connection its request came in on (§18.2.2), a request to an endpoint we already have a
/// connection with reuses it (§18.1.1). Connections that carry nothing for <see cref="SipStreamOptions.IdleTimeout"/>
/// are closed.
/// </summary>
public sealed class StreamSipTransport : ISipTransport
{
    private readonly Socket _listener;
    private readonly Action<SipInbound> _receiver;
    private readonly SipStreamOptions _options;
    private readonly SipTlsOptions? _tls;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<IPEndPoint, Task<SipStreamConnection>> _connections = new();
    private readonly ITimer _sweep;
    private Task _acceptLoop = Task.CompletedTask;

    private StreamSipTransport(Socket listener, Action<SipInbound> receiver, SipStreamOptions options, SipTlsOptions? tls, TimeProvider time, ILogger logger)
    {
        _listener = listener;
        _receiver = receiver;
        _options = options;
        _tls = tls;
        _time = time;
        Logger = logger;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        // One sweep per transport, not a timer per connection (ARCHITECTURE: 1000 calls must not mean 1000 timers).
        var period = options.IdleTimeout / 4;
        if (options.KeepAliveInterval is { } keepAlive && keepAlive / 4 < period)
        {
            period = keepAlive / 4;
        }

        SweepPeriod = period;
        _sweep = time.CreateTimer(_ => Sweep(), null, period, period);
    }

    public string Protocol => _tls is null ? "TCP" : "TLS";

    public bool IsReliable => true;

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>How often idle connections are looked for (and keep-alive pings sent).</summary>
    public TimeSpan SweepPeriod { get; }

    /// <summary>Open connections, inbound and outbound.</summary>
    public int ConnectionCount => _connections.Count(c => c.Value.IsCompletedSuccessfully && !c.Value.Result.IsClosed);

    internal ILogger Logger { get; }

    /// <summary>Listens for TCP on <paramref name="local"/> (port 0 picks a free port).</summary>
    public static StreamSipTransport StartTcp(IPEndPoint local, Action<SipInbound> receiver, SipStreamOptions options, TimeProvider time, ILogger logger) =>
        Start(local, receiver, options, null, time, logger);

    /// <summary>
    /// Listens for TLS on <paramref name="local"/> with <see cref="SipTlsOptions.ServerCertificate"/>; without one it
    /// only connects out.
    /// </summary>
    public static StreamSipTransport StartTls(IPEndPoint local, Action<SipInbound> receiver, SipStreamOptions options, SipTlsOptions tls, TimeProvider time, ILogger logger) =>
        Start(local, receiver, options, tls, time, logger);

    private static StreamSipTransport Start(IPEndPoint local, Action<SipInbound> receiver, SipStreamOptions options, SipTlsOptions? tls, TimeProvider time, ILogger logger)
    {
        options.Validate();
        return Start(BindListener(local), receiver, options, tls, time, logger);
    }

    /// <summary>A bound, not yet listening TCP socket (port 0 picks a free port).</summary>
    internal static Socket BindListener(IPEndPoint local)
    {
        var listener = new Socket(local.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(local);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>Starts listening on a socket from <see cref="BindListener"/>.</summary>
    internal static StreamSipTransport Start(Socket bound, Action<SipInbound> receiver, SipStreamOptions options, SipTlsOptions? tls, TimeProvider time, ILogger logger)
    {
        options.Validate();
        var listener = bound;
        try
        {
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        var transport = new StreamSipTransport(listener, receiver, options, tls, time, logger);
        transport._acceptLoop = Task.Run(transport.AcceptLoopAsync);
        return transport;
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, IPEndPoint remote, CancellationToken cancellationToken)
    {
        // A connection found closed when written to is replaced once: the peer may have dropped an idle connection.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            SipStreamConnection connection;
            try
            {
                connection = await GetOrConnectAsync(remote, null, cancellationToken).ConfigureAwait(false);
            }
            catch (SipTransportException ex)
            {
                // The transaction layer learns of it by its timer; the cause is in the log.
                SipLog.ConnectFailed(Logger, Protocol, remote, ex.Message);
                return;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            if (await connection.SendAsync(message, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Opens a connection to <paramref name="remote"/> unless one is open, so the first request of a call learns
    /// at once why the peer cannot be reached. <paramref name="serverName"/> is the host name the TLS certificate
    /// must carry (and the SNI); null uses the address.
    /// </summary>
    public async ValueTask ConnectAsync(IPEndPoint remote, string? serverName, CancellationToken cancellationToken) =>
        await GetOrConnectAsync(remote, serverName, cancellationToken).ConfigureAwait(false);

    private async Task<SipStreamConnection> GetOrConnectAsync(IPEndPoint remote, string? serverName, CancellationToken cancellationToken)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            if (_connections.TryGetValue(remote, out var existing))
            {
                var open = await existing.ConfigureAwait(false);
                if (!open.IsClosed)
                {
                    return open;
                }

                _connections.TryRemove(KeyValuePair.Create(remote, existing));
                continue;
            }

            var pending = new TaskCompletionSource<SipStreamConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_connections.TryAdd(remote, pending.Task))
            {
                continue; // someone else is connecting: wait for theirs
            }

            try
            {
                var connection = await OpenAsync(remote, serverName, cancellationToken).ConfigureAwait(false);
                pending.SetResult(connection);
                connection.Start();
                return connection;
            }
            catch (Exception ex)
            {
                _connections.TryRemove(KeyValuePair.Create(remote, pending.Task));
                pending.SetException(ex);
                throw;
            }
        }
    }

    private async Task<SipStreamConnection> OpenAsync(IPEndPoint remote, string? serverName, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, _stop.Token);
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        string? rejected = null;
        try
        {
            await socket.ConnectAsync(remote, linked.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: false);
            if (_tls is not null)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                var host = serverName ?? remote.Address.ToString();
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    // RFC 5922 §7.1 / RFC 6066 §3: the name we meant to reach is the SNI and what the certificate must carry.
                    TargetHost = host,
                    RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                    {
                        rejected = _tls.Judge(certificate, chain, errors);
                        return rejected is null;
                    },
                }, linked.Token).ConfigureAwait(false);
            }

            SipLog.ConnectionOpened(Logger, Protocol, remote, "outbound");
            return new SipStreamConnection(socket, stream, remote, outbound: true, this, _time);
        }
        catch (Exception ex)
        {
            stream?.Dispose();
            socket.Dispose();
            throw ex switch
            {
                OperationCanceledException when cancellationToken.IsCancellationRequested => ex,
                OperationCanceledException when _stop.IsCancellationRequested => new ObjectDisposedException(nameof(StreamSipTransport)),
                OperationCanceledException => new SipTransportException($"no {Protocol} connection to {Format(remote)} within {_options.ConnectTimeout.TotalSeconds:0.###} s", ex),
                SocketException se => new SipTransportException($"{Protocol} connection to {Format(remote)} failed: {se.SocketErrorCode}", ex),
                AuthenticationException when rejected is not null => new SipTransportException($"TLS handshake with {Format(remote)} (server name '{serverName ?? remote.Address.ToString()}') failed: {rejected}", ex),
                AuthenticationException or IOException => new SipTransportException($"TLS handshake with {Format(remote)} failed: {ex.Message}", ex),
                _ => ex,
            };
        }
    }

    private static string Format(IPEndPoint remote) => remote.ToString();

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (Exception ex)
            {
                // A connection reset before we accepted it (or any other accept fault) must not stop the listener.
                SipLog.AcceptFailed(Logger, Protocol, ex is SocketException se ? se.SocketErrorCode.ToString() : ex.Message);
                if (ex is not SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted })
                {
                    // out of descriptors or memory: pause rather than spin on the same fault
                    try
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(100), _time, _stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                continue;
            }

            _ = Task.Run(() => AdoptAsync(accepted));
        }
    }

    /// <summary>An accepted connection: the TLS handshake (bounded like a connect), then reading.</summary>
    private async Task AdoptAsync(Socket socket)
    {
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        socket.NoDelay = true;
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            if (_tls is not null)
            {
                var certificate = _tls.ServerCertificate ?? throw new AuthenticationException("no server certificate is configured for the TLS listener");
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stop.Token);
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, linked.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            SipLog.InboundHandshakeFailed(Logger, Protocol, remote, ex.Message);
            stream.Dispose();
            socket.Dispose();
            return;
        }

        var connection = new SipStreamConnection(socket, stream, remote, outbound: false, this, _time);
        // The newest connection from an endpoint wins; an older one with the same address has closed already.
        _connections[remote] = Task.FromResult(connection);
        SipLog.ConnectionOpened(Logger, Protocol, remote, "inbound");
        connection.Start();
    }

    internal void Deliver(SipMessageReadResult result, IPEndPoint remote)
    {
        // Nothing a peer sends may stop the connection's reader: a receiver fault is logged and the next message read.
        try
        {
            _receiver(new SipInbound(result, remote, this));
        }
        catch (Exception ex)
        {
            SipLog.ReceiverFailed(Logger, remote, ex);
        }
    }

    internal void Forget(SipStreamConnection connection)
    {
        if (_connections.TryGetValue(connection.Remote, out var entry) && entry.IsCompletedSuccessfully && entry.Result == connection)
        {
            _connections.TryRemove(KeyValuePair.Create(connection.Remote, entry));
        }
    }

    private void Sweep()
    {
        var now = _time.GetTimestamp();
        foreach (var entry in _connections.Values)
        {
            if (!entry.IsCompletedSuccessfully)
            {
                continue;
            }

            var connection = entry.Result;
            if (connection.IdleFor(now) >= _options.IdleTimeout)
            {
                connection.Close($"idle for {_options.IdleTimeout.TotalSeconds:0.###} s");
            }
            else if (connection.Outbound && _options.KeepAliveInterval is { } interval && connection.SilentFor(now) >= interval)
            {
                _ = PingAsync(connection);
            }
        }
    }

    private static async Task PingAsync(SipStreamConnection connection)
    {
        try
        {
            await connection.PingAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // closed meanwhile
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _sweep.DisposeAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        var readers = new List<Task>();
        foreach (var entry in _connections.Values)
        {
            if (entry.IsCompletedSuccessfully)
            {
                entry.Result.Close("transport stopped");
                readers.Add(entry.Result.Completion);
            }
        }

        await Task.WhenAll(readers).ConfigureAwait(false);
        _stop.Dispose();
    }
}
