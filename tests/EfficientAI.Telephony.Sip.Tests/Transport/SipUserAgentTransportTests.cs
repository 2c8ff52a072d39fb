using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EfficientAI.Telephony.Sip.Dialogs;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Parsing;
using EfficientAI.Telephony.Sip.Transport;
using EfficientAI.Telephony.Sip.UserAgent;
using EfficientAI.Telephony.TestKit.Tls;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EfficientAI.Telephony.Sip.Tests.Transport;

/// <summary>Whole calls between two of our user agents over TCP, TLS and IPv6 on loopback (RFC 3261 §18).</summary>
public sealed class SipUserAgentTransportTests : IAsyncLifetime
{
    private const string AliceSdp = "v=0\r\no=alice 2890844526 2890844526 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    private const string BobSdp = "v=0\r\no=bob 2808844564 2808844564 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 49174 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private readonly X509Certificate2 _certificate = TestCertificates.SelfSigned();
    private readonly List<SipUserAgent> _agents = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        _certificate.Dispose();
    }

    [Fact]
    public async Task CallOverTcp_InviteOkAckBye_AllTravelOverTcp()
    {
        var alice = Start("alice", Listen(SipTransportKind.Udp), Listen(SipTransportKind.Tcp));
        var bob = Start("bob", Listen(SipTransportKind.Udp), Listen(SipTransportKind.Tcp));
        var aliceSent = Record(alice);
        var bobSent = Record(bob);
        var bobDialog = Answer(bob);
        var target = SipUri.Parse($"sip:bob@127.0.0.1:{bob.LocalEndPointFor("TCP")!.Port};transport=tcp");

        var result = await alice.InviteAsync(new InviteRequest(target, AliceSdp)).WaitAsync(Bound);
        var bobSide = await bobDialog.WaitAsync(Bound);
        await bobSide.Confirmed.WaitAsync(Bound);
        var end = await result.Dialog!.ByeAsync().WaitAsync(Bound);

        Assert.True(result.Succeeded, $"{result.Failure} {result.ReasonPhrase}");
        Assert.Equal(200, end.ByeStatus);
        Assert.Equal(DialogEndReason.RemoteBye, (await bobSide.Ended.WaitAsync(Bound)).Reason);
        Assert.Equal("TCP", result.Dialog.Transport);
        Assert.Equal("TCP", bobSide.Transport);
        Assert.Equal(["INVITE", "ACK", "BYE"], aliceSent.Select(Method).Where(m => m != "").Distinct());
        Assert.All(aliceSent.Concat(bobSent), m => Assert.StartsWith("SIP/2.0/TCP ", TopVia(m), StringComparison.Ordinal));
        Assert.Contains(";transport=tcp", result.Dialog.RemoteTarget.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallOverTcp_TheCalleeHangsUp_OverTcpToTheCallersContact()
    {
        var alice = Start("alice", Listen(SipTransportKind.Udp), Listen(SipTransportKind.Tcp));
        var bob = Start("bob", Listen(SipTransportKind.Udp), Listen(SipTransportKind.Tcp));
        var bobSent = Record(bob);
        var bobDialog = Answer(bob);
        var target = SipUri.Parse($"sip:bob@127.0.0.1:{bob.LocalEndPointFor("TCP")!.Port};transport=tcp");

        var result = await alice.InviteAsync(new InviteRequest(target, AliceSdp)).WaitAsync(Bound);
        var bobSide = await bobDialog.WaitAsync(Bound);
        await bobSide.Confirmed.WaitAsync(Bound);
        var end = await bobSide.ByeAsync().WaitAsync(Bound);

        Assert.Equal(200, end.ByeStatus);
        Assert.Equal(DialogEndReason.RemoteBye, (await result.Dialog!.Ended.WaitAsync(Bound)).Reason);
        var bye = Assert.Single(bobSent, m => Method(m) == "BYE");
        Assert.StartsWith("SIP/2.0/TCP ", TopVia(bye), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallOverTls_WithTheSelfSignedCertificateTrustedExplicitly()
    {
        var tls = new SipTlsOptions { ServerCertificate = _certificate, TrustedCertificates = [_certificate] };
        var alice = Start("alice", tls, Listen(SipTransportKind.Udp), Listen(SipTransportKind.Tls));
        var bob = Start("bob", tls, Listen(SipTransportKind.Udp), Listen(SipTransportKind.Tls));
        var aliceSent = Record(alice);
        var bobDialog = Answer(bob);
        var target = SipUri.Parse($"sips:bob@127.0.0.1:{bob.LocalEndPointFor("TLS")!.Port}");

        var result = await alice.InviteAsync(new InviteRequest(target, AliceSdp)).WaitAsync(Bound);
        var bobSide = await bobDialog.WaitAsync(Bound);
        await bobSide.Confirmed.WaitAsync(Bound);
        var end = await bobSide.ByeAsync().WaitAsync(Bound);

        Assert.True(result.Succeeded, $"{result.Failure} {result.ReasonPhrase}");
        Assert.Equal(200, end.ByeStatus);
        Assert.Equal("TLS", result.Dialog!.Transport);
        Assert.All(aliceSent, m => Assert.StartsWith("SIP/2.0/TLS ", TopVia(m), StringComparison.Ordinal));
    }

    [Fact]
    public async Task CallOverTls_ToAnUntrustedCertificate_FailsUnreachableWithTheReason()
    {
        var alice = Start("alice", new SipTlsOptions(), Listen(SipTransportKind.Udp), Listen(SipTransportKind.Tls));
        var bob = Start("bob", new SipTlsOptions { ServerCertificate = _certificate }, Listen(SipTransportKind.Udp), Listen(SipTransportKind.Tls));
        var rang = Answer(bob);
        var target = SipUri.Parse($"sip:bob@127.0.0.1:{bob.LocalEndPointFor("TLS")!.Port};transport=tls");

        var result = await alice.InviteAsync(new InviteRequest(target, AliceSdp)).WaitAsync(Bound);

        Assert.Equal(InviteFailure.Unreachable, result.Failure);
        Assert.Contains("TLS handshake", result.ReasonPhrase, StringComparison.Ordinal);
        Assert.Contains("not trusted", result.Cause, StringComparison.Ordinal);
        Assert.False(rang.IsCompleted);
    }

    [Fact]
    public async Task TargetNeedingATransportWeDidNotStart_FailsUnreachableSayingSo()
    {
        var alice = Start("alice", Listen(SipTransportKind.Udp));

        var result = await alice.InviteAsync(new InviteRequest(SipUri.Parse("sip:bob@127.0.0.1:5999;transport=tcp"), AliceSdp)).WaitAsync(Bound);

        Assert.Equal(InviteFailure.Unreachable, result.Failure);
        Assert.Contains("no such transport", result.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    [InlineData(SipTransportKind.Tls)]
    public async Task CallOnIpv6Loopback_ViaAndContactCarryTheBracketedAddress(SipTransportKind kind)
    {
        var tls = new SipTlsOptions { ServerCertificate = _certificate, TrustedCertificates = [_certificate] };
        var alice = Start("alice", tls, Listen(SipTransportKind.Udp, IPAddress.IPv6Loopback), Listen(kind, IPAddress.IPv6Loopback));
        var bob = Start("bob", tls, Listen(SipTransportKind.Udp, IPAddress.IPv6Loopback), Listen(kind, IPAddress.IPv6Loopback));
        var aliceSent = Record(alice);
        var bobDialog = Answer(bob);
        var protocol = kind.ToString().ToUpperInvariant();
        var port = bob.LocalEndPointFor(protocol, AddressFamily.InterNetworkV6)!.Port;
        var target = SipUri.Parse($"sip:bob@[::1]:{port}" + (kind == SipTransportKind.Udp ? "" : $";transport={protocol.ToLowerInvariant()}"));

        var result = await alice.InviteAsync(new InviteRequest(target, AliceSdp)).WaitAsync(Bound);
        var bobSide = await bobDialog.WaitAsync(Bound);
        await bobSide.Confirmed.WaitAsync(Bound);
        var end = await result.Dialog!.ByeAsync().WaitAsync(Bound);

        Assert.True(result.Succeeded, $"{result.Failure} {result.ReasonPhrase}");
        Assert.Equal(200, end.ByeStatus);
        Assert.Equal(IPAddress.IPv6Loopback, result.Dialog.NextHop.Address);
        var invite = aliceSent.First(m => Method(m) == "INVITE");
        Assert.StartsWith($"SIP/2.0/{protocol} [::1]:", TopVia(invite), StringComparison.Ordinal);
        Assert.Contains("Contact: <sip:alice@[::1]:", invite, StringComparison.Ordinal);
        Assert.StartsWith("sip:bob@[::1]:", result.Dialog.RemoteTarget.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InviteLargerThan1300Bytes_ToAUdpTarget_GoesOverTcp()
    {
        var alice = Start("alice", Listen(SipTransportKind.Udp), Listen(SipTransportKind.Tcp));
        var bob = Start("bob", Listen(SipTransportKind.Udp), Listen(SipTransportKind.Tcp));
        var aliceSent = Record(alice);
        var arrived = new TaskCompletionSource<SipRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.IncomingCall = incoming =>
        {
            arrived.TrySetResult(incoming.Request);
            incoming.Accept(BobSdp);
            return Task.CompletedTask;
        };
        var bigOffer = AliceSdp + string.Concat(Enumerable.Range(0, 40).Select(i => $"a=x-padding-{i}:{new string('p', 30)}\r\n"));
        Assert.Equal(bob.LocalEndPoint.Port, bob.LocalEndPointFor("TCP")!.Port);

        var result = await alice.InviteAsync(new InviteRequest(SipUri.Create("bob", "127.0.0.1", bob.LocalEndPoint.Port), bigOffer)).WaitAsync(Bound);
        var invite = await arrived.Task.WaitAsync(Bound);

        Assert.True(result.Succeeded, $"{result.Failure} {result.ReasonPhrase}");
        Assert.Equal("TCP", invite.TopVia!.Transport);
        var sentInvite = aliceSent.First(m => Method(m) == "INVITE");
        Assert.True(Encoding.UTF8.GetByteCount(sentInvite) > 1300);
        Assert.StartsWith("SIP/2.0/TCP ", TopVia(sentInvite), StringComparison.Ordinal);
        // The ACK is small and goes to the dialog's transport, which is the one the INVITE took.
        Assert.StartsWith("SIP/2.0/TCP ", TopVia(aliceSent.First(m => Method(m) == "ACK")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmallInvite_ToAUdpTarget_StaysOnUdp()
    {
        var alice = Start("alice", Listen(SipTransportKind.Udp), Listen(SipTransportKind.Tcp));
        var bob = Start("bob", Listen(SipTransportKind.Udp), Listen(SipTransportKind.Tcp));
        var aliceSent = Record(alice);
        var bobDialog = Answer(bob);

        var result = await alice.InviteAsync(new InviteRequest(SipUri.Create("bob", "127.0.0.1", bob.LocalEndPoint.Port), AliceSdp)).WaitAsync(Bound);
        await bobDialog.WaitAsync(Bound);

        Assert.True(result.Succeeded);
        Assert.Equal("UDP", result.Dialog!.Transport);
        Assert.StartsWith("SIP/2.0/UDP ", TopVia(aliceSent.First(m => Method(m) == "INVITE")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponseToARequestOverTcp_ComesBackOnItsConnection_NotToTheViaPort()
    {
        var bob = Start("bob", Listen(SipTransportKind.Udp), Listen(SipTransportKind.Tcp));
        using var peer = await RawStreamPeer.ConnectAsync(bob.LocalEndPointFor("TCP")!);

        // The Via names a port nobody listens on and no rport: only the connection leads back (§18.2.2).
        await peer.SendAsync(StreamMessages.Options(1).Replace("127.0.0.1:5060;branch=z9hG4bK-1;rport", "127.0.0.1:9;branch=z9hG4bK-1", StringComparison.Ordinal));

        var text = await peer.ReceiveUntilAsync("\r\n\r\n", Bound);
        Assert.StartsWith("SIP/2.0 200 OK", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedRequestOverTcp_Is400AnsweredOnItsConnection()
    {
        var bob = Start("bob", Listen(SipTransportKind.Udp), Listen(SipTransportKind.Tcp));
        using var peer = await RawStreamPeer.ConnectAsync(bob.LocalEndPointFor("TCP")!);

        await peer.SendAsync(StreamMessages.Options(1).Replace("Max-Forwards: 70", "Max-Forwards: many", StringComparison.Ordinal));

        var text = await peer.ReceiveUntilAsync("\r\n\r\n", Bound);
        Assert.StartsWith("SIP/2.0 400 ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InviteOverTcp_IsNeverRetransmitted_AndTimerBStillEndsIt()
    {
        // §17.1.1.2: Timer A runs on unreliable transports only; Timer B (64*T1) bounds the wait on any transport.
        var time = new FakeTimeProvider();
        var alice = SipUserAgent.Start(
            new SipUserAgentOptions { UserName = "alice", Transports = [Listen(SipTransportKind.Udp), Listen(SipTransportKind.Tcp)] }, time, NullLogger.Instance);
        _agents.Add(alice);
        var aliceSent = Record(alice);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4);
        var target = SipUri.Parse($"sip:bob@127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port};transport=tcp");

        var call = alice.InviteAsync(new InviteRequest(target, AliceSdp) { RingTimeout = TimeSpan.FromMinutes(5) });
        using var silent = RawStreamPeer.Adopt(await listener.AcceptAsync().WaitAsync(Bound));
        await silent.ReceiveUntilAsync("\r\n\r\n" + AliceSdp, Bound);
        for (var second = 0; second < 31; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));
        var result = await call.WaitAsync(Bound);

        Assert.Equal(InviteFailure.Timeout, result.Failure);
        Assert.Single(aliceSent, m => Method(m) == "INVITE");
    }

    private static SipListener Listen(SipTransportKind kind, IPAddress? address = null) =>
        address is null ? new SipListener(kind) : new SipListener(kind, new IPEndPoint(address, 0));

    private SipUserAgent Start(string user, params SipListener[] listeners) => Start(user, new SipTlsOptions(), listeners);

    private SipUserAgent Start(string user, SipTlsOptions tls, params SipListener[] listeners)
    {
        var listen = listeners[0].EndPoint ?? new IPEndPoint(IPAddress.Loopback, 0);
        var agent = SipUserAgent.Start(
            new SipUserAgentOptions { UserName = user, ListenEndPoint = listen, Transports = listeners, Tls = tls },
            TimeProvider.System,
            NullLogger.Instance);
        _agents.Add(agent);
        return agent;
    }

    /// <summary>Every message the agent sends, as text, in order.</summary>
    private static ConcurrentQueue<string> Record(SipUserAgent agent)
    {
        var sent = new ConcurrentQueue<string>();
        agent.Traced += entry =>
        {
            if (entry.Outgoing)
            {
                sent.Enqueue(Encoding.UTF8.GetString(entry.Bytes));
            }
        };
        return sent;
    }

    private static Task<SipDialog> Answer(SipUserAgent callee)
    {
        var dialog = new TaskCompletionSource<SipDialog>(TaskCreationOptions.RunContinuationsAsynchronously);
        callee.IncomingCall = incoming =>
        {
            incoming.SendProvisional(180);
            dialog.TrySetResult(incoming.Accept(BobSdp));
            return Task.CompletedTask;
        };
        return dialog.Task;
    }

    /// <summary>The method of a request, "" for a response.</summary>
    private static string Method(string message) => message.StartsWith("SIP/2.0", StringComparison.Ordinal) ? "" : message[..message.IndexOf(' ', StringComparison.Ordinal)];

    private static string TopVia(string message)
    {
        var read = SipMessageReader.Read(message);
        Assert.True(read.Success, read.Error?.ToString());
        return read.Message!.Headers[HeaderNames.Via]!;
    }
}
