using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using EfficientAI.Telephony.Sip.Dialogs;
using EfficientAI.Telephony.Sip.Transport;
using EfficientAI.Telephony.Sip.UserAgent;
using EfficientAI.Telephony.TestKit.Tls;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.IntegrationTests.Cli;

/// <summary>`efficientai call sips:…` against our UAS on a TLS listener with a self-signed certificate (RFC 3261 §26.3.1).</summary>
public sealed class CallCommandTlsTests : IAsyncLifetime
{
    private const string AgentSdp = "v=0\r\no=agent 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40050 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    private readonly X509Certificate2 _certificate = TestCertificates.SelfSigned();
    private readonly string _directory = Directory.CreateTempSubdirectory("efficientai-tls-").FullName;
    private readonly TaskCompletionSource<DialogEnd> _agentEnd = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SipUserAgent _agent = null!;

    public Task InitializeAsync()
    {
        _agent = SipUserAgent.Start(
            new SipUserAgentOptions
            {
                UserName = "agent",
                Transports = [new SipListener(SipTransportKind.Udp), new SipListener(SipTransportKind.Tls)],
                Tls = new SipTlsOptions { ServerCertificate = _certificate },
            },
            TimeProvider.System,
            NullLogger.Instance);
        _agent.IncomingCall = incoming =>
        {
            var dialog = incoming.Accept(AgentSdp);
            _ = dialog.Ended.ContinueWith(t => _agentEnd.TrySetResult(t.Result), TaskScheduler.Default);
            return Task.CompletedTask;
        };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        _certificate.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task CallSips_WithTheAgentsCertificateTrusted_Completes()
    {
        var trusted = Path.Combine(_directory, "agent.pem");
        await File.WriteAllTextAsync(trusted, _certificate.ExportCertificatePem());

        var result = await HostProcess.RunAsync(["call", Target(), "--json", "--no-store"],
            new Dictionary<string, string> { ["EFFICIENTAI__Telephony__SipTlsTrustedCertificate"] = trusted }, TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("dead-air", json.RootElement.GetProperty("outcome").GetString()); // a bare user agent answers and never speaks
        Assert.Equal(DialogEndReason.RemoteBye, (await _agentEnd.Task.WaitAsync(TimeSpan.FromSeconds(10))).Reason);
    }

    [Fact]
    public async Task CallSips_ToAnUntrustedCertificate_FailsSayingWhy()
    {
        var result = await HostProcess.RunAsync(["call", Target(), "--json", "--no-store"], null, TimeSpan.FromSeconds(60));

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("failed", json.RootElement.GetProperty("outcome").GetString());
        Assert.Contains("certificate chain is not trusted", json.RootElement.GetProperty("cause").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallSips_WithValidationSkipped_CompletesAndWarns()
    {
        var result = await HostProcess.RunAsync(["call", Target(), "--json", "--no-store"],
            new Dictionary<string, string> { ["EFFICIENTAI__Telephony__SipTlsSkipCertificateValidation"] = "true" }, TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
        Assert.Contains("TLS server certificates are NOT validated", result.StandardError, StringComparison.Ordinal);
    }

    private string Target() => $"sips:agent@127.0.0.1:{_agent.LocalEndPointFor("TLS")!.Port}";
}
