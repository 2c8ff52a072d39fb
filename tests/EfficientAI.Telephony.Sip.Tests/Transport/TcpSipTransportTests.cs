using System.Net;
using System.Net.Sockets;
using System.Text;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EfficientAI.Telephony.Sip.Tests.Transport;

/// <summary>SIP over real TCP on loopback (RFC 3261 §18): framing, connection reuse, keep-alive, limits.</summary>
public sealed class TcpSipTransportTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private readonly InboundQueue _inbound = new();
    private StreamSipTransport _transport = null!;

    public Task InitializeAsync()
    {
        _transport = StreamSipTransport.StartTcp(new IPEndPoint(IPAddress.Loopback, 0), _inbound.Receive, new SipStreamOptions(), TimeProvider.System, NullLogger.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _transport.DisposeAsync();

    [Fact]
    public async Task MessageSplitAtEveryByteBoundary_IsDeliveredWhole()
    {
        using var peer = await RawStreamPeer.ConnectAsync(_transport.LocalEndPoint);
        var length = Encoding.UTF8.GetByteCount(StreamMessages.Options(0, StreamMessages.Sdp));

        for (var split = 1; split < length; split++)
        {
            var bytes = Encoding.UTF8.GetBytes(StreamMessages.Options(split, StreamMessages.Sdp)).AsMemory();
            var at = Math.Min(split, bytes.Length - 1);
            await peer.SendAsync(bytes[..at]);
            await peer.SendAsync(bytes[at..]);

            var inbound = await _inbound.NextAsync(Bound);
            Assert.True(inbound.Result.Success, $"split at {at}: {inbound.Result.Error}");
            Assert.Equal($"call-{split}@test", inbound.Result.Message!.CallId);
            Assert.Equal(StreamMessages.Sdp, inbound.Result.Message.BodyText);
        }
    }

    [Fact]
    public async Task MessagesSentOneByteAtATime_AreDeliveredInOrder()
    {
        using var peer = await RawStreamPeer.ConnectAsync(_transport.LocalEndPoint);
        var bytes = Encoding.UTF8.GetBytes(StreamMessages.Options(1, StreamMessages.Sdp) + StreamMessages.Options(2));

        for (var i = 0; i < bytes.Length; i++)
        {
            await peer.SendAsync(bytes.AsMemory(i, 1));
        }

        Assert.Equal("call-1@test", (await _inbound.NextAsync(Bound)).Result.Message!.CallId);
        Assert.Equal("call-2@test", (await _inbound.NextAsync(Bound)).Result.Message!.CallId);
    }

    [Fact]
    public async Task SeveralMessagesInOneSegment_AreDeliveredInOrder()
    {
        using var peer = await RawStreamPeer.ConnectAsync(_transport.LocalEndPoint);

        await peer.SendAsync(StreamMessages.Options(1) + StreamMessages.Options(2, StreamMessages.Sdp) + StreamMessages.Options(3));

        for (var n = 1; n <= 3; n++)
        {
            var inbound = await _inbound.NextAsync(Bound);
            Assert.True(inbound.Result.Success);
            Assert.Equal($"call-{n}@test", inbound.Result.Message!.CallId);
            Assert.Equal(peer.LocalEndPoint, inbound.Remote);
            Assert.Same(_transport, inbound.Transport);
        }
    }

    [Fact]
    public async Task KeepAlivePing_IsAnsweredWithAPong_AndIsNoMessage()
    {
        using var peer = await RawStreamPeer.ConnectAsync(_transport.LocalEndPoint);

        // RFC 5626 §3.5.1: CRLFCRLF in, CRLF out; the connection then carries messages as before.
        await peer.SendAsync("\r\n\r\n");
        var pong = await peer.ReceiveUntilAsync("\r\n", Bound);
        await peer.SendAsync(StreamMessages.Options(1));

        Assert.Equal("\r\n", pong);
        var inbound = await _inbound.NextAsync(Bound);
        Assert.Equal("call-1@test", inbound.Result.Message!.CallId);
        Assert.False(_inbound.TryNext(out _));
    }

    [Fact]
    public async Task ContentLengthBeyondTheLimit_ClosesThatConnection_AndTheListenerStillServes()
    {
        using var bad = await RawStreamPeer.ConnectAsync(_transport.LocalEndPoint);
        await bad.SendAsync(StreamMessages.Options(1).Replace("Content-Length: 0", "Content-Length: 99999", StringComparison.Ordinal));

        Assert.True(await bad.ClosedByPeerAsync(Bound), "the connection with an oversize message stays open");
        using var good = await RawStreamPeer.ConnectAsync(_transport.LocalEndPoint);
        await good.SendAsync(StreamMessages.Options(2));
        Assert.Equal("call-2@test", (await _inbound.NextAsync(Bound)).Result.Message!.CallId);
    }

    [Fact]
    public async Task MessageLargerThanTheLimit_ClosesTheConnection()
    {
        using var peer = await RawStreamPeer.ConnectAsync(_transport.LocalEndPoint);
        var padding = new string('a', 70_000);

        try
        {
            await peer.SendAsync($"OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nX-Padding: {padding}\r\n");
        }
        catch (SocketException)
        {
            // the transport may reset the connection while we are still writing: that is the behaviour under test
        }

        Assert.True(await peer.ClosedByPeerAsync(Bound));
        Assert.False(_inbound.TryNext(out _));
    }

    [Fact]
    public async Task MissingContentLength_ClosesTheConnection()
    {
        using var peer = await RawStreamPeer.ConnectAsync(_transport.LocalEndPoint);

        await peer.SendAsync(StreamMessages.Options(1).Replace("Content-Length: 0\r\n", "", StringComparison.Ordinal));

        Assert.True(await peer.ClosedByPeerAsync(Bound));
    }

    [Fact]
    public async Task ResponseToAnInboundRequest_GoesBackOnTheConnectionItCameIn()
    {
        using var peer = await RawStreamPeer.ConnectAsync(_transport.LocalEndPoint);
        await peer.SendAsync(StreamMessages.Options(7));
        var request = await _inbound.NextAsync(Bound);

        // §18.2.2: the response goes on the connection of the request, addressed by its source endpoint.
        await _transport.SendAsync(Encoding.UTF8.GetBytes(StreamMessages.OkFor(7)), request.Remote, CancellationToken.None);

        var text = await peer.ReceiveUntilAsync("Content-Length: 0\r\n\r\n", Bound);
        Assert.StartsWith("SIP/2.0 200 OK", text, StringComparison.Ordinal);
        Assert.Equal(1, _transport.ConnectionCount);
    }

    [Fact]
    public async Task RequestsToOneEndpoint_ShareOneConnection_AndItsResponsesComeBackOnIt()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4);
        var target = (IPEndPoint)listener.LocalEndPoint!;

        await _transport.SendAsync(Encoding.UTF8.GetBytes(StreamMessages.Options(1)), target, CancellationToken.None);
        using var server = RawStreamPeer.Adopt(await listener.AcceptAsync().WaitAsync(Bound));
        await _transport.SendAsync(Encoding.UTF8.GetBytes(StreamMessages.Options(2)), target, CancellationToken.None);
        var received = await server.ReceiveUntilAsync("call-2@test", Bound);
        await server.SendAsync(StreamMessages.OkFor(2));

        Assert.Contains("call-1@test", received, StringComparison.Ordinal);
        var response = Assert.IsType<SipResponse>((await _inbound.NextAsync(Bound)).Result.Message);
        Assert.Equal(200, response.StatusCode);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await listener.AcceptAsync(cts.Token));
        Assert.Equal(1, _transport.ConnectionCount);
    }

    [Fact]
    public async Task ConnectToAPortNobodyListensOn_FailsWithTheCause()
    {
        var closed = FreeTcpPort();

        var error = await Assert.ThrowsAsync<SipTransportException>(async () => await _transport.ConnectAsync(closed, null, CancellationToken.None));

        Assert.Contains("ConnectionRefused", error.Message, StringComparison.Ordinal);
        Assert.Contains(closed.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ipv6Loopback_CarriesMessages()
    {
        await using var v6 = StreamSipTransport.StartTcp(new IPEndPoint(IPAddress.IPv6Loopback, 0), _inbound.Receive, new SipStreamOptions(), TimeProvider.System, NullLogger.Instance);
        using var peer = await RawStreamPeer.ConnectAsync(v6.LocalEndPoint);

        await peer.SendAsync(StreamMessages.Options(1, host: "[::1]"));

        var inbound = await _inbound.NextAsync(Bound);
        Assert.True(inbound.Result.Success, inbound.Result.Error?.ToString());
        Assert.Equal(IPAddress.IPv6Loopback, inbound.Remote.Address);
    }

    [Fact]
    public async Task IdleConnection_IsClosedAfterTheIdleTimeout()
    {
        var time = new FakeTimeProvider();
        var options = new SipStreamOptions { IdleTimeout = TimeSpan.FromSeconds(10) };
        await using var transport = StreamSipTransport.StartTcp(new IPEndPoint(IPAddress.Loopback, 0), _inbound.Receive, options, time, NullLogger.Instance);
        using var peer = await RawStreamPeer.ConnectAsync(transport.LocalEndPoint);
        await peer.SendAsync(StreamMessages.Options(1));
        await _inbound.NextAsync(Bound);

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(1, transport.ConnectionCount);
        time.Advance(options.IdleTimeout / 4 + TimeSpan.FromSeconds(1));

        Assert.True(await peer.ClosedByPeerAsync(Bound));
        Assert.Equal(0, transport.ConnectionCount);
    }

    [Fact]
    public async Task KeepAliveOption_PingsTheConnectionsWeOpened()
    {
        var time = new FakeTimeProvider();
        var options = new SipStreamOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) };
        await using var transport = StreamSipTransport.StartTcp(new IPEndPoint(IPAddress.Loopback, 0), _inbound.Receive, options, time, NullLogger.Instance);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4);
        await transport.SendAsync(Encoding.UTF8.GetBytes(StreamMessages.Options(1)), (IPEndPoint)listener.LocalEndPoint!, CancellationToken.None);
        using var server = RawStreamPeer.Adopt(await listener.AcceptAsync().WaitAsync(Bound));
        await server.ReceiveUntilAsync("Content-Length: 0\r\n\r\n", Bound);

        time.Advance(TimeSpan.FromSeconds(25));

        var text = await server.ReceiveUntilAsync("\r\n\r\n\r\n\r\n", Bound);
        Assert.EndsWith("Content-Length: 0\r\n\r\n\r\n\r\n", text, StringComparison.Ordinal);
    }

    private static IPEndPoint FreeTcpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)probe.LocalEndPoint!;
    }
}
