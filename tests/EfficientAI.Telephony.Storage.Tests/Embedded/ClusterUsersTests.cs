using System.Diagnostics;
using EfficientAI.Telephony.Storage.Embedded;

namespace EfficientAI.Telephony.Storage.Tests.Embedded;

public sealed class ClusterUsersTests
{
    [Fact]
    public void CountLive_CountsRegisteredUsersOfLiveProcesses()
    {
        using var folder = new ScratchFolder("users");
        var users = new ClusterUsers(folder.Combine("users"));

        var first = users.Register();
        users.Register();

        Assert.Equal(2, users.CountLive());
        users.Unregister(first);
        Assert.Equal(1, users.CountLive());
    }

    [Fact]
    public async Task CountLive_SweepsAwayUsersWhoseProcessDied()
    {
        using var folder = new ScratchFolder("users-dead");
        var directory = folder.Combine("users");
        var users = new ClusterUsers(directory);
        users.Register();
        using var exited = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await exited.WaitForExitAsync();
        var orphan = Path.Combine(directory, $"{exited.Id}.0123456789abcdef");
        await File.WriteAllTextAsync(orphan, string.Empty);

        Assert.Equal(1, users.CountLive());
        Assert.False(File.Exists(orphan));
    }

    [Fact]
    public void CountLive_WithNoRegistry_IsZero()
    {
        using var folder = new ScratchFolder("users-none");

        Assert.Equal(0, new ClusterUsers(folder.Combine("users")).CountLive());
    }
}
