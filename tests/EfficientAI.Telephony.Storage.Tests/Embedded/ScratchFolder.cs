namespace EfficientAI.Telephony.Storage.Tests.Embedded;

/// <summary>A folder of its own under the temp directory, deleted when the test is done.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public ScratchFolder(string purpose)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"efficientai-storage-tests-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
