namespace EfficientAI.Telephony.TestKit.Peers;

/// <summary>
/// sipp as a UAS that challenges the INVITE with 401 and checks the answer with its verifyauth action: valid
/// credentials get 180/200 and the call runs until our BYE; anything else is challenged again with a new nonce, as
/// a real server does with a wrong password. One call, then sipp exits (-m 1); exit code 0 means the scenario ran
/// to its end.
/// </summary>
public sealed class SippDigestUas : IAsyncDisposable
{
    public const string Realm = "sipp.test";

    private readonly SippScenario _sipp;

    private SippDigestUas(SippScenario sipp) => _sipp = sipp;

    public int Port => _sipp.Port;

    public string Uri => _sipp.Uri;

    public string Output => _sipp.Output;

    /// <summary>What sipp wrote to its error file (unexpected messages and the like).</summary>
    public string Errors => _sipp.Errors;

    public static async Task<SippDigestUas> StartAsync(string username, string password) =>
        new(await SippScenario.StartAsync(Scenario(username, password)));

    /// <summary>Waits for sipp to finish its one call; returns its exit code (0: the scenario completed).</summary>
    public Task<int> WaitForExitAsync(TimeSpan timeout) => _sipp.WaitForExitAsync(timeout);

    private static string Scenario(string username, string password) => $$"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <!DOCTYPE scenario SYSTEM "sipp.dtd">
        <scenario name="UAS challenging INVITE with 401 Digest (RFC 3261 section 22.2)">
          <recv request="INVITE" />
          <send>
            <![CDATA[
        SIP/2.0 401 Unauthorized
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        WWW-Authenticate: Digest realm="{{Realm}}", nonce="4cdbb733645816512687270b83d2ae5d11e4d9d8", algorithm=MD5
        Content-Length: 0

        ]]>
          </send>
          <recv request="ACK" />

          <recv request="INVITE">
            <action>
              <verifyauth assign_to="authvalid" username="{{username}}" password="{{password}}" />
            </action>
          </recv>
          <nop hide="true" test="authvalid" next="accept" />

          <!-- wrong credentials: challenge again with a fresh nonce, as a real server would -->
          <send>
            <![CDATA[
        SIP/2.0 401 Unauthorized
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag02[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        WWW-Authenticate: Digest realm="{{Realm}}", nonce="9e2f0a7c31d84b6fa0c5e2d1b7a93f40aa51c6e2", algorithm=MD5
        Content-Length: 0

        ]]>
          </send>
          <recv request="ACK" next="done" />

          <label id="accept" />
          <send>
            <![CDATA[
        SIP/2.0 180 Ringing
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag03[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        Contact: <sip:[local_ip]:[local_port];transport=[transport]>
        Content-Length: 0

        ]]>
          </send>
          <send retrans="500">
            <![CDATA[
        SIP/2.0 200 OK
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag03[call_number]
        [last_Call-ID:]
        [last_CSeq:]
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
          <label id="done" />
        </scenario>
        """;

    public ValueTask DisposeAsync() => _sipp.DisposeAsync();
}
