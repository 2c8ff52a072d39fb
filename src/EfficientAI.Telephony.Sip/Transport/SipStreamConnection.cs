using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace EfficientAI.Telephony.Sip.Transport;

/// <summary>
/// One TCP or TLS connection of a <see cref="StreamSipTransport"/>: reads and frames messages (RFC 3261 §18.3),
/// answers keep-alive pings (RFC 5626 §3.5.1) and serialises writes, since a stream takes one writer at a time.
/// </summary>
internal sealed class SipStreamConnection
{
    private const int InitialBufferSize = 4096;

    private static readonly ReadOnlyMemory<byte> PongBytes = "\r\n"u8.ToArray();

    private static readonly ReadOnlyMemory<byte> PingBytes = "\r\n\r\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly StreamSipTransport _owner;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private long _lastActivity;
    private long _lastSent;
    private int _closed;

    public SipStreamConnection(Socket socket, Stream stream, IPEndPoint remote, bool outbound, StreamSipTransport owner, TimeProvider time)
    {
        _socket = socket;
        _stream = stream;
        Remote = remote;
        Outbound = outbound;
        _owner = owner;
        _time = time;
        _lastActivity = _lastSent = time.GetTimestamp();
    }

    public IPEndPoint Remote { get; }

    /// <summary>True when we opened it (keep-alive pings go on these only, RFC 5626 §4.4.1).</summary>
    public bool Outbound { get; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public Task Completion { get; private set; } = Task.CompletedTask;

    public TimeSpan IdleFor(long now) => _time.GetElapsedTime(Interlocked.Read(ref _lastActivity), now);

    public TimeSpan SilentFor(long now) => _time.GetElapsedTime(Interlocked.Read(ref _lastSent), now);

    public void Start() => Completion = Task.Run(ReadLoopAsync);

    /// <summary>Writes one message; false when the connection failed (it is then closed).</summary>
    public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (IsClosed)
        {
            return false;
        }

        try
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        try
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            var now = _time.GetTimestamp();
            Interlocked.Exchange(ref _lastSent, now);
            Interlocked.Exchange(ref _lastActivity, now);
            return true;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException or NotSupportedException)
        {
            Close($"write failed: {ex.Message}");
            return false;
        }
        finally
        {
            try
            {
                _writeLock.Release();
            }
            catch (ObjectDisposedException)
            {
                // closed while writing
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        int start = 0, end = 0;
        var reason = "closed by the peer";
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    // Full: make room by growing (the framer has already refused anything over the size limit).
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(start, end - start).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                    end -= start;
                    start = 0;
                }

                var read = await _stream.ReadAsync(buffer.AsMemory(end), _closing.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                end += read;
                Interlocked.Exchange(ref _lastActivity, _time.GetTimestamp());
                var (consumed, fault) = await DrainAsync(buffer, start, end).ConfigureAwait(false);
                if (fault is not null)
                {
                    reason = fault;
                    SipLog.StreamBroken(_owner.Logger, _owner.Protocol, Remote, reason);
                    break;
                }

                start += consumed;
                if (start == end)
                {
                    start = end = 0;
                }
                else if (start > 0)
                {
                    // keep the partial message at the front so the next read appends to it
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }
            }
        }
        catch (OperationCanceledException)
        {
            reason = "closed locally";
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            reason = ex.Message;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Close(reason);
        }
    }

    /// <summary>Hands up every whole message in buffer[start..end]; returns how many bytes were used, or why the stream broke.</summary>
    private async ValueTask<(int Consumed, string? Fault)> DrainAsync(byte[] buffer, int start, int end)
    {
        var used = 0;
        while (start + used < end)
        {
            var frame = SipStreamFramer.Next(buffer.AsSpan(start + used, end - start - used));
            switch (frame.Kind)
            {
                case StreamFrameKind.NeedMore:
                    return (used, null);
                case StreamFrameKind.Broken:
                    return (used, frame.Fault);
                case StreamFrameKind.Ping:
                    // RFC 5626 §3.5.1: the pong is a single CRLF.
                    await SendAsync(PongBytes, _closing.Token).ConfigureAwait(false);
                    break;
                case StreamFrameKind.Message:
                    _owner.Deliver(frame.Result!.Value, Remote);
                    break;
            }

            used += frame.Consumed;
        }

        return (used, null);
    }

    /// <summary>RFC 5626 §4.4.1: a CRLFCRLF ping on a connection we opened.</summary>
    public ValueTask<bool> PingAsync() => SendAsync(PingBytes, _closing.Token);

    /// <summary>Closes the connection once; the owner forgets it.</summary>
    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        SipLog.ConnectionClosed(_owner.Logger, _owner.Protocol, Remote, reason);
        _owner.Forget(this);
        _closing.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // already reset by the peer
        }

        _stream.Dispose();
        _socket.Dispose();
    }
}
