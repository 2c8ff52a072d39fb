using System.Text.Json;
using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.TestKit.Postgres;

namespace EfficientAI.Telephony.IntegrationTests.Cli;

/// <summary>
/// Every example in dialplans/ run as a user runs it (`efficientai demo --dialplan FILE --json`) against the reference
/// agent, with the verdict it is designed to give and the status of the assertions it exists to show.
/// </summary>
public sealed class ExampleDialplanTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    public static TheoryData<string, string, string[]> Examples => new()
    {
        { "demo.yaml", "passed", ["latency.maxMs=passed", "minAgentTurns=passed"] },
        { "latency-slo.yaml", "passed", ["latency.p50Ms=passed", "latency.p95Ms=passed"] },
        { "designed-to-fail.yaml", "failed", ["latency.maxMs=failed", "mustSay: your order has shipped=failed", "judge: The agent tells the caller the status of the order=not-run"] },
        { "ivr-dtmf.yaml", "passed", ["reachedBranch=passed"] },
        { "interruption.yaml", "passed", ["maxBargeInStopMs=passed"] },
        { "transfer.yaml", "passed", ["transferTarget=passed"] },
        { "agent-dtmf.yaml", "passed", ["agentDtmf=passed"] },
        { "voicemail.yaml", "passed", ["outcome=passed"] },
    };

    [Fact]
    public void EveryShippedExampleIsCovered()
    {
        var shipped = Directory.GetFiles(Path.GetDirectoryName(HostPaths.Dialplan("demo.yaml"))!, "*.yaml").Select(f => Path.GetFileName(f)).Order().ToList();
        var covered = Examples.Select(row => (string)row[0]).Order().ToList();
        Assert.Equal(shipped, covered);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_GivesItsDesignedVerdict(string file, string verdict, string[] assertions)
    {
        var connection = await postgres.CreateDatabaseAsync("examples_" + Path.GetFileNameWithoutExtension(file).Replace('-', '_'));

        var result = await HostProcess.RunAsync(
            ["demo", "--dialplan", HostPaths.Dialplan(file), "--json"],
            new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = connection },
            TimeSpan.FromSeconds(120));

        Assert.True(result.ExitCode == (verdict == "passed" ? 0 : 1), $"exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
        using var report = JsonDocument.Parse(result.StandardOutput);
        var root = report.RootElement;
        Assert.Equal(file == "voicemail.yaml" ? "voicemail" : "completed", root.GetProperty("outcome").GetString());
        Assert.Equal(verdict, root.GetProperty("verdict").GetString());
        var statuses = root.GetProperty("assertions").EnumerateArray()
            .ToDictionary(a => a.GetProperty("name").GetString()!, a => a.GetProperty("status").GetString()!);
        foreach (var expected in assertions)
        {
            var (name, status) = (expected[..expected.LastIndexOf('=')], expected[(expected.LastIndexOf('=') + 1)..]);
            Assert.True(statuses.TryGetValue(name, out var actual), $"no assertion '{name}' in {string.Join(", ", statuses.Keys)}");
            Assert.True(actual == status, $"{name}: expected {status}, got {actual}\n{result.StandardOutput}");
        }
    }
}
