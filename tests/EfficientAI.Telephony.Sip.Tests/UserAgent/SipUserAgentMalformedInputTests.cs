using System.Text;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.UserAgent;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Sip.Tests.UserAgent;

/// <summary>What a user agent does with bytes that are not a good request, sent from a raw UDP socket.</summary>
public sealed class SipUserAgentMalformedInputTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private readonly RawSipPeer _peer = new();
    private SipUserAgent _agent = null!;

    public Task InitializeAsync()
    {
        _agent = SipUserAgent.Start(new SipUserAgentOptions { UserName = "bob" }, TimeProvider.System, NullLogger.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        _peer.Dispose();
    }

    [Theory]
    [InlineData("CSeq: 1 OPTIONS", "CSeq: 1 INVITE", "CSeq")]
    [InlineData("Max-Forwards: 70", "Max-Forwards: 300", "Max-Forwards")]
    [InlineData("OPTIONS sip:bob@127.0.0.1 SIP/2.0", "OPTIONS <sip:bob@127.0.0.1> SIP/2.0", "Request-URI")]
    [InlineData("Content-Length: 0", "Content-Length: 40", "Content-Length")]
    public async Task AnswerableMalformedRequest_Gets400_WhoseReasonNamesTheFault(string good, string bad, string fault)
    {
        await _peer.SendAsync(Options("z9hG4bKbad1", "bad1@127.0.0.1").Replace(good, bad, StringComparison.Ordinal), _agent.LocalEndPoint);

        var response = await _peer.ReceiveResponseAsync(Bound);

        Assert.Equal(400, response.StatusCode);
        Assert.Contains(fault, response.ReasonPhrase, StringComparison.Ordinal);
        Assert.Contains(fault, response.Headers[HeaderNames.Warning], StringComparison.Ordinal);
        Assert.Equal("bad1@127.0.0.1", response.CallId);
        Assert.Equal("z9hG4bKbad1", response.TopVia!.Branch);
    }

    [Fact]
    public async Task GoodRequest_Gets200_SoTheRawPeerIsAFairWitness()
    {
        await _peer.SendAsync(Options("z9hG4bKgood1", "good1@127.0.0.1"), _agent.LocalEndPoint);

        var response = await _peer.ReceiveResponseAsync(Bound);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("good1@127.0.0.1", response.CallId);
    }

    [Fact]
    public async Task Garbage_GetsNoAnswer_AndTheAgentKeepsServing()
    {
        var random = new byte[700];
        new Random(4475).NextBytes(random);
        var unanswerable = Options("z9hG4bKnocseq", "nocseq@127.0.0.1").Replace("CSeq: 1 OPTIONS\r\n", "", StringComparison.Ordinal);
        foreach (var datagram in new[]
        {
            random,
            Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
            Encoding.ASCII.GetBytes("SIP/2.0 200 OK\r\n\r\n"),
            Encoding.ASCII.GetBytes("INVITE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP"),
            Encoding.UTF8.GetBytes(unanswerable),
            new byte[] { 0, 0, 0, 0 },
        })
        {
            await _peer.SendAsync(datagram, _agent.LocalEndPoint);
        }

        // The agent reads datagrams in order, so an answer to any of the garbage would arrive before this one's.
        await _peer.SendAsync(Options("z9hG4bKafter", "after@127.0.0.1"), _agent.LocalEndPoint);
        var first = await _peer.ReceiveResponseAsync(Bound);

        Assert.Equal(200, first.StatusCode);
        Assert.Equal("after@127.0.0.1", first.CallId);
    }

    private string Options(string branch, string callId) =>
        "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n" +
        $"Via: {_peer.Via(branch)}\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: <sip:bob@127.0.0.1>\r\n" +
        "From: <sip:raw@127.0.0.1>;tag=raw77\r\n" +
        $"Call-ID: {callId}\r\n" +
        "CSeq: 1 OPTIONS\r\n" +
        "Content-Length: 0\r\n\r\n";
}
