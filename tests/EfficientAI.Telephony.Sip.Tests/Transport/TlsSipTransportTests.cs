using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Transport;
using EfficientAI.Telephony.TestKit.Tls;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Sip.Tests.Transport;

/// <summary>SIP over TLS on loopback (RFC 3261 §26.3.1, RFC 5922 §7.1) with certificates made in memory.</summary>
public sealed class TlsSipTransportTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private readonly X509Certificate2 _certificate = TestCertificates.SelfSigned();
    private readonly InboundQueue _serverInbound = new();
    private readonly InboundQueue _clientInbound = new();
    private readonly List<StreamSipTransport> _started = [];
    private StreamSipTransport _server = null!;

    public Task InitializeAsync()
    {
        _server = Start(_serverInbound, new SipTlsOptions { ServerCertificate = _certificate });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var transport in _started)
        {
            await transport.DisposeAsync();
        }

        _certificate.Dispose();
    }

    [Fact]
    public async Task TrustedSelfSignedCertificate_CarriesARequestAndItsResponse()
    {
        var client = Start(_clientInbound, new SipTlsOptions { TrustedCertificates = [_certificate] });

        await client.ConnectAsync(_server.LocalEndPoint, "localhost", CancellationToken.None);
        await client.SendAsync(Encoding.UTF8.GetBytes(StreamMessages.Options(1, transport: "TLS")), _server.LocalEndPoint, CancellationToken.None);
        var request = await _serverInbound.NextAsync(Bound);
        await _server.SendAsync(Encoding.UTF8.GetBytes(StreamMessages.OkFor(1)), request.Remote, CancellationToken.None);

        Assert.Equal("call-1@test", request.Result.Message!.CallId);
        var response = Assert.IsType<SipResponse>((await _clientInbound.NextAsync(Bound)).Result.Message);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("TLS", client.Protocol);
        Assert.Equal(1, client.ConnectionCount);
    }

    [Fact]
    public async Task UntrustedCertificate_FailsTheConnectWithTheReason()
    {
        var client = Start(_clientInbound, new SipTlsOptions());

        var error = await Assert.ThrowsAsync<SipTransportException>(async () => await client.ConnectAsync(_server.LocalEndPoint, "localhost", CancellationToken.None));

        Assert.Contains("TLS handshake", error.Message, StringComparison.Ordinal);
        Assert.Contains("not trusted", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, client.ConnectionCount);
    }

    [Fact]
    public async Task CertificateForAnotherName_IsRefusedEvenWhenTrusted()
    {
        using var other = TestCertificates.SelfSigned("sip.example.org", withLoopbackAddresses: false);
        var server = Start(_serverInbound, new SipTlsOptions { ServerCertificate = other });
        var client = Start(_clientInbound, new SipTlsOptions { TrustedCertificates = [other] });

        var error = await Assert.ThrowsAsync<SipTransportException>(async () => await client.ConnectAsync(server.LocalEndPoint, "localhost", CancellationToken.None));

        Assert.Contains("does not name the host", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SkippedValidation_AcceptsAnUntrustedCertificate()
    {
        var client = Start(_clientInbound, new SipTlsOptions { SkipCertificateValidation = true });

        await client.ConnectAsync(_server.LocalEndPoint, null, CancellationToken.None);

        Assert.Equal(1, client.ConnectionCount);
    }

    [Fact]
    public async Task Ipv6Loopback_HandshakesAndCarriesMessages()
    {
        var server = Start(_serverInbound, new SipTlsOptions { ServerCertificate = _certificate }, IPAddress.IPv6Loopback);
        var client = Start(_clientInbound, new SipTlsOptions { TrustedCertificates = [_certificate] }, IPAddress.IPv6Loopback);

        await client.SendAsync(Encoding.UTF8.GetBytes(StreamMessages.Options(1, transport: "TLS", host: "[::1]")), server.LocalEndPoint, CancellationToken.None);

        var request = await _serverInbound.NextAsync(Bound);
        Assert.True(request.Result.Success, request.Result.Error?.ToString());
        Assert.Equal(IPAddress.IPv6Loopback, request.Remote.Address);
    }

    private StreamSipTransport Start(InboundQueue inbound, SipTlsOptions tls, IPAddress? address = null)
    {
        var transport = StreamSipTransport.StartTls(new IPEndPoint(address ?? IPAddress.Loopback, 0), inbound.Receive, new SipStreamOptions(), tls, TimeProvider.System, NullLogger.Instance);
        _started.Add(transport);
        return transport;
    }
}
