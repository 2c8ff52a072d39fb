using System.Reflection;

namespace EfficientAI.Telephony.Sip.Tests.Torture;

/// <summary>
/// The torture corpora in <c>shared/corpora</c> beside the repository (RFC 4475, RFC 5118). The files are read as
/// bytes, never as text: CR, trailing spaces, NUL and UTF-8 octets are what the messages test.
/// </summary>
internal static class SharedCorpora
{
    private static readonly Lazy<string> Root = new(Locate);

    public static byte[] Rfc4475(string name) => Read("rfc4475", name);

    public static byte[] Rfc5118(string name) => Read("rfc5118", name);

    /// <summary>A message named "corpus/name", as <see cref="Names"/> lists them.</summary>
    public static byte[] Read(string qualifiedName) => File.ReadAllBytes(Path.Combine(Root.Value, qualifiedName + ".dat"));

    /// <summary>Every message of a corpus, as "corpus/name", in ordinal order.</summary>
    public static IReadOnlyList<string> Names(string corpus) =>
        [.. Directory.EnumerateFiles(Path.Combine(Root.Value, corpus), "*.dat")
            .Select(f => $"{corpus}/{Path.GetFileNameWithoutExtension(f)}")
            .Order(StringComparer.Ordinal)];

    private static byte[] Read(string corpus, string name) => File.ReadAllBytes(Path.Combine(Root.Value, corpus, name + ".dat"));

    private static string Locate()
    {
        // The corpora live in <root>/shared/corpora and the repository in <root>/main: walk up from the test binaries
        // until a directory has a "shared/corpora" child. Binaries built under --artifacts-path live outside the tree,
        // so the project's own directory (stamped into the assembly at build time) is the second starting point.
        var starts = new List<string> { AppContext.BaseDirectory };
        var source = typeof(SharedCorpora).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "SourceDirectory")?.Value;
        if (source is not null)
        {
            starts.Add(source);
        }

        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "corpora");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"shared/corpora was not found above {string.Join(" or ", starts)}; the corpora must sit beside the repository");
    }
}
