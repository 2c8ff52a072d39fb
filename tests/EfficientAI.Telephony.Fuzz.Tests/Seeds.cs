using System.Reflection;

namespace EfficientAI.Telephony.Fuzz.Tests;

/// <summary>
/// The seed inputs found on disk: the RFC 4475/5118 torture messages in <c>shared/corpora</c> beside the repository
/// and the dialplans in <c>dialplans/</c>. Read as bytes: CR, NUL and odd octets are what the messages test.
/// </summary>
internal static class Seeds
{
    private static readonly Lazy<string> RepoRoot = new(() => LocateUp("dialplans"));

    public static IReadOnlyList<byte[]> SipMessages()
    {
        var corpora = Path.Combine(LocateUp(Path.Combine("shared", "corpora")), "shared", "corpora");
        return
        [
            .. new[] { "rfc4475", "rfc5118" }
                .SelectMany(c => Directory.EnumerateFiles(Path.Combine(corpora, c), "*.dat"))
                .Order(StringComparer.Ordinal)
                .Select(File.ReadAllBytes),
        ];
    }

    public static IReadOnlyList<string> Dialplans() =>
        [.. Directory.EnumerateFiles(Path.Combine(RepoRoot.Value, "dialplans"), "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText)];

    private static string LocateUp(string child)
    {
        var starts = new List<string> { AppContext.BaseDirectory };
        if (typeof(Seeds).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "SourceDirectory")?.Value is { } source)
        {
            starts.Add(source);
        }

        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (Directory.Exists(Path.Combine(dir.FullName, child)))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException($"{child} was not found above {string.Join(" or ", starts)}");
    }
}
