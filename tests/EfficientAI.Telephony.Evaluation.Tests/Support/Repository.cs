using System.Runtime.CompilerServices;

namespace EfficientAI.Telephony.Evaluation.Tests.Support;

/// <summary>The checkout these tests belong to, found from this source file (builds may put binaries anywhere).</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    public static string Dialplans => Path.Combine(Root, "dialplans");

    private static string Find([CallerFilePath] string here = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(here)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EfficientAI.Telephony.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no EfficientAI.Telephony.sln above {here}");
    }
}
