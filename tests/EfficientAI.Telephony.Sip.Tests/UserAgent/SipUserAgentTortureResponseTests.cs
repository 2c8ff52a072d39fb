using System.Text;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Tests.Torture;
using EfficientAI.Telephony.Sip.UserAgent;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Sip.Tests.UserAgent;

/// <summary>
/// RFC 4475 §3.1.2.16 and §3.3: the response a user agent gives to torture requests, sent over real UDP. Each
/// message's top Via is replaced by the raw peer's own (with rport), so the answer comes back to the test on loopback
/// instead of going to the RFC's example hosts.
/// </summary>
public sealed class SipUserAgentTortureResponseTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private readonly RawSipPeer _peer = new();
    private SipUserAgent _agent = null!;

    public Task InitializeAsync()
    {
        _agent = SipUserAgent.Start(new SipUserAgentOptions { UserName = "user" }, TimeProvider.System, NullLogger.Instance);
        _agent.IncomingCall = invite =>
        {
            invite.Reject(480);
            return Task.CompletedTask;
        };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        _peer.Dispose();
    }

    [Theory]
    [InlineData("unkscm", 416)]   // §3.3.2  unknown Request-URI scheme
    [InlineData("novelsc", 416)]  // §3.3.3  known but atypical scheme (soap.beep) a UA cannot serve
    [InlineData("bext01", 420)]   // §3.3.5  Require names extensions we do not support
    [InlineData("invut", 415)]    // §3.3.6  INVITE body of an unknown type
    [InlineData("sdp01", 406)]    // §3.3.15 Accept excludes application/sdp, the only answer we can send
    [InlineData("badvers", 505)]  // §3.1.2.16 unknown protocol version
    [InlineData("mismatch01", 400)] // §3.1.2.17 CSeq method differs from the request method
    [InlineData("zeromf", 200)]   // §3.3.11-style: Max-Forwards 0 concerns proxies; a UAS answers OPTIONS normally
    public async Task TortureRequest_GetsTheResponseTheRfcDescribes(string name, int status)
    {
        await _peer.SendAsync(WithOurVia(SharedCorpora.Rfc4475(name), "z9hG4bK" + name), _agent.LocalEndPoint);

        var response = await _peer.ReceiveResponseAsync(Bound);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("z9hG4bK" + name, response.TopVia!.Branch);
    }

    [Fact]
    public async Task UnsupportedRequire_Gets420_ListingEveryUnsupportedOptionTag()
    {
        await _peer.SendAsync(WithOurVia(SharedCorpora.Rfc4475("bext01"), "z9hG4bKbext"), _agent.LocalEndPoint);

        var response = await _peer.ReceiveResponseAsync(Bound);

        Assert.Equal(420, response.StatusCode);
        Assert.Equal(["nothingSupportsThis", "nothingSupportsThisEither"], response.Headers.GetValues(HeaderNames.Unsupported));
    }

    /// <summary>Replaces the first Via header line (long or compact form) of a corpus message.</summary>
    private byte[] WithOurVia(byte[] message, string branch)
    {
        var text = Encoding.Latin1.GetString(message);
        var lines = text.Split("\r\n");
        var i = Array.FindIndex(lines, l => l.StartsWith("Via:", StringComparison.OrdinalIgnoreCase) || l.StartsWith("v:", StringComparison.OrdinalIgnoreCase) || l.StartsWith("Via ", StringComparison.OrdinalIgnoreCase));
        Assert.True(i > 0, "no Via line");
        lines[i] = $"Via: {_peer.Via(branch)}";
        // a folded continuation of the old Via would now continue ours
        while (i + 1 < lines.Length && lines[i + 1].Length > 0 && lines[i + 1][0] is ' ' or '\t')
        {
            lines = [.. lines[..(i + 1)], .. lines[(i + 2)..]];
        }

        return Encoding.Latin1.GetBytes(string.Join("\r\n", lines));
    }
}
