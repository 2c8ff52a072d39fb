using EfficientAI.Telephony.Storage.Embedded;

namespace EfficientAI.Telephony.Storage.Tests.Embedded;

public sealed class PostgresBinariesTests
{
    private const string NoPgConfig = "/nonexistent/pg_config";

    [Fact]
    public async Task LocateAsync_WithoutPgConfig_PicksTheNewestCompleteDebianVersion()
    {
        using var debian = new ScratchFolder("debian");
        MakeBin(debian, "9.6", "initdb", "pg_ctl", "postgres");
        MakeBin(debian, "13", "initdb", "pg_ctl", "postgres");
        MakeBin(debian, "15", "initdb", "pg_ctl", "postgres");
        MakeBin(debian, "16", "initdb", "pg_ctl"); // client-only install: no server
        Directory.CreateDirectory(debian.Combine("common"));

        var binaries = await PostgresBinaries.LocateAsync(null, NoPgConfig, debian.Path, CancellationToken.None);

        Assert.Equal(debian.Combine("15", "bin"), binaries.BinDirectory);
        Assert.Equal(debian.Combine("15", "bin", "pg_ctl"), binaries.PgCtl);
    }

    [Fact]
    public async Task LocateAsync_WithNoServerAnywhere_SaysHowToInstallIt()
    {
        using var empty = new ScratchFolder("nodebian");

        var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(
            () => PostgresBinaries.LocateAsync(null, NoPgConfig, empty.Combine("missing"), CancellationToken.None));

        Assert.Equal("PostgreSQL server binaries not found; install with apt-get install postgresql", error.Message);
    }

    [Fact]
    public async Task LocateAsync_OnThisMachine_FindsAServerWithAllThreePrograms()
    {
        var binaries = await PostgresBinaries.LocateAsync(null, CancellationToken.None);

        Assert.True(File.Exists(binaries.InitDb));
        Assert.True(File.Exists(binaries.PgCtl));
        Assert.True(File.Exists(binaries.Postgres));
    }

    private static void MakeBin(ScratchFolder root, string version, params string[] programs)
    {
        var bin = root.Combine(version, "bin");
        Directory.CreateDirectory(bin);
        foreach (var program in programs)
        {
            File.WriteAllText(Path.Combine(bin, program), "#!/bin/sh\n");
        }
    }
}
