using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace EfficientAI.Telephony.Storage.Migrations;

/// <summary>One numbered SQL script, e.g. <c>Migrations/0001_initial.sql</c> → version 1, name "initial".</summary>
internal sealed partial record MigrationScript(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "EfficientAI.Telephony.Storage.Migrations.";

    /// <summary>The scripts embedded in this assembly, in version order.</summary>
    public static IReadOnlyList<MigrationScript> Embedded { get; } = LoadEmbedded();

    public static MigrationScript FromFileName(string fileName, string sql)
    {
        var match = FileNamePattern().Match(fileName);
        if (!match.Success)
        {
            throw new InvalidOperationException(
                $"Migration '{fileName}' must be named NNNN_description.sql (digits, underscore, lower-case words).");
        }

        return new MigrationScript(
            int.Parse(match.Groups["version"].Value, NumberStyles.None, CultureInfo.InvariantCulture),
            match.Groups["name"].Value,
            sql);
    }

    /// <summary>Orders scripts by version and rejects two scripts claiming one version.</summary>
    public static IReadOnlyList<MigrationScript> InOrder(IEnumerable<MigrationScript> scripts)
    {
        var ordered = scripts.OrderBy(script => script.Version).ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            if (ordered[i].Version == ordered[i - 1].Version)
            {
                throw new InvalidOperationException(
                    $"Migrations '{ordered[i - 1].Name}' and '{ordered[i].Name}' both claim version {ordered[i].Version}.");
            }
        }

        return ordered;
    }

    private static IReadOnlyList<MigrationScript> LoadEmbedded()
    {
        var assembly = typeof(MigrationScript).Assembly;
        return InOrder(assembly.GetManifestResourceNames()
            .Where(resource => resource.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                && resource.EndsWith(".sql", StringComparison.Ordinal))
            .Select(resource => FromFileName(resource[ResourcePrefix.Length..], Read(assembly, resource))));
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded migration '{resource}' could not be opened.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(?<version>[0-9]{4})_(?<name>[a-z0-9_]+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();
}
