using System.Text.Json;
using EfficientAI.Telephony.TestKit.Peers;

namespace EfficientAI.Telephony.IntegrationTests.Cli;

/// <summary>`efficientai call --json` against real SIP peers on loopback.</summary>
public sealed class CallCommandInteropTests
{
    [Fact]
    public async Task CallJson_AgainstSippUasWithRtpEcho_CompletesWith200_AndReceivesTheEcho()
    {
        await using var sipp = await SippUas.StartAsync(rtpEcho: true);

        var result = await HostProcess.RunAsync(["call", sipp.Uri, "--json", "--no-store"], null, TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}\n{sipp.Output}");
        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        Assert.Equal("dead-air", root.GetProperty("outcome").GetString()); // sipp echoes our silence: answered, never spoke
        Assert.Equal(200, root.GetProperty("sipStatus").GetInt32());
        Assert.True(root.GetProperty("rtp").GetProperty("received").GetInt64() > 0);
        Assert.True(root.GetProperty("rtp").GetProperty("sent").GetInt64() > 0);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("callId").GetString()));
        Assert.True(root.GetProperty("pddMs").GetDouble() >= 0);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("turns").ValueKind);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("responseLatencyMs").ValueKind);
    }

    [Fact]
    public async Task CallJson_WithTransportTcp_AgainstSippOverTcp_Completes()
    {
        await using var sipp = await SippUas.StartAsync(rtpEcho: true, tcp: true);

        var result = await HostProcess.RunAsync(["call", sipp.Uri, "--json", "--no-store", "--verbose"], null, TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}\n{sipp.Output}");
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("dead-air", json.RootElement.GetProperty("outcome").GetString());
        Assert.True(json.RootElement.GetProperty("rtp").GetProperty("received").GetInt64() > 0);
        // --verbose logs the connection the call went over.
        Assert.Contains($"SIP TCP connection with 127.0.0.1:{sipp.Port} opened (outbound)", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_ToAPortWhereNothingListens_EndsAsNoAnswerWithTheCause()
    {
        var port = PeerProcess.FreeUdpPort();

        var result = await HostProcess.RunAsync(
            ["call", $"sip:nobody@127.0.0.1:{port}", "--json", "--no-store"],
            new Dictionary<string, string> { ["EFFICIENTAI__Telephony__SipT1Ms"] = "50" },
            TimeSpan.FromSeconds(60));

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("no-answer", json.RootElement.GetProperty("outcome").GetString());
        Assert.Contains("Timer B", json.RootElement.GetProperty("cause").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_WithAnInvalidUri_ExitsTwoNamingTheInput()
    {
        var result = await HostProcess.RunAsync(["call", "not-a-uri", "--no-store"], null, TimeSpan.FromSeconds(30));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'not-a-uri' is not a SIP URI", result.StandardError, StringComparison.Ordinal);
    }
}
