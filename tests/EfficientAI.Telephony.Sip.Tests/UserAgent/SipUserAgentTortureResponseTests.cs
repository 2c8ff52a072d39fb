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

    /// <summary>
    /// Every request of RFC 4475 and the status our UAS answers it with; 0 = no answer (dropped and logged). The
    /// test agent rejects every call it is offered with 480, so an INVITE the core accepts ends in 480.
    /// </summary>
    public static TheoryData<string, int> Requests() => new()
    {
        // §3.1.1: valid requests are processed like any other
        { "wsinv", 481 },        // §3.1.1.1  To carries a tag: an in-dialog INVITE for a dialog we do not have (§12.2.2)
        { "intmeth", 501 },      // §3.1.1.2  a method we do not implement (§8.2.1)
        { "esc01", 480 },        // §3.1.1.3
        { "escnull", 405 },      // §3.1.1.4  REGISTER: we are not a registrar
        { "esc02", 501 },        // §3.1.1.5  RE%47IST%45R is not REGISTER
        { "lwsdisp", 200 },      // §3.1.1.6
        { "longreq", 480 },      // §3.1.1.7
        { "dblreq", 405 },       // §3.1.1.8  only the REGISTER is read
        { "semiuri", 200 },      // §3.1.1.9
        { "transports", 200 },   // §3.1.1.10
        { "mpart01", 405 },      // §3.1.1.11 MESSAGE is known but not allowed here
        // §3.1.2: invalid requests get 400 naming the fault when the transaction can be identified
        { "badinv01", 400 },     // §3.1.2.1
        { "clerr", 400 },        // §3.1.2.2
        { "ncl", 400 },          // §3.1.2.3
        { "scalar02", 400 },     // §3.1.2.4
        { "quotbal", 400 },      // §3.1.2.6
        { "ltgtruri", 400 },     // §3.1.2.7
        { "lwsruri", 400 },      // §3.1.2.8
        { "lwsstart", 400 },     // §3.1.2.9
        { "trws", 400 },         // §3.1.2.10
        { "escruri", 400 },      // §3.1.2.11
        { "baddate", 480 },      // §3.1.2.12 the Date is not needed to process the request, so it is processed
        { "regbadct", 400 },     // §3.1.2.13
        { "badaspec", 400 },     // §3.1.2.14
        { "baddn", 400 },        // §3.1.2.15
        { "badvers", 505 },      // §3.1.2.16
        { "mismatch01", 400 },   // §3.1.2.17
        { "mismatch02", 400 },   // §3.1.2.18
        // §3.2: transaction layer
        { "badbranch", 200 },    // §3.2.1    a bare "z9hG4bK" branch is still a branch to match on
        // §3.3: application layer
        { "insuf", 400 },        // §3.3.1    no Call-ID, From or To: "will respond with a 400"
        { "unkscm", 416 },       // §3.3.2
        { "novelsc", 416 },      // §3.3.3    soap.beep is a scheme a UA cannot serve
        { "unksm2", 405 },       // §3.3.4    the 400 the RFC names is a registrar's; we are not one
        { "bext01", 420 },       // §3.3.5
        { "invut", 415 },        // §3.3.6
        { "regaut01", 405 },     // §3.3.7
        { "multi01", 400 },      // §3.3.8    several values in single-value headers
        { "mcl01", 400 },        // §3.3.9    conflicting Content-Length values
        { "zeromf", 200 },       // §3.3.11   Max-Forwards 0 stops proxies; an endpoint processes the request
        { "cparam01", 405 },     // §3.3.12
        { "cparam02", 405 },     // §3.3.13
        { "regescrt", 405 },     // §3.3.14
        { "sdp01", 406 },        // §3.3.15   Accept excludes application/sdp, the only answer we can send
        // §3.4: backward compatibility
        { "inv2543", 480 },      // §3.4.1    an RFC 2543 INVITE (no branch, no Max-Forwards) is accepted
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task TortureRequest_GetsTheResponseTheRfcDescribes(string name, int status)
    {
        var branch = name switch
        {
            "badbranch" => "z9hG4bK",
            "inv2543" => null,
            _ => "z9hG4bK" + name,
        };
        await _peer.SendAsync(WithOurVia(SharedCorpora.Rfc4475(name), branch), _agent.LocalEndPoint);
        // A good request after it: when it is answered first, the torture request was dropped.
        await _peer.SendAsync(Probe(), _agent.LocalEndPoint);

        var answer = await AnswerAsync(expectDrop: status == 0);

        Assert.Equal(status, answer?.StatusCode ?? 0);
        Assert.Equal(status == 0 ? null : branch, answer?.TopVia?.Branch);
    }

    [Theory]
    [InlineData("bcast")]     // §3.3.10
    [InlineData("bigcode")]   // §3.1.2.19
    [InlineData("scalarlg")]  // §3.1.2.5
    [InlineData("unreason")]  // §3.1.1.12
    [InlineData("noreason")]  // §3.1.1.13
    public async Task TortureResponse_MatchingNoTransaction_IsDropped(string name)
    {
        await _peer.SendAsync(SharedCorpora.Rfc4475(name), _agent.LocalEndPoint);
        await _peer.SendAsync(Probe(), _agent.LocalEndPoint);

        Assert.Null(await AnswerAsync(expectDrop: true));
    }

    [Fact]
    public async Task UnsupportedRequire_Gets420_ListingEveryUnsupportedOptionTag()
    {
        await _peer.SendAsync(WithOurVia(SharedCorpora.Rfc4475("bext01"), "z9hG4bKbext"), _agent.LocalEndPoint);

        var response = await _peer.ReceiveResponseAsync(Bound);

        Assert.Equal(420, response.StatusCode);
        Assert.Equal(["nothingSupportsThis", "nothingSupportsThisEither"], response.Headers.GetValues(HeaderNames.Unsupported));
    }

    private const string ProbeBranch = "z9hG4bKprobe";

    private byte[] Probe() => Encoding.ASCII.GetBytes(
        $"OPTIONS sip:user@127.0.0.1 SIP/2.0\r\nVia: {_peer.Via(ProbeBranch)}\r\nMax-Forwards: 70\r\n" +
        "From: <sip:probe@127.0.0.1>;tag=p1\r\nTo: <sip:user@127.0.0.1>\r\nCall-ID: probe@127.0.0.1\r\n" +
        "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");

    /// <summary>
    /// The final response to the torture request (provisionals such as 100 Trying skipped), or null when the probe
    /// is answered first: malformed input is handled on the receive loop, so an answer would have come before it.
    /// </summary>
    private async Task<SipResponse?> AnswerAsync(bool expectDrop)
    {
        while (true)
        {
            var read = await _peer.ReceiveAsync(Bound);
            var response = Assert.IsType<SipResponse>(read.Message);
            var isProbe = response.TopVia?.Branch == ProbeBranch;
            if (isProbe && expectDrop)
            {
                return null;
            }

            if (!isProbe && response.StatusCode >= 200)
            {
                return response;
            }
        }
    }

    /// <summary>Replaces the first Via header line (long or compact form) of a corpus message.</summary>
    private byte[] WithOurVia(byte[] message, string? branch)
    {
        var text = Encoding.Latin1.GetString(message);
        var lines = text.Split("\r\n");
        var i = Array.FindIndex(lines, l => l.StartsWith("Via:", StringComparison.OrdinalIgnoreCase) || l.StartsWith("v:", StringComparison.OrdinalIgnoreCase) || l.StartsWith("Via ", StringComparison.OrdinalIgnoreCase));
        Assert.True(i > 0, "no Via line");
        lines[i] = branch is null
            ? $"Via: SIP/2.0/UDP 127.0.0.1:{_peer.LocalEndPoint.Port}"
            : $"Via: {_peer.Via(branch)}";
        // a folded continuation of the old Via would now continue ours
        while (i + 1 < lines.Length && lines[i + 1].Length > 0 && lines[i + 1][0] is ' ' or '\t')
        {
            lines = [.. lines[..(i + 1)], .. lines[(i + 2)..]];
        }

        return Encoding.Latin1.GetBytes(string.Join("\r\n", lines));
    }
}
