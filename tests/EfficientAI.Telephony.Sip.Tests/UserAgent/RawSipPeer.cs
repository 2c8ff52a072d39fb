using System.Net;
using System.Net.Sockets;
using System.Text;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Parsing;

namespace EfficientAI.Telephony.Sip.Tests.UserAgent;

/// <summary>A bare UDP socket on 127.0.0.1 that sends whatever bytes a test wants and reads what comes back.</summary>
internal sealed class RawSipPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public RawSipPeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>A Via for requests from this socket; rport makes the answer come back to the source port.</summary>
    public string Via(string branch) => $"SIP/2.0/UDP 127.0.0.1:{LocalEndPoint.Port};branch={branch};rport";

    public Task SendAsync(string text, IPEndPoint to) => SendAsync(Encoding.UTF8.GetBytes(text), to);

    public async Task SendAsync(byte[] bytes, IPEndPoint to) => await _socket.SendToAsync(bytes, SocketFlags.None, to);

    /// <summary>The next datagram, read as a SIP response; fails the test after <paramref name="timeout"/>.</summary>
    public async Task<SipResponse> ReceiveResponseAsync(TimeSpan timeout)
    {
        var result = await ReceiveAsync(timeout);
        Assert.True(result.Success, $"the answer does not parse: {result.Error}");
        return Assert.IsType<SipResponse>(result.Message);
    }

    /// <summary>
    /// The next datagram as the reader sees it, valid or not: an answer to a request that lacks From, To or Call-ID
    /// lacks them too (RFC 3261 §8.2.6.2 copies what is there).
    /// </summary>
    public async Task<SipMessageReadResult> ReceiveAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[65_536];
        SocketReceiveFromResult received;
        try
        {
            received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no datagram arrived within {timeout}");
        }

        return SipMessageReader.Read(buffer.AsSpan(0, received.ReceivedBytes));
    }

    public void Dispose() => _socket.Dispose();
}
