using System.Globalization;

namespace EfficientAI.Telephony.Storage.Embedded;

/// <summary>
/// Who is using a cluster: one file per <see cref="EmbeddedPostgres"/> instance named
/// <c>&lt;pid&gt;.&lt;instance&gt;</c> in the cluster's <c>users</c> folder. The server is stopped when the last
/// live user leaves; files of processes that died without leaving are swept away. Callers hold the
/// <see cref="ClusterLock"/> around every method.
/// </summary>
internal sealed class ClusterUsers(string directory)
{
    public string Register()
    {
        Directory.CreateDirectory(directory);
        var name = string.Create(
            CultureInfo.InvariantCulture,
            $"{Environment.ProcessId}.{Guid.NewGuid():N}");
        File.WriteAllText(Path.Combine(directory, name), string.Empty);
        return name;
    }

    public void Unregister(string name) => File.Delete(Path.Combine(directory, name));

    /// <summary>Removes the files of dead processes and counts the users that remain.</summary>
    public int CountLive()
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var live = 0;
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(file);
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            var pidText = dot < 0 ? name : name[..dot];
            if (int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ProcessTable.IsAlive(pid))
            {
                live++;
            }
            else
            {
                File.Delete(file);
            }
        }

        return live;
    }
}
