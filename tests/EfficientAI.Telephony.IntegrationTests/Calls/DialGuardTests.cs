using EfficientAI.Telephony.Calls;
using EfficientAI.Telephony.IntegrationTests.Cli;
using EfficientAI.Telephony.Sip.Messages;
using Microsoft.Extensions.Time.Testing;

namespace EfficientAI.Telephony.IntegrationTests.Calls;

/// <summary>The dial guard: an allowlist of numbers, hosts, networks and URIs, and an hourly cap per target.</summary>
public sealed class DialGuardTests
{
    [Theory]
    [InlineData("+1555", "sip:+15551234567@trunk.example.com;user=phone", true)]
    [InlineData("+1555", "sip:+15561234567@trunk.example.com;user=phone", false)]
    [InlineData("+1555", "sip:agent@trunk.example.com", false)]
    [InlineData("agent.example.com", "sip:desk@AGENT.example.com", true)]
    [InlineData("*.example.com", "sip:desk@eu.agent.example.com", true)]
    [InlineData("*.example.com", "sip:desk@example.org", false)]
    [InlineData("10.1.0.0/16", "sip:desk@10.1.2.3:5060", true)]
    [InlineData("10.1.0.0/16", "sip:desk@10.2.2.3:5060", false)]
    [InlineData("sip:desk@pbx.example.com", "sip:desk@pbx.example.com:5060", true)]
    [InlineData("sip:desk@pbx.example.com", "sip:sales@pbx.example.com", false)]
    public void Allowlist_MatchesNumberPrefixesHostsNetworksAndUris(string entry, string target, bool allowed)
    {
        var guard = new DialGuard(new DialGuardOptions { Allow = [entry] }, new FakeTimeProvider());

        var refused = guard.Check(SipUri.Parse(target));

        Assert.Equal(allowed, refused is null);
        if (!allowed)
        {
            Assert.Contains("not in the dial allowlist (Telephony:DialAllow)", refused, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("sip:agent@127.0.0.1:5080")]
    [InlineData("sip:agent@[::1]:5080")]
    [InlineData("sip:agent@localhost")]
    public void Loopback_IsAlwaysAllowed_AndNeverCapped(string target)
    {
        var guard = new DialGuard(new DialGuardOptions { Allow = ["+1555"], MaxCallsPerTargetPerHour = 1 }, new FakeTimeProvider());

        Assert.All(Enumerable.Range(0, 5), _ => Assert.Null(guard.Check(SipUri.Parse(target))));
    }

    [Fact]
    public void HourlyCap_RefusesTheCallOverIt_AndAllowsAgainOnceTheHourHasPassed()
    {
        var time = new FakeTimeProvider();
        var guard = new DialGuard(new DialGuardOptions { MaxCallsPerTargetPerHour = 3 }, time);
        var number = SipUri.Parse("sip:+15551234567@trunk.example.com;user=phone");

        Assert.All(Enumerable.Range(0, 3), _ => Assert.Null(guard.Check(number)));
        time.Advance(TimeSpan.FromMinutes(30));
        var refused = guard.Check(number);
        Assert.Null(guard.Check(SipUri.Parse("sip:+15559999999@trunk.example.com")));
        time.Advance(TimeSpan.FromMinutes(30));
        var again = guard.Check(number);

        Assert.Equal("+15551234567 was called 3 times in the last hour, the cap (Telephony:MaxCallsPerTargetPerHour); next call possible in 30 min", refused);
        Assert.Null(again);
    }

    [Fact]
    public async Task CallCommand_RefusesATargetOutsideTheAllowlist_WithoutDialling_AndSaysWhy()
    {
        var result = await HostProcess.RunAsync(
            ["call", "sip:agent@10.255.255.1:5060", "--json", "--no-store"],
            new Dictionary<string, string> { ["EFFICIENTAI__Telephony__DialAllow"] = "+1555, agents.example.com" },
            TimeSpan.FromSeconds(60));

        using var report = System.Text.Json.JsonDocument.Parse(result.StandardOutput);
        Assert.Equal(("failed", "not-run"), (report.RootElement.GetProperty("outcome").GetString(), report.RootElement.GetProperty("verdict").GetString()));
        Assert.StartsWith("not dialled: agent@10.255.255.1 is not in the dial allowlist", report.RootElement.GetProperty("cause").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, report.RootElement.GetProperty("sipStatus").GetInt32());
        Assert.DoesNotContain(report.RootElement.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "SipMessage");
    }
}
