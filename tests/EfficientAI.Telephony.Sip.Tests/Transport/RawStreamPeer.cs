using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EfficientAI.Telephony.Sip.Tests.Transport;

/// <summary>A bare TCP socket on loopback that writes whatever bytes a test wants and reads what comes back.</summary>
internal sealed class RawStreamPeer : IDisposable
{
    private readonly Socket _socket;
    private readonly List<byte> _received = [];

    private RawStreamPeer(Socket socket) => _socket = socket;

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public static async Task<RawStreamPeer> ConnectAsync(IPEndPoint to)
    {
        var socket = new Socket(to.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(to);
        return new RawStreamPeer(socket);
    }

    public static RawStreamPeer Adopt(Socket accepted) => new(accepted);

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(ReadOnlyMemory<byte> bytes) => await _socket.SendAsync(bytes, SocketFlags.None);

    /// <summary>Reads until the bytes received so far hold <paramref name="text"/>; returns everything read.</summary>
    public async Task<string> ReceiveUntilAsync(string text, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[8192];
        while (!Encoding.UTF8.GetString([.. _received]).Contains(text, StringComparison.Ordinal))
        {
            int n;
            try
            {
                n = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"'{text}' did not arrive within {timeout}; got '{Encoding.UTF8.GetString([.. _received])}'");
            }

            if (n == 0)
            {
                throw new IOException($"the connection closed before '{text}' arrived; got '{Encoding.UTF8.GetString([.. _received])}'");
            }

            _received.AddRange(buffer.AsSpan(0, n));
        }

        return Encoding.UTF8.GetString([.. _received]);
    }

    /// <summary>True when the other side closes the connection within <paramref name="timeout"/> (bytes before that are kept).</summary>
    public async Task<bool> ClosedByPeerAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var n = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0)
                {
                    return true;
                }

                _received.AddRange(buffer.AsSpan(0, n));
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SocketException)
        {
            return true; // reset
        }
    }

    public void Dispose() => _socket.Dispose();
}
