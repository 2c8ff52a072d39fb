using System.Globalization;

namespace EfficientAI.Telephony.Storage.Embedded;

/// <summary>
/// The <c>postmaster.pid</c> lock file a running server keeps in its data directory. Its lines are, in order:
/// PID, data directory, start time (epoch seconds), port, first socket directory, first listen address,
/// shared memory key and status ("starting", "stopping", "ready", "standby"); see PostgreSQL's
/// src/include/utils/pidfile.h. The server writes the lines progressively while it starts.
/// </summary>
internal sealed record PostmasterPidFile(int Pid, string? StartTime, int? Port, string? Status)
{
    public const string FileName = "postmaster.pid";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>Reads the pid file of a data directory; null when there is none or it holds no PID yet.</summary>
    public static PostmasterPidFile? TryRead(string dataDirectory)
    {
        string text;
        try
        {
            text = File.ReadAllText(PathIn(dataDirectory));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        return TryParse(text);
    }

    public static PostmasterPidFile? TryParse(string text)
    {
        var lines = text.Split('\n');
        if (!int.TryParse(lines[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 0)
        {
            return null;
        }

        string? Line(int index) => lines.Length > index && lines[index].Trim().Length > 0 ? lines[index].Trim() : null;

        int? port = int.TryParse(Line(3), NumberStyles.None, CultureInfo.InvariantCulture, out var parsedPort)
            ? parsedPort
            : null;
        return new PostmasterPidFile(pid, Line(2), port, Line(7));
    }

    public bool IsReady => string.Equals(Status, "ready", StringComparison.Ordinal);
}
