using System.Xml.Linq;

namespace EfficientAI.Telephony.IntegrationTests.Architecture;

/// <summary>The reference table of shared/ARCHITECTURE.md, checked against every project file in src/.</summary>
public sealed class ProjectReferenceTests
{
    // project → the projects it may reference (ARCHITECTURE.md, "Projects (src/) and who may reference whom")
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Sip"] = [],
        ["Media"] = [],
        ["Conversation"] = [],
        ["Calls"] = ["Sip", "Media"],
        ["Providers"] = ["Conversation"],
        ["Evaluation"] = ["Conversation"],
        ["Storage"] = ["Evaluation"],
        ["Campaigns"] = ["Calls", "Conversation", "Evaluation", "Storage"],
        ["ReferenceAgent"] = ["Calls", "Conversation"],
        ["Host"] = ["*"],
    };

    public static TheoryData<string> Projects()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(RepoRoot(), "src")))
        {
            data.Add(Path.GetFileName(dir)["EfficientAI.Telephony.".Length..]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Project_ReferencesOnlyWhatTheArchitectureTableAllows(string project)
    {
        Assert.True(Allowed.TryGetValue(project, out var allowed), $"src/EfficientAI.Telephony.{project} is not in the ARCHITECTURE.md table");
        var references = ReferencesOf(project);
        if (allowed.Contains("*"))
        {
            return;
        }

        var forbidden = references.Where(r => !allowed.Contains(r)).ToList();
        Assert.True(forbidden.Count == 0, $"{project} references {string.Join(", ", forbidden)}; allowed: [{string.Join(", ", allowed)}]");
    }

    [Fact]
    public void SipMediaAndConversation_ReferenceNoProjectOfOurs()
    {
        foreach (var independent in new[] { "Sip", "Media", "Conversation" })
        {
            Assert.Empty(ReferencesOf(independent));
        }
    }

    [Fact]
    public void ReferenceCheck_DetectsAForbiddenReference()
    {
        // The check itself must be able to fail: Calls really references Sip, which Conversation may not.
        Assert.Contains("Sip", ReferencesOf("Calls"));
        Assert.DoesNotContain("Sip", Allowed["Conversation"]);
    }

    private static List<string> ReferencesOf(string project)
    {
        var path = Path.Combine(RepoRoot(), "src", $"EfficientAI.Telephony.{project}", $"EfficientAI.Telephony.{project}.csproj");
        return [.. XDocument.Load(path).Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))
            .Select(n => n["EfficientAI.Telephony.".Length..])];
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EfficientAI.Telephony.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EfficientAI.Telephony.sln not found above " + AppContext.BaseDirectory);
    }
}
