using EfficientAI.Telephony.Sip.Authentication;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.Registration;
using EfficientAI.Telephony.Sip.UserAgent;
using EfficientAI.Telephony.TestKit.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.IntegrationTests.Trunks;

/// <summary>Our UAC against sipp as a UAS that challenges INVITE with 401 and verifies the answer itself.</summary>
public sealed class SippDigestInteropTests
{
    private const string Sdp = "v=0\r\no=efficientai 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40010 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Invite_ChallengedBySipp_IsAnsweredAndTheCallCompletes()
    {
        await using var sipp = await SippDigestUas.StartAsync("alice", "open sesame");
        await using var ua = SipUserAgent.Start(new SipUserAgentOptions { UserName = "caller" }, TimeProvider.System, NullLogger.Instance);

        var result = await ua.InviteAsync(new InviteRequest(SipUri.Parse(sipp.Uri), Sdp) { Account = Account("alice", "open sesame") }).WaitAsync(Bound);

        Assert.True(result.Succeeded, $"{result.Failure} {result.StatusCode} {result.Cause}\n{sipp.Output}\n{sipp.Errors}");
        var end = await result.Dialog!.ByeAsync().WaitAsync(Bound);
        Assert.Equal(200, end.ByeStatus);
        Assert.Equal(0, await sipp.WaitForExitAsync(Bound));
    }

    [Fact]
    public async Task Invite_WrongPassword_EndsWithTheRecordedCause()
    {
        await using var sipp = await SippDigestUas.StartAsync("alice", "open sesame");
        await using var ua = SipUserAgent.Start(new SipUserAgentOptions { UserName = "caller" }, TimeProvider.System, NullLogger.Instance);

        var result = await ua.InviteAsync(new InviteRequest(SipUri.Parse(sipp.Uri), Sdp) { Account = Account("alice", "guessed") }).WaitAsync(Bound);

        Assert.Equal(InviteFailure.AuthenticationFailed, result.Failure);
        Assert.Equal(401, result.StatusCode);
        Assert.Equal($"authentication failed: 401 after credentials for realm \"{SippDigestUas.Realm}\"", result.Cause);
        Assert.Equal(0, await sipp.WaitForExitAsync(Bound));
    }

    private static SipAccount Account(string user, string password) => new() { Credentials = new SipCredentials(user, password) };
}
