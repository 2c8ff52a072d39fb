using EfficientAI.Telephony.Storage.Calls;
using EfficientAI.Telephony.Storage.Runs;
using EfficientAI.Telephony.Storage.Tests.Calls;
using EfficientAI.Telephony.TestKit.Postgres;
using Npgsql;

namespace EfficientAI.Telephony.Storage.Tests.Runs;

public sealed class RunRepositoryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Created = new(2026, 11, 25, 1, 0, 0, TimeSpan.Zero);
    private NpgsqlDataSource? _dataSource;

    private RunRepository Runs => new(_dataSource!);

    public async Task InitializeAsync() =>
        _dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync(nameof(RunRepositoryTests)));

    public async Task DisposeAsync() => await _dataSource!.DisposeAsync();

    private static RunRecord NewRun(string name, int calls = 2) => new()
    {
        DialplanName = name,
        DialplanHash = new string('a', 64),
        DialplanYaml = "name: " + name,
        CreatedAt = Created,
        CallsTotal = calls,
    };

    [Fact]
    public async Task ARun_GoesFromQueuedToRunningToDone_CountingItsCalls()
    {
        var id = await Runs.CreateAsync(NewRun("lifecycle"), CancellationToken.None);
        Assert.Equal(RunStatus.Queued, (await Runs.GetAsync(id, CancellationToken.None))!.Status);

        RunRecord? claimed;
        do
        {
            claimed = await Runs.ClaimNextAsync(Created.AddSeconds(1), CancellationToken.None);
            Assert.NotNull(claimed);
        }
        while (claimed.Id != id);

        await Runs.CallFinishedAsync(id, passed: true, CancellationToken.None);
        await Runs.CallFinishedAsync(id, passed: false, CancellationToken.None);
        await Runs.FinishAsync(id, Created.AddSeconds(30), null, CancellationToken.None);

        var run = (await Runs.GetAsync(id, CancellationToken.None))!;
        Assert.Equal(RunStatus.Done, run.Status);
        Assert.Equal(Created.AddSeconds(1), run.StartedAt);
        Assert.Equal(Created.AddSeconds(30), run.FinishedAt);
        Assert.Equal((2, 2, 1), (run.CallsTotal, run.CallsDone, run.CallsPassed));
        Assert.Null(run.Error);
    }

    [Fact]
    public async Task FinishAsync_WithAnError_MarksTheRunFailed()
    {
        var id = await Runs.CreateAsync(NewRun("fails"), CancellationToken.None);

        await Runs.FinishAsync(id, Created, "the target did not answer", CancellationToken.None);

        var run = (await Runs.GetAsync(id, CancellationToken.None))!;
        Assert.Equal((RunStatus.Failed, "the target did not answer"), (run.Status, run.Error));
    }

    [Fact]
    public async Task ClaimNextAsync_NeverHandsTheSameRunToTwoWorkers()
    {
        var ids = new HashSet<long>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await Runs.CreateAsync(NewRun($"claim-{i}", 1), CancellationToken.None));
        }

        // Workers claim concurrently until nothing is queued; each of the runs must be handed out exactly once.
        var claimed = new List<long>();
        while (true)
        {
            var round = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Runs.ClaimNextAsync(Created, CancellationToken.None)));
            claimed.AddRange(round.Where(c => c is not null).Select(c => c!.Id));
            if (round.All(c => c is null))
            {
                break;
            }
        }

        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        Assert.Subset(claimed.ToHashSet(), ids);
        foreach (var id in ids)
        {
            Assert.Equal(RunStatus.Running, (await Runs.GetAsync(id, CancellationToken.None))!.Status);
        }
    }

    [Fact]
    public async Task ListAsync_PagesNewestFirst()
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await Runs.CreateAsync(NewRun($"page-{i}", 1), CancellationToken.None));
        }

        var first = await Runs.ListAsync(2, null, CancellationToken.None);
        var second = await Runs.ListAsync(2, first[^1].Id, CancellationToken.None);

        Assert.Equal(ids.Max(), first[0].Id);
        Assert.True(first[0].Id > first[1].Id && first[1].Id > second[0].Id && second[0].Id > second[1].Id);
    }

    [Fact]
    public async Task AttachAsync_LinksTheCallToItsRun_AndStoresAssertionsAndDocuments()
    {
        var runId = await Runs.CreateAsync(NewRun("attach", 1), CancellationToken.None);
        var callId = await new CallRepository(_dataSource!).InsertAsync(CallRecords.Answered("attach-1"), CancellationToken.None);
        var results = new CallResultRepository(_dataSource!);
        AssertionResultRecord[] assertions =
        [
            new("outcome", true, "completed", "completed", null),
            new("latency.p95", false, "1830 ms", "≤ 1500 ms", "turn 2"),
        ];

        await results.AttachAsync(callId, runId, assertions, new CallDocuments("{\"passed\": false}", "<html></html>", "<testsuites/>"), CancellationToken.None);

        Assert.Equal([callId], await Runs.CallIdsAsync(runId, CancellationToken.None));
        Assert.Equal(assertions, await results.AssertionsAsync(callId, CancellationToken.None));
        var documents = (await results.DocumentsAsync(callId, CancellationToken.None))!;
        Assert.Equal(("<html></html>", "<testsuites/>"), (documents.ReportHtml, documents.JUnitXml));
        Assert.Contains("\"passed\": false", documents.ReportJson, StringComparison.Ordinal);
        var listed = (await results.ListAsync(10, null, CancellationToken.None)).Single(c => c.Id == callId);
        Assert.Equal((runId, "attach-1"), (listed.RunId, listed.CallId));
    }
}
