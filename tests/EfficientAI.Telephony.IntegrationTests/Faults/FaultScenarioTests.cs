using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using EfficientAI.Telephony.IntegrationTests.Cli;
using EfficientAI.Telephony.Storage.Calls;
using EfficientAI.Telephony.TestKit.Peers;
using EfficientAI.Telephony.TestKit.Postgres;

namespace EfficientAI.Telephony.IntegrationTests.Faults;

/// <summary>
/// Agents and networks that misbehave, each played by a real peer (sipp scenario XML, or a socket the test holds),
/// and the call run as users run it (`efficientai call URI --dialplan FILE --json`, stored in PostgreSQL): every one
/// ends with its own recorded outcome and cause, and its result is in the database afterwards.
/// </summary>
public sealed class FaultScenarioTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    public static TheoryData<string> Scenarios => new() { "busy", "unavailable", "not-acceptable", "no-answer", "dead-air", "agent-hangs-up", "malformed-sdp" };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Fault_EndsWithItsCause_AndIsStored(string name)
    {
        var (scenario, outcome, verdict, cause) = name switch
        {
            "busy" => (Final("486 Busy Here", ""), "busy", "not-run", "486 Busy Here"),
            "unavailable" => (Final("503 Service Unavailable", "Retry-After: 120\r\n"), "rejected", "not-run", "retry after 120 s"),
            "not-acceptable" => (Final("488 Not Acceptable Here", "Warning: 304 sipp \"Incompatible media format\"\r\n"), "rejected", "not-run", "488 Not Acceptable Here"),
            "no-answer" => (RingsForever, "no-answer", "not-run", "not answered within 2 s"),
            "dead-air" => (AnswerSilently, "dead-air", "failed", "no RTP from the agent at all"),
            "agent-hangs-up" => (AnswerThenHangUp, "idle-hang-up", "failed", "the agent hung up without saying anything"),
            "malformed-sdp" => (AnswerWithBrokenSdp, "failed", "not-run", "SDP"),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        await using var sipp = await SippScenario.StartAsync(Scenario(scenario));
        var connection = await postgres.CreateDatabaseAsync("fault_" + name.Replace('-', '_'));

        var result = await RunCallAsync(sipp.Uri, connection);

        using var report = JsonDocument.Parse(result.StandardOutput);
        var root = report.RootElement;
        Assert.True(outcome == root.GetProperty("outcome").GetString(), result.StandardOutput);
        Assert.Equal(verdict, root.GetProperty("verdict").GetString());
        Assert.Contains(cause, root.GetProperty("cause").GetString() ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Equal(verdict == "passed" ? 0 : 1, result.ExitCode);
        Assert.Equal(1, await CountAsync(connection));
        Assert.True(await sipp.WaitForExitAsync(TimeSpan.FromSeconds(20)) == 0, $"sipp did not see the exchange it expects:\n{sipp.Errors}");
    }

    [Fact]
    public async Task RtpPortRangeExhausted_FailsBeforeDialling_WithTheRangeInTheCause()
    {
        // The smallest RTP range the configuration takes (three ports, two even ones for RTP), and the test holds all of it.
        var held = HoldPorts(3);
        try
        {
            var port = ((IPEndPoint)held[0].LocalEndPoint!).Port;
            var connection = await postgres.CreateDatabaseAsync("fault_rtp_ports");

            var result = await RunCallAsync("sip:agent@127.0.0.1:9", connection, new()
            {
                ["EFFICIENTAI__Telephony__RtpPortMin"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["EFFICIENTAI__Telephony__RtpPortMax"] = (port + 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
            });

            using var report = JsonDocument.Parse(result.StandardOutput);
            Assert.Equal("failed", report.RootElement.GetProperty("outcome").GetString());
            Assert.Contains("RTP port", report.RootElement.GetProperty("cause").GetString(), StringComparison.Ordinal);
            Assert.Equal(1, await CountAsync(connection));
        }
        finally
        {
            held.ForEach(h => h.Dispose());
        }
    }

    /// <summary>Binds <paramref name="count"/> consecutive UDP ports on 127.0.0.1, the first one even.</summary>
    private static List<Socket> HoldPorts(int count)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var held = new List<Socket>();
            try
            {
                var first = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                held.Add(first);
                first.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                var port = ((IPEndPoint)first.LocalEndPoint!).Port;
                if (port % 2 == 0 && port + count <= 65535)
                {
                    for (var i = 1; i < count; i++)
                    {
                        var next = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                        held.Add(next);
                        next.Bind(new IPEndPoint(IPAddress.Loopback, port + i));
                    }

                    return held;
                }
            }
            catch (SocketException)
            {
                // one of them is taken: try elsewhere
            }

            held.ForEach(h => h.Dispose());
        }

        throw new InvalidOperationException($"no {count} free consecutive UDP ports on 127.0.0.1");
    }

    [Fact]
    public async Task AgentProcessKilledMidGreeting_EndsWithTheStoppedRtpInTheCause()
    {
        var port = PeerProcess.FreeUdpPort();
        using var agent = StartAgentProcess(port, "Thank you for calling Acme Shoes. Our opening hours are nine to six on weekdays and ten to four on Saturdays. How can I help?");
        await WaitForLineAsync(agent, "listening on", TimeSpan.FromSeconds(60));
        var connection = await postgres.CreateDatabaseAsync("fault_agent_killed");

        var sockets = Sockets(agent.Id);
        var call = RunCallAsync($"sip:agent@127.0.0.1:{port}", connection, new() { ["EFFICIENTAI__Telephony__SipT1Ms"] = "100" }, ringTimeoutSeconds: 20, maxSilenceSeconds: 6);

        // The agent binds the call's RTP socket when the INVITE arrives; three seconds later it is well into its
        // eight-second greeting (synthesis and a cold start take about one), and the caller waits six for it.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Sockets(agent.Id) <= sockets && DateTime.UtcNow < deadline && !call.IsCompleted)
        {
            await Task.Delay(50);
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        agent.Kill(entireProcessTree: true);
        var result = await call;

        using var report = JsonDocument.Parse(result.StandardOutput);
        var root = report.RootElement;
        Assert.True("completed" == root.GetProperty("outcome").GetString(), result.StandardOutput);
        Assert.Matches("RTP from the agent stopped at [0-9.]+ s and never resumed", root.GetProperty("cause").GetString());
        Assert.Contains(root.GetProperty("timeline").EnumerateArray(), e => e.TryGetProperty("text", out var t) && t.GetString() == "RTP from the agent stopped and never resumed");
        Assert.True(root.GetProperty("rtp").GetProperty("received").GetInt64() > 0);
        Assert.Equal(1, await CountAsync(connection));
    }

    private static int Sockets(int pid) =>
        Directory.GetFiles($"/proc/{pid}/fd").Count(fd => new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true);

    private static System.Diagnostics.Process StartAgentProcess(int port, string greeting)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var root = Architecture.ProjectReferenceTests.RepoRoot();
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(root, "src", "EfficientAI.Telephony.Host", "bin", configuration, "net10.0", "efficientai.dll"), "agent", "--listen", $"127.0.0.1:{port}", "--greeting", greeting })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["EFFICIENTAI_HOME"] = root;
        return System.Diagnostics.Process.Start(info)!;
    }

    private static async Task WaitForLineAsync(System.Diagnostics.Process process, string text, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (await process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return;
            }
        }

        throw new InvalidOperationException($"the agent exited before saying '{text}': {await process.StandardError.ReadToEndAsync()}");
    }

    private static async Task<HostProcess.Result> RunCallAsync(string target, string connection, Dictionary<string, string>? environment = null, int ringTimeoutSeconds = 2, int maxSilenceSeconds = 2)
    {
        var dialplan = Path.Combine(Path.GetTempPath(), $"fault-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(dialplan, $$"""
            name: fault
            target: sip:agent@127.0.0.1:5080
            persona:
              lines: ["Hello, is anyone there?"]
            limits:
              maxDurationSeconds: 20
              ringTimeoutSeconds: {{ringTimeoutSeconds}}
              maxSilenceSeconds: {{maxSilenceSeconds}}
            assertions:
              outcome: completed
              minAgentTurns: 1
            """);
        var env = new Dictionary<string, string>(environment ?? []) { ["ConnectionStrings__Postgres"] = connection };
        var result = await HostProcess.RunAsync(["call", target, "--dialplan", dialplan, "--json"], env, Bound);
        Assert.True(result.StandardOutput.TrimStart().StartsWith('{'), $"exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
        return result;
    }

    private static async Task<long> CountAsync(string connection)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connection);
        return await new CallRepository(dataSource).CountAsync(CancellationToken.None);
    }

    private static string Scenario(string body) => $"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <!DOCTYPE scenario SYSTEM "sipp.dtd">
        <scenario name="efficientai fault">
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

    /// <summary>Rings until the caller gives up: 180, then the CANCEL answered 200 and the INVITE 487 (RFC 3261 §9.2).</summary>
    private const string RingsForever = """
          <recv request="INVITE" />
          <send>
            <![CDATA[
        SIP/2.0 180 Ringing
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        Content-Length: 0

        ]]>
          </send>
          <recv request="CANCEL" />
          <send>
            <![CDATA[
        SIP/2.0 200 OK
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        Content-Length: 0

        ]]>
          </send>
          <send>
            <![CDATA[
        SIP/2.0 487 Request Terminated
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        CSeq: [cseq] INVITE
        Content-Length: 0

        ]]>
          </send>
          <recv request="ACK" />
        """;

    /// <summary>Answers with <paramref name="sdp"/>; keeps our Contact, From and To for a request of its own in the dialog.</summary>
    private static string Answer(string sdp, bool keepDialog = false) => $"""
          <recv request="INVITE">{(keepDialog ? """
            <action>
              <ereg regexp="sips?:[^>;]*" search_in="hdr" header="Contact:" assign_to="contact" />
            </action>
            """ : "")}
          </recv>
          <send retrans="500">
            <![CDATA[
        SIP/2.0 200 OK
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        Contact: <sip:[local_ip]:[local_port];transport=[transport]>
        Content-Type: application/sdp
        Content-Length: [len]

        {sdp}
        ]]>
          </send>
          <recv request="ACK">{(keepDialog ? """
            <action>
              <ereg regexp=".*" search_in="hdr" header="From:" assign_to="from" />
              <ereg regexp=".*" search_in="hdr" header="To:" assign_to="to" />
            </action>
            """ : "")}
          </recv>
        """;

    private const string GoodSdp = """
        v=0
        o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
        s=-
        c=IN IP[media_ip_type] [media_ip]
        t=0 0
        m=audio [media_port] RTP/AVP 0
        a=rtpmap:0 PCMU/8000
        """;

    private const string ByeFromUs = """
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
        """;

    /// <summary>Answers, sends no audio at all, and waits for our BYE.</summary>
    private static readonly string AnswerSilently = Answer(GoodSdp) + ByeFromUs;

    /// <summary>Answers with a body that is not SDP (RFC 8866 §5: v= must come first); we must still ACK, then end the call.</summary>
    private static readonly string AnswerWithBrokenSdp = Answer("this is not a session description") + ByeFromUs;

    /// <summary>Answers, stays silent for a second, then hangs up itself.</summary>
    private static readonly string AnswerThenHangUp = Answer(GoodSdp, keepDialog: true) + """
          <pause milliseconds="1000" />
          <send retrans="500">
            <![CDATA[
        BYE [$contact] SIP/2.0
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
}
