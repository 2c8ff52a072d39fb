using EfficientAI.Telephony.Storage.Embedded;

namespace EfficientAI.Telephony.Storage.Tests.Embedded;

public sealed class PostmasterPidFileTests
{
    // Copied from a PostgreSQL 15 server that was up and accepting connections.
    private const string ReadyServer =
        "48213\n/var/tmp/efficientai-postgres-3f2a/pgdata\n1732476123\n41557\n/var/tmp/efficientai-postgres-3f2a/run\n127.0.0.1\n  5432001     32769\nready   \n";

    [Fact]
    public void TryParse_AReadyServersFile_ReadsPidStartTimePortAndStatus()
    {
        var file = PostmasterPidFile.TryParse(ReadyServer);

        Assert.NotNull(file);
        Assert.Equal(48213, file.Pid);
        Assert.Equal("1732476123", file.StartTime);
        Assert.Equal(41557, file.Port);
        Assert.True(file.IsReady);
    }

    [Fact]
    public void TryParse_AFileStillBeingWritten_HasThePidButIsNotReady()
    {
        // The postmaster writes the first five lines at once and the rest while it starts.
        var file = PostmasterPidFile.TryParse("48213\n/pgdata\n1732476123\n41557\n\n");

        Assert.NotNull(file);
        Assert.Equal(41557, file.Port);
        Assert.Null(file.Status);
        Assert.False(file.IsReady);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("not-a-pid\n/pgdata\n")]
    [InlineData("-12\n/pgdata\n")]
    public void TryParse_WithoutAPid_IsNull(string text) => Assert.Null(PostmasterPidFile.TryParse(text));

    [Fact]
    public async Task IsPostmasterOf_ThisTestProcess_IsFalseThoughItIsAlive()
    {
        using var folder = new ScratchFolder("pidfile");
        var file = new PostmasterPidFile(Environment.ProcessId, "1732476123", 5432, "ready");
        await File.WriteAllTextAsync(PostmasterPidFile.PathIn(folder.Path), $"{Environment.ProcessId}\n{folder.Path}\n1732476123\n5432\n");

        Assert.True(ProcessTable.IsAlive(Environment.ProcessId));
        Assert.False(ProcessTable.IsPostmasterOf(file, folder.Path));
    }
}
