using EfficientAI.Telephony.Host.Cli;
using EfficientAI.Telephony.Evaluation.Dialplans;
using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.Host.Running;
using EfficientAI.Telephony.Storage.Calls;
using EfficientAI.Telephony.TestKit.Postgres;
using Npgsql;

namespace EfficientAI.Telephony.IntegrationTests.Calls;

/// <summary>The demo call, in process: our caller against the reference agent over real SIP/RTP on loopback.</summary>
public sealed class DemoCallTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task DemoCall_MeasuresEachTurnsLatency_WithinTwentyMsOfTheAgentsGroundTruth_AndIsStored()
    {
        var plan = DialplanLoader.Load(HostPaths.Dialplan("demo.yaml"));
        var wav = Path.Combine(Path.GetTempPath(), $"demo-{Guid.NewGuid():N}.wav");
        await using var runtime = Runtime.Create(verbose: false);
        await using var agent = DemoCommand.StartAgent(runtime, plan);
        var (_, traces) = runtime.Caller();
        var runner = new CallRunner(runtime.Dialer(), traces, runtime.Tts, runtime.Time, runtime.Loggers)
        {
            GroundTruth = async (callId, token) => [.. (await agent.GroundTruthAsync(callId, token)).Turns.Select(t => t.LatencyMs)],
        };

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var run = await runner.RunAsync(plan, agent.Uri, wav, timeout.Token);
        var report = run.Report;

        Assert.Equal("completed", report.Outcome);
        Assert.Equal(200, report.SipStatus);
        Assert.Equal(plan.Persona.Lines.Count, report.ResponseLatencyMs.Count);
        Assert.NotNull(report.GroundTruth);
        Assert.Equal(report.ResponseLatencyMs.Count, report.GroundTruth.AgentLatencyMs.Count);
        Assert.All(report.GroundTruth.DifferenceMs, d => Assert.InRange(Math.Abs(d), 0, 20));
        // The agent replies after its end-of-turn hangover plus the configured delay: the latency must show it.
        Assert.All(report.ResponseLatencyMs, l => Assert.InRange(l, plan.Agent.ReplyDelayMs, plan.Agent.ReplyDelayMs + 3000));
        Assert.True(report.Rtp.Received > 500, $"received {report.Rtp.Received} RTP packets");
        Assert.Equal(0, report.Rtp.Lost);
        Assert.All(report.Assertions, a => Assert.True(a.Passed, $"{a.Name}: {a.Detail}"));
        Assert.Contains(report.Timeline, e => e.Kind == "SipMessage" && e.Text!.Contains("INVITE", StringComparison.Ordinal));

        // The recording is a stereo 8 kHz WAV as long as the call.
        var header = File.ReadAllBytes(wav).AsSpan(0, 44);
        Assert.Equal(2, BitConverter.ToInt16(header[22..24]));
        Assert.Equal(8000, BitConverter.ToInt32(header[24..28]));
        var seconds = BitConverter.ToInt32(header[40..44]) / (8000.0 * 4);
        Assert.InRange(seconds, report.DurationMs!.Value / 1000 - 1, report.DurationMs.Value / 1000 + 1);
        File.Delete(wav);

        // And it is in PostgreSQL, children included.
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("demo"));
        var calls = new CallRepository(dataSource);
        var id = await calls.InsertAsync(run.Record, timeout.Token);
        var stored = await calls.GetAsync(id, timeout.Token);
        Assert.NotNull(stored);
        Assert.Equal(report.CallId, stored.CallId);
        Assert.Equal("completed", stored.Outcome);
        Assert.Equal(report.ResponseLatencyMs, stored.LatenciesMs);
        Assert.Equal(report.Turns.Count, stored.Turns.Count);
        Assert.Equal(report.Timeline.Count, stored.Timeline.Count);
    }
}
