using EfficientAI.Telephony.Storage.Calls;
using EfficientAI.Telephony.Storage.Tests.Embedded;
using EfficientAI.Telephony.TestKit.Postgres;
using Npgsql;

namespace EfficientAI.Telephony.Storage.Tests.Calls;

public sealed class CallRepositoryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;
    private string _connectionString = "";

    private CallRepository Repository => new(_dataSource!);

    public async Task InitializeAsync()
    {
        _connectionString = await postgres.CreateDatabaseAsync(nameof(CallRepositoryTests));
        _dataSource = NpgsqlDataSource.Create(_connectionString);
    }

    public async Task DisposeAsync() => await _dataSource!.DisposeAsync();

    [Fact]
    public async Task InsertAsync_ThenGetAsync_ReturnsEveryFieldAndEveryChildInOrder()
    {
        var call = CallRecords.Answered();

        var id = await Repository.InsertAsync(call, CancellationToken.None);
        var stored = await Repository.GetAsync(id, CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Equal(id, stored.Id);
        Assert.NotNull(stored.CreatedAt);
        Assert.Equal(call.Turns, stored.Turns);
        Assert.Equal(call.LatenciesMs, stored.LatenciesMs);
        Assert.Equal(call.Timeline, stored.Timeline);
        // Records compare lists by reference: with the (already compared) lists swapped in, every other
        // field must be equal. DateTimeOffset equality compares instants.
        Assert.Equal(
            call,
            stored with { Id = 0, CreatedAt = null, Turns = call.Turns, LatenciesMs = call.LatenciesMs, Timeline = call.Timeline });
    }

    [Fact]
    public async Task InsertAsync_ACallWithoutAnswerMediaOrTranscript_KeepsTheNullsAndEmptyLists()
    {
        var call = CallRecords.Busy();

        var stored = await Repository.GetAsync(await Repository.InsertAsync(call, CancellationToken.None), CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Equal(486, stored.SipStatus);
        Assert.Null(stored.AnsweredAt);
        Assert.Null(stored.EndedAt);
        Assert.Null(stored.PddMs);
        Assert.Null(stored.EndReason);
        Assert.Null(stored.RecordingPath);
        Assert.Null(stored.Dialplan);
        Assert.Empty(stored.Turns);
        Assert.Empty(stored.LatenciesMs);
        Assert.Empty(stored.Timeline);
    }

    [Fact]
    public async Task GetAsync_KeepsTheInstant_OfATimeGivenWithAnOffset()
    {
        var call = CallRecords.Busy(); // started 21:00 at UTC+2

        var stored = await Repository.GetAsync(await Repository.InsertAsync(call, CancellationToken.None), CancellationToken.None);

        Assert.Equal(new DateTimeOffset(2025, 11, 24, 19, 0, 0, TimeSpan.Zero), stored!.StartedAt);
        Assert.Equal(TimeSpan.Zero, stored.StartedAt.Offset);
    }

    [Fact]
    public async Task GetAsync_OfAnIdNeverStored_IsNull()
    {
        Assert.Null(await Repository.GetAsync(long.MaxValue, CancellationToken.None));
    }

    [Fact]
    public async Task CountAsync_CountsEveryStoredCall()
    {
        var before = await Repository.CountAsync(CancellationToken.None);

        await Repository.InsertAsync(CallRecords.Answered("count-1"), CancellationToken.None);
        await Repository.InsertAsync(CallRecords.Busy(), CancellationToken.None);

        Assert.Equal(before + 2, await Repository.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task InsertAsync_WhenAChildRowIsRejected_StoresNothingOfTheCall()
    {
        var call = CallRecords.Answered("atomic-1");
        var impossible = call with { Turns = [.. call.Turns, new CallTurnRecord("agent", 9000, 8000, "ends before it starts")] };
        var before = await Repository.CountAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<PostgresException>(() => Repository.InsertAsync(impossible, CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Equal(before, await Repository.CountAsync(CancellationToken.None));
        Assert.Equal(
            0L,
            await PostgresProbe.ScalarAsync<long>(_connectionString, "SELECT count(*) FROM calls WHERE call_id = 'atomic-1'"));
    }

    [Fact]
    public async Task DeletingACall_RemovesItsTurnsLatenciesAndTimeline()
    {
        var id = await Repository.InsertAsync(CallRecords.Answered("cascade-1"), CancellationToken.None);

        await using (var command = _dataSource!.CreateCommand($"DELETE FROM calls WHERE id = {id}"))
        {
            await command.ExecuteNonQueryAsync();
        }

        Assert.Equal(
            0L,
            await PostgresProbe.ScalarAsync<long>(
                _connectionString,
                $"""
                SELECT (SELECT count(*) FROM call_turns WHERE call_id = {id})
                     + (SELECT count(*) FROM call_latencies WHERE call_id = {id})
                     + (SELECT count(*) FROM timeline_events WHERE call_id = {id})
                """));
    }

    [Fact]
    public async Task InsertAsync_WhenCancelled_ThrowsAndStoresNothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var before = await Repository.CountAsync(CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Repository.InsertAsync(CallRecords.Answered("cancelled-1"), cancelled.Token));

        Assert.Equal(before, await Repository.CountAsync(CancellationToken.None));
    }
}
