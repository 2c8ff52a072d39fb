using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Sip.Tests.Parsing;

/// <summary>
/// The UDP transport reuses one receive buffer, and a received message keeps pointing into its bytes: each message must
/// get bytes of its own, or the next datagram would rewrite a request a transaction still holds.
/// </summary>
public class UdpReceivedBytesTests
{
    [Fact]
    public async Task AMessageKeptByItsReceiver_IsUnchangedByTheDatagramsAfterIt()
    {
        var inbound = Channel.CreateUnbounded<SipInbound>();
        await using var transport = UdpSipTransport.Start(new IPEndPoint(IPAddress.Loopback, 0), m => inbound.Writer.TryWrite(m), NullLogger.Instance);
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        await peer.SendAsync(Options("first-call", "v=first\r\n"), transport.LocalEndPoint, timeout.Token);
        var first = (await inbound.Reader.ReadAsync(timeout.Token)).Result;
        await peer.SendAsync(Options("second-call-with-a-longer-id", "v=second, longer\r\n"), transport.LocalEndPoint, timeout.Token);
        var second = (await inbound.Reader.ReadAsync(timeout.Token)).Result;

        Assert.True(first.Success, first.Error?.ToString());
        Assert.True(second.Success, second.Error?.ToString());
        Assert.Equal("first-call", first.Message.CallId);
        Assert.Equal("v=first\r\n", first.Message.BodyText);
        Assert.Equal("<sip:first-call@127.0.0.1>", first.Message.Headers[HeaderNames.Contact]);
        Assert.Equal("second-call-with-a-longer-id", second.Message.CallId);
    }

    private static byte[] Options(string callId, string body) => Encoding.ASCII.GetBytes(
        $"OPTIONS sip:uas@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK{callId}\r\nMax-Forwards: 70\r\n" +
        $"From: <sip:uac@127.0.0.1>;tag=1\r\nTo: <sip:uas@127.0.0.1>\r\nCall-ID: {callId}\r\nCSeq: 1 OPTIONS\r\n" +
        $"Contact: <sip:{callId}@127.0.0.1>\r\nContent-Length: {body.Length}\r\n\r\n{body}");
}
