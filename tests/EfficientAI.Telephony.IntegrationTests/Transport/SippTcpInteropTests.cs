using System.Collections.Concurrent;
using System.Text;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.UserAgent;
using EfficientAI.Telephony.TestKit.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.IntegrationTests.Transport;

/// <summary>Our UAC against sipp's built-in UAS over TCP (`sipp -sn uas -t t1`), RFC 3261 §18.</summary>
public sealed class SippTcpInteropTests
{
    private const string Sdp = "v=0\r\no=efficientai 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40040 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task CallOverTcp_SippAnswers_AckAndByeFollowOverTcp()
    {
        await using var sipp = await SippUas.StartAsync(rtpEcho: false, tcp: true);
        await using var ua = SipUserAgent.Start(
            new SipUserAgentOptions { UserName = "caller", Transports = [new SipListener(SipTransportKind.Udp), new SipListener(SipTransportKind.Tcp)] },
            TimeProvider.System,
            NullLogger.Instance);
        var sent = new ConcurrentQueue<string>();
        ua.Traced += entry =>
        {
            if (entry.Outgoing)
            {
                sent.Enqueue(Encoding.UTF8.GetString(entry.Bytes));
            }
        };

        var result = await ua.InviteAsync(new InviteRequest(SipUri.Parse(sipp.Uri), Sdp)).WaitAsync(Bound);

        Assert.True(result.Succeeded, $"{result.Failure} {result.StatusCode} {result.Cause}\n{sipp.Output}");
        Assert.Equal("TCP", result.Dialog!.Transport);
        var end = await result.Dialog.ByeAsync().WaitAsync(Bound);
        Assert.Equal(200, end.ByeStatus);
        Assert.Equal(3, sent.Count(m => m.StartsWith("INVITE ", StringComparison.Ordinal) || m.StartsWith("ACK ", StringComparison.Ordinal) || m.StartsWith("BYE ", StringComparison.Ordinal)));
        Assert.All(sent, m => Assert.Contains("Via: SIP/2.0/TCP ", m, StringComparison.Ordinal));
    }
}
