using System.Globalization;

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

    private readonly PeerProcess _process;
    private readonly DirectoryInfo _directory;

    private SippDigestUas(PeerProcess process, DirectoryInfo directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Uri => $"sip:service@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public string Output => _process.Output;

    public static async Task<SippDigestUas> StartAsync(string username, string password)
    {
        var port = PeerProcess.FreeUdpPort();
        var mediaPort = PeerProcess.FreeUdpPort() & ~1;
        var directory = Directory.CreateTempSubdirectory("efficientai-sipp-");
        var scenario = Path.Combine(directory.FullName, "uas-digest-401.xml");
        await File.WriteAllTextAsync(scenario, Scenario(username, password));
        var process = PeerProcess.Start("sipp",
        [
            "-sf", scenario, "-i", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-m", "1", "-nostdin",
            "-mi", "127.0.0.1", "-mp", mediaPort.ToString(CultureInfo.InvariantCulture),
            "-trace_err", "-error_file", Path.Combine(directory.FullName, "errors.log"),
        ], directory.FullName);
        // sipp has no "ready" line without a terminal; give it a moment to bind, then check it is alive.
        await Task.Delay(300);
        if (process.HasExited)
        {
            var output = process.Output;
            await process.DisposeAsync();
            throw new InvalidOperationException($"sipp exited at start:\n{output}");
        }

        return new SippDigestUas(process, directory, port);
    }

    /// <summary>Waits for sipp to finish its one call; returns its exit code (0: the scenario completed).</summary>
    public Task<int> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    /// <summary>What sipp wrote to its error file (unexpected messages and the like).</summary>
    public string Errors
    {
        get
        {
            var file = Path.Combine(_directory.FullName, "errors.log");
            return File.Exists(file) ? File.ReadAllText(file) : "";
        }
    }

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

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // sipp's log files may still be closing; the temp directory is cleaned up by the system
        }
    }
}
