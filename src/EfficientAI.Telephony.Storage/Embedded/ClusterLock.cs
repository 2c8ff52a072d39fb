namespace EfficientAI.Telephony.Storage.Embedded;

/// <summary>
/// Exclusive hold on a cluster's launcher lock file, so that processes starting or stopping the same cluster
/// at once take turns. On Unix .NET takes an advisory <c>flock</c> for <see cref="FileShare.None"/>; the kernel
/// drops it when the holder dies, so a crashed launcher never leaves the cluster locked.
/// </summary>
internal sealed class ClusterLock : IDisposable
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(50);

    private readonly FileStream _stream;

    private ClusterLock(FileStream stream) => _stream = stream;

    public static async Task<ClusterLock> AcquireAsync(
        string path,
        TimeProvider timeProvider,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        while (true)
        {
            try
            {
                return new ClusterLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (timeProvider.GetElapsedTime(started) < timeout)
            {
                await Task.Delay(RetryInterval, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new EmbeddedPostgresException(
                    $"Timed out after {timeout.TotalSeconds:0} s waiting for the cluster lock '{path}' held by another process.",
                    ex);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
