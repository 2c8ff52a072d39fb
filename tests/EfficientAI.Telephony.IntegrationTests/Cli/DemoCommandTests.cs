using EfficientAI.Telephony.TestKit.Postgres;

namespace EfficientAI.Telephony.IntegrationTests.Cli;

/// <summary>`efficientai demo` as a user runs it, storing into the PostgreSQL named by ConnectionStrings__Postgres.</summary>
public sealed class DemoCommandTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Demo_CompletesTheCall_PrintsTheReport_AndStoresItInPostgres()
    {
        var connection = await postgres.CreateDatabaseAsync("cli_demo");

        var result = await HostProcess.RunAsync(
            ["demo", "--record", Path.Combine(Path.GetTempPath(), $"cli-demo-{Guid.NewGuid():N}.wav")],
            new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = connection },
            TimeSpan.FromSeconds(120));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
        Assert.Contains("outcome      completed (SIP 200)", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("PASS", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", result.StandardOutput, StringComparison.Ordinal);

        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connection);
        var count = await new EfficientAI.Telephony.Storage.Calls.CallRepository(dataSource).CountAsync(CancellationToken.None);
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task DemoRepeated_StoresEveryCall_AndReportsTheSeries()
    {
        var connection = await postgres.CreateDatabaseAsync("cli_demo_series");

        var result = await HostProcess.RunAsync(
            ["demo", "--repeat", "2", "--json"],
            new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = connection },
            TimeSpan.FromSeconds(180));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
        using var series = System.Text.Json.JsonDocument.Parse(result.StandardOutput);
        var root = series.RootElement;
        Assert.Equal(("passed", 2), (root.GetProperty("verdict").GetString(), root.GetProperty("callsPassed").GetInt32()));
        Assert.Equal(2, root.GetProperty("calls").GetArrayLength());
        Assert.NotEqual(root.GetProperty("calls")[0].GetProperty("callId").GetString(), root.GetProperty("calls")[1].GetProperty("callId").GetString());
        var latency = root.GetProperty("assertions").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "latency.maxMs");
        Assert.Equal((2, 1.0), (latency.GetProperty("passed").GetInt32(), latency.GetProperty("passRate").GetDouble()));
        Assert.True(latency.GetProperty("measuredMin").GetDouble() <= latency.GetProperty("measuredMax").GetDouble());

        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connection);
        Assert.Equal(2, await new EfficientAI.Telephony.Storage.Calls.CallRepository(dataSource).CountAsync(CancellationToken.None));
    }
}
