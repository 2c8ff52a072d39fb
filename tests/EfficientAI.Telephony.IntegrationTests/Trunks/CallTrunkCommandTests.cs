using System.Text.Json;
using EfficientAI.Telephony.IntegrationTests.Cli;
using EfficientAI.Telephony.Sip.Dialogs;
using EfficientAI.Telephony.Sip.UserAgent;
using EfficientAI.Telephony.TestKit.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace EfficientAI.Telephony.IntegrationTests.Trunks;

/// <summary>`efficientai call +E164 --trunk NAME` through kamailio acting as the carrier, configured from the environment.</summary>
public sealed class CallTrunkCommandTests
{
    private const string AgentSdp = "v=0\r\no=agent 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40030 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    [Fact]
    public async Task CallThroughTrunk_KamailioChallengesTheInvite_TheCallCompletes()
    {
        // The agent behind the carrier answers with our UAS, which copies Record-Route into its 200 (RFC 3261 §12.1.1);
        // sipp's built-in UAS does not, and answers a BYE at the INVITE's source (the proxy) instead of the BYE's.
        await using var agent = SipUserAgent.Start(new SipUserAgentOptions { UserName = "agent" }, TimeProvider.System, NullLogger.Instance);
        var agentEnd = new TaskCompletionSource<DialogEnd>(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.IncomingCall = incoming =>
        {
            var dialog = incoming.Accept(AgentSdp);
            _ = dialog.Ended.ContinueWith(t => agentEnd.TrySetResult(t.Result), TaskScheduler.Default);
            return Task.CompletedTask;
        };
        await using var kamailio = await KamailioProxy.StartAsync(new KamailioOptions { CarrierTarget = agent.LocalEndPoint });

        var result = await HostProcess.RunAsync(["call", "+15551234567", "--trunk", "carrier", "--json", "--no-store"], Trunk(kamailio, kamailio.Options.Password),
            TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}\n{kamailio.Output}");
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("dead-air", json.RootElement.GetProperty("outcome").GetString()); // a bare user agent answers and never speaks
        Assert.Equal($"sip:+15551234567@127.0.0.1:{kamailio.Port};user=phone", json.RootElement.GetProperty("target").GetString());
        Assert.DoesNotContain(kamailio.Options.Password, result.StandardOutput + result.StandardError, StringComparison.Ordinal);
        // The caller's BYE reached the agent through the proxy's Record-Route.
        Assert.Equal(DialogEndReason.RemoteBye, (await agentEnd.Task.WaitAsync(TimeSpan.FromSeconds(10))).Reason);
    }

    [Fact]
    public async Task CallThroughTrunk_WrongPassword_FailsWithTheAuthenticationStatus()
    {
        await using var kamailio = await KamailioProxy.StartAsync(new KamailioOptions());

        var result = await HostProcess.RunAsync(["call", "+15551234567", "--trunk", "carrier", "--json", "--no-store", "--verbose"], Trunk(kamailio, "wrong-password"),
            TimeSpan.FromSeconds(60));

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("failed", json.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(407, json.RootElement.GetProperty("sipStatus").GetInt32());
        Assert.DoesNotContain("wrong-password", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallThroughAnUnknownTrunk_ExitsTwoNamingTheKey()
    {
        var result = await HostProcess.RunAsync(["call", "+15551234567", "--trunk", "nosuch", "--no-store"], null, TimeSpan.FromSeconds(30));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("configuration Trunks:nosuch: no trunk of that name", result.StandardError, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Trunk(KamailioProxy kamailio, string password) => new()
    {
        ["EFFICIENTAI__Trunks__carrier__Host"] = "127.0.0.1",
        ["EFFICIENTAI__Trunks__carrier__Port"] = kamailio.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["EFFICIENTAI__Trunks__carrier__Username"] = kamailio.Options.Username,
        ["EFFICIENTAI__Trunks__carrier__Password"] = password,
        ["EFFICIENTAI__Trunks__carrier__FromNumber"] = "+15550001111",
    };
}
