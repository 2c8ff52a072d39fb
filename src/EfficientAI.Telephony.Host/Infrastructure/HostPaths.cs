namespace EfficientAI.Telephony.Host.Infrastructure;

/// <summary>Where the product keeps its files: the checkout (EFFICIENTAI_HOME, set by ./efficientai) and its data folder.</summary>
internal static class HostPaths
{
    public static string Home
    {
        get
        {
            if (Environment.GetEnvironmentVariable("EFFICIENTAI_HOME") is { Length: > 0 } home)
            {
                return home;
            }

            // Running from bin/: walk up to the folder that holds the solution.
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "EfficientAI.Telephony.sln")))
                {
                    return dir.FullName;
                }
            }

            return Directory.GetCurrentDirectory();
        }
    }

    public static string DataDirectory => Environment.GetEnvironmentVariable("EFFICIENTAI_DATA") is { Length: > 0 } data
        ? data
        : Path.Combine(Home, ".data");

    public static string Dialplan(string name) => Path.Combine(Home, "dialplans", name);
}
