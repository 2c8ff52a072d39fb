using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.UserAgent;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.Sip.Tests.UserAgent;

/// <summary>RFC 3261 §8.2.2.2: a request that reaches the UAS twice by different paths, over real UDP.</summary>
public sealed class SipUserAgentMergedRequestTests : IAsyncLifetime
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

    [Fact]
    public async Task SameRequestInAnotherTransaction_Gets482()
    {
        // Two branches = two transactions; same Call-ID, From tag and CSeq = the same request, forked and merged.
        await _peer.SendAsync(Options("z9hG4bKpath1"), _agent.LocalEndPoint);
        Assert.Equal(200, (await _peer.ReceiveResponseAsync(Bound)).StatusCode);

        await _peer.SendAsync(Options("z9hG4bKpath2"), _agent.LocalEndPoint);
        var merged = await _peer.ReceiveResponseAsync(Bound);

        Assert.Equal(482, merged.StatusCode);
        Assert.Equal("z9hG4bKpath2", merged.TopVia!.Branch);
    }

    [Fact]
    public async Task Retransmission_GetsTheSameAnswerAgain_Not482()
    {
        await _peer.SendAsync(Options("z9hG4bKsame"), _agent.LocalEndPoint);
        var first = await _peer.ReceiveResponseAsync(Bound);

        await _peer.SendAsync(Options("z9hG4bKsame"), _agent.LocalEndPoint);
        var again = await _peer.ReceiveResponseAsync(Bound);

        Assert.Equal(200, first.StatusCode);
        Assert.Equal(200, again.StatusCode);
        Assert.Equal(first.To!.Tag, again.To!.Tag);
    }

    [Fact]
    public async Task NextRequestOfTheSameCaller_IsNotMerged()
    {
        await _peer.SendAsync(Options("z9hG4bKone"), _agent.LocalEndPoint);
        Assert.Equal(200, (await _peer.ReceiveResponseAsync(Bound)).StatusCode);

        await _peer.SendAsync(Options("z9hG4bKtwo", cseq: 2), _agent.LocalEndPoint);

        Assert.Equal(200, (await _peer.ReceiveResponseAsync(Bound)).StatusCode);
    }

    private string Options(string branch, int cseq = 1) =>
        $"OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nVia: {_peer.Via(branch)}\r\nMax-Forwards: 70\r\n" +
        "From: <sip:alice@127.0.0.1>;tag=merge1\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: merged@127.0.0.1\r\n" +
        $"CSeq: {cseq} OPTIONS\r\nContent-Length: 0\r\n\r\n";
}
