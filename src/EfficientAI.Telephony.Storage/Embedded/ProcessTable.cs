using System.Diagnostics;

namespace EfficientAI.Telephony.Storage.Embedded;

/// <summary>Questions the launcher asks the operating system about other processes.</summary>
internal static class ProcessTable
{
    private static readonly bool HasProcFs = Directory.Exists("/proc/self");

    /// <summary>True while a process with this id exists and is not a zombie waiting to be reaped.</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && !IsZombie(pid);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// True when the pid file's process is alive and is the postmaster of this very data directory. A PID in a
    /// stale file may have been reused by any process, even by a postgres of another cluster, so the name alone
    /// proves little: the postmaster changes its working directory to its data directory, and there it finds
    /// its own pid file, so on Linux we read that file through <c>/proc/&lt;pid&gt;/cwd</c> and compare.
    /// </summary>
    public static bool IsPostmasterOf(PostmasterPidFile pidFile, string dataDirectory)
    {
        if (!IsAlive(pidFile.Pid))
        {
            return false;
        }

        if (HasProcFs)
        {
            try
            {
                var theirs = PostmasterPidFile.TryParse(
                    File.ReadAllText($"/proc/{pidFile.Pid}/cwd/{PostmasterPidFile.FileName}"));
                return theirs is not null
                    && theirs.Pid == pidFile.Pid
                    && string.Equals(theirs.StartTime, pidFile.StartTime, StringComparison.Ordinal);
            }
            catch (FileNotFoundException)
            {
                return false;
            }
            catch (DirectoryNotFoundException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                // Containers without CAP_SYS_PTRACE hide other users' working directories: fall back to the name.
            }
            catch (IOException)
            {
                // The process exited while we looked, or /proc refused: fall back to the name below.
            }
        }

        return IsNamedPostgres(pidFile.Pid);
    }

    private static bool IsNamedPostgres(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.ProcessName is "postgres" or "postmaster";
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    // /proc/<pid>/stat is "pid (comm) state …"; comm may itself hold ") ", so the state follows the last one.
    private static bool IsZombie(int pid)
    {
        if (!HasProcFs)
        {
            return false;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var end = stat.LastIndexOf(") ", StringComparison.Ordinal);
            return end >= 0 && end + 2 < stat.Length && stat[end + 2] is 'Z' or 'X';
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
