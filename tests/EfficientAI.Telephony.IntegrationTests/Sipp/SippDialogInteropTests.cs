using System.Collections.Concurrent;
using System.Globalization;
using EfficientAI.Telephony.Sip.Dialogs;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.UserAgent;
using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.ReferenceAgent;
using EfficientAI.Telephony.TestKit.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.IntegrationTests.Sipp;

/// <summary>
/// Our user agent against sipp (Debian sip-tester) running scenarios a carrier or PBX plays: busy, 503 with
/// Retry-After, a reliable 183 that must be PRACKed, a re-INVITE that puts us on hold, and a transfer by REFER.
/// sipp checks our side of each exchange itself: it exits 0 only when the scenario ran to its end.
/// </summary>
public sealed class SippDialogInteropTests
{
    private const string Sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Busy486_EndsTheCallAsRejected486()
    {
        await using var sipp = await SippScenario.StartAsync(Scenario(Final("486 Busy Here", "")));
        await using var ua = UserAgent();

        var result = await ua.InviteAsync(new InviteRequest(SipUri.Parse(sipp.Uri), Sdp)).WaitAsync(Bound);

        Assert.Equal(InviteFailure.Rejected, result.Failure);
        Assert.Equal(486, result.StatusCode);
        Assert.Equal(0, await sipp.WaitForExitAsync(Bound));
    }

    [Fact]
    public async Task ServiceUnavailable503_CarriesItsRetryAfter()
    {
        await using var sipp = await SippScenario.StartAsync(Scenario(Final("503 Service Unavailable", "Retry-After: 120\r\n")));
        await using var ua = UserAgent();

        var result = await ua.InviteAsync(new InviteRequest(SipUri.Parse(sipp.Uri), Sdp)).WaitAsync(Bound);

        Assert.Equal(503, result.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), result.RetryAfter);
        Assert.Equal(0, await sipp.WaitForExitAsync(Bound));
    }

    [Fact]
    public async Task Reliable183_IsPracked_ThenTheCallIsAnsweredAndEnded()
    {
        await using var sipp = await SippScenario.StartAsync(Scenario(Reliable183ThenAnswer));
        await using var ua = UserAgent();
        var early = new ConcurrentQueue<int>();

        var result = await ua.InviteAsync(new InviteRequest(SipUri.Parse(sipp.Uri), Sdp) { OnProvisional = r => early.Enqueue(r.StatusCode) }).WaitAsync(Bound);
        Assert.True(result.Succeeded, $"{result.StatusCode} {result.ReasonPhrase}\n{sipp.Errors}");
        var end = await result.Dialog!.ByeAsync().WaitAsync(Bound);

        Assert.Equal(200, end.ByeStatus);
        Assert.Single(early, s => s == 183);
        Assert.True(0 == await sipp.WaitForExitAsync(Bound), $"sipp did not complete the scenario:\n{sipp.Errors}\n{sipp.Output}");
    }

    [Fact]
    public async Task ReInviteWithSendonly_ReachesTheApplication_AndIsAnswered()
    {
        await using var ua = UserAgent();
        var ours = $"sip:efficientai@127.0.0.1:{ua.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture)}";
        await using var sipp = await SippScenario.StartAsync(Scenario(AnswerThenHold(ours)));
        var offers = new ConcurrentQueue<string>();

        // Installed as the dialog is made, before our ACK: sipp re-INVITEs the moment it has the ACK.
        var result = await ua.InviteAsync(new InviteRequest(SipUri.Parse(sipp.Uri), Sdp)
        {
            OnDialog = d => d.OfferReceived = offer =>
            {
                offers.Enqueue(offer);
                return OfferAnswer.Accept(Sdp.Replace("a=rtpmap:0 PCMU/8000\r\n", "a=rtpmap:0 PCMU/8000\r\na=recvonly\r\n", StringComparison.Ordinal));
            },
        }).WaitAsync(Bound);
        Assert.True(result.Succeeded, $"{result.StatusCode} {result.ReasonPhrase}\n{sipp.Errors}");

        var ended = await result.Dialog!.Ended.WaitAsync(Bound);

        Assert.Equal(DialogEndReason.RemoteBye, ended.Reason);
        Assert.Contains("a=sendonly", Assert.Single(offers), StringComparison.Ordinal);
        Assert.Contains("a=recvonly", result.Dialog.LocalSdp, StringComparison.Ordinal);
        Assert.True(0 == await sipp.WaitForExitAsync(Bound), $"sipp did not complete the scenario:\n{sipp.Errors}\n{sipp.Output}");
    }

    [Fact]
    public async Task ReferFromTheAgent_IsAccepted_TheTargetIsCalled_AndTheNotifiesReportIt()
    {
        await using var ua = UserAgent();
        await using var target = await SippUas.StartAsync(rtpEcho: false);
        var ours = $"sip:efficientai@127.0.0.1:{ua.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture)}";
        await using var sipp = await SippScenario.StartAsync(Scenario(AnswerThenRefer(ours, target.Uri)));
        var transferred = new TaskCompletionSource<InviteResult>(TaskCreationOptions.RunContinuationsAsynchronously);

        var result = await ua.InviteAsync(new InviteRequest(SipUri.Parse(sipp.Uri), Sdp)
        {
            OnDialog = d => d.TransferRequested = async transfer =>
            {
                var call = await ua.InviteAsync(new InviteRequest(transfer.Target, Sdp));
                transferred.TrySetResult(call);
                return call.StatusCode;
            },
        }).WaitAsync(Bound);
        Assert.True(result.Succeeded, $"{result.StatusCode} {result.ReasonPhrase}\n{sipp.Errors}");

        var call = await transferred.Task.WaitAsync(Bound);
        await result.Dialog!.Ended.WaitAsync(Bound);

        Assert.True(call.Succeeded, $"{call.StatusCode} {call.ReasonPhrase}");
        Assert.Equal(target.Uri, call.Dialog!.Remote.Uri.ToString());
        Assert.True(0 == await sipp.WaitForExitAsync(Bound), $"sipp did not complete the scenario:\n{sipp.Errors}\n{sipp.Output}");
        await call.Dialog!.ByeAsync().WaitAsync(Bound);
    }

    [Fact]
    public async Task SippUac_CallsTheReferenceAgent_AndItsCallCompletes()
    {
        await using var runtime = Runtime.Create(verbose: false);
        await using var agent = ReferenceAgentServer.Start(new ReferenceAgentOptions(), runtime.Tts, runtime.Pacer, runtime.Media, runtime.Time, runtime.Loggers);
        var port = PeerProcess.FreeUdpPort();
        var mediaPort = PeerProcess.FreeUdpPort() & ~1;

        // sipp's built-in UAC: INVITE, 100/180 optional, 200, ACK, a 2 s call, BYE, 200; -m 1 exits 0 when it all ran.
        await using var sipp = PeerProcess.Start("sipp",
        [
            "-sn", "uac", $"127.0.0.1:{agent.Uri.Port!.Value.ToString(CultureInfo.InvariantCulture)}", "-s", "agent", "-m", "1", "-d", "2000",
            "-i", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-nostdin",
            "-mi", "127.0.0.1", "-mp", mediaPort.ToString(CultureInfo.InvariantCulture),
        ]);

        Assert.True(0 == await sipp.WaitForExitAsync(TimeSpan.FromSeconds(30)), sipp.Output);
    }

    /// <summary>sipp's 200 OK to the request it has just received (a PRACK, a NOTIFY, our BYE).</summary>
    private const string OkToLastRequest = """
          <send>
            <![CDATA[
        SIP/2.0 200 OK
        [last_Via:]
        [last_From:]
        [last_To:]
        [last_Call-ID:]
        [last_CSeq:]
        Content-Length: 0

        ]]>
          </send>
        """;

    /// <summary>sipp ends the call it answered: its BYE to us (CSeq 2 of its side of the dialog) and our 200.</summary>
    private static string SippHangsUp(string ours) => $"""
          <send retrans="500">
            <![CDATA[
        BYE {ours} SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From:[$to]
        To:[$from]
        [last_Call-ID:]
        CSeq: 2 BYE
        Max-Forwards: 70
        Content-Length: 0

        ]]>
          </send>
          <recv response="200" />
        """;

    private static SipUserAgent UserAgent() =>
        SipUserAgent.Start(new SipUserAgentOptions(), TimeProvider.System, NullLogger.Instance);

    private static string Scenario(string body) => $"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <!DOCTYPE scenario SYSTEM "sipp.dtd">
        <scenario name="efficientai interop">
        {body}
        </scenario>
        """;

    private static string Final(string statusLine, string extraHeaders) => $"""
          <recv request="INVITE" />
          <send>
            <![CDATA[
        SIP/2.0 {statusLine}
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        {extraHeaders}Content-Length: 0

        ]]>
          </send>
          <recv request="ACK" />
        """;

    private const string AnswerSdpBody = """
        Content-Type: application/sdp
        Content-Length: [len]

        v=0
        o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
        s=-
        c=IN IP[media_ip_type] [media_ip]
        t=0 0
        m=audio [media_port] RTP/AVP 0
        a=rtpmap:0 PCMU/8000

        """;

    /// <summary>sipp's 200 OK with SDP to the INVITE; the ACK's From and To are kept for sipp's own requests.</summary>
    private static readonly string Answer200 = $"""
          <send retrans="500">
            <![CDATA[
        SIP/2.0 200 OK
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        Contact: <sip:[local_ip]:[local_port];transport=[transport]>
        Allow: INVITE, ACK, BYE, CANCEL, REFER, NOTIFY
        {AnswerSdpBody}]]>
          </send>
          <recv request="ACK">
            <action>
              <ereg regexp=".*" search_in="hdr" header="From:" assign_to="from" />
              <ereg regexp=".*" search_in="hdr" header="To:" assign_to="to" />
            </action>
          </recv>
        """;

    /// <summary>A reliable 183 with SDP (RFC 3262), our PRACK answered, then the 200 of the INVITE, ACK and our BYE.</summary>
    private const string Reliable183ThenAnswer = $"""
          <recv request="INVITE">
            <action>
              <ereg regexp=".*" search_in="hdr" header="Via:" assign_to="via" />
              <ereg regexp=".*" search_in="hdr" header="CSeq:" assign_to="cseq" />
            </action>
          </recv>
          <send retrans="500">
            <![CDATA[
        SIP/2.0 183 Session Progress
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        Require: 100rel
        RSeq: 1
        Contact: <sip:[local_ip]:[local_port];transport=[transport]>
        Content-Type: application/sdp
        Content-Length: [len]

        v=0
        o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
        s=-
        c=IN IP[media_ip_type] [media_ip]
        t=0 0
        m=audio [media_port] RTP/AVP 0
        a=rtpmap:0 PCMU/8000

        ]]>
          </send>
          <recv request="PRACK" />
        {OkToLastRequest}
          <send retrans="500">
            <![CDATA[
        SIP/2.0 200 OK
        Via:[$via]
        [last_From:]
        [last_To:]
        [last_Call-ID:]
        CSeq:[$cseq]
        Contact: <sip:[local_ip]:[local_port];transport=[transport]>
        Content-Type: application/sdp
        Content-Length: [len]

        v=0
        o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
        s=-
        c=IN IP[media_ip_type] [media_ip]
        t=0 0
        m=audio [media_port] RTP/AVP 0
        a=rtpmap:0 PCMU/8000

        ]]>
          </send>
          <recv request="ACK" />
          <recv request="BYE" />
        {OkToLastRequest}
        """;

    /// <summary>Answers, then sends an in-dialog re-INVITE offering sendonly (hold), ACKs our 2xx, and hangs up.</summary>
    private static string AnswerThenHold(string ours) => $"""
          <recv request="INVITE" />
        {Answer200}
          <send retrans="500">
            <![CDATA[
        INVITE {ours} SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From:[$to]
        To:[$from]
        [last_Call-ID:]
        CSeq: 1 INVITE
        Contact: <sip:[local_ip]:[local_port];transport=[transport]>
        Max-Forwards: 70
        Content-Type: application/sdp
        Content-Length: [len]

        v=0
        o=user1 53655765 2353687638 IN IP[local_ip_type] [local_ip]
        s=-
        c=IN IP[media_ip_type] [media_ip]
        t=0 0
        m=audio [media_port] RTP/AVP 0
        a=rtpmap:0 PCMU/8000
        a=sendonly

        ]]>
          </send>
          <recv response="200" />
          <send>
            <![CDATA[
        ACK {ours} SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        [last_From:]
        [last_To:]
        [last_Call-ID:]
        CSeq: 1 ACK
        Max-Forwards: 70
        Content-Length: 0

        ]]>
          </send>
          <pause milliseconds="200" />
        {SippHangsUp(ours)}
        """;

    /// <summary>Answers, sends REFER to <paramref name="referTo"/>, takes the 202 and both NOTIFYs, then hangs up.</summary>
    private static string AnswerThenRefer(string ours, string referTo) => $"""
          <recv request="INVITE" />
        {Answer200}
          <send retrans="500">
            <![CDATA[
        REFER {ours} SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From:[$to]
        To:[$from]
        [last_Call-ID:]
        CSeq: 1 REFER
        Contact: <sip:[local_ip]:[local_port];transport=[transport]>
        Refer-To: <{referTo}>
        Referred-By: <sip:agent@[local_ip]:[local_port]>
        Max-Forwards: 70
        Content-Length: 0

        ]]>
          </send>
          <recv response="202" />
          <recv request="NOTIFY" />
        {OkToLastRequest}
          <recv request="NOTIFY">
            <action>
              <ereg regexp="SIP/2.0 200" search_in="body" check_it="true" assign_to="final" />
            </action>
          </recv>
          <nop hide="true">
            <action>
              <log message="final transfer status [$final]" />
            </action>
          </nop>
        {OkToLastRequest}
        {SippHangsUp(ours)}
        """;
}
