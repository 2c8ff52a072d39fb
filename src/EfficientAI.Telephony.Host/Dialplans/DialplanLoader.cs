using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EfficientAI.Telephony.Host.Dialplans;

/// <summary>A dialplan that cannot be used, with the file, line, column and reason.</summary>
public sealed class DialplanException(string message) : Exception(message);

public static class DialplanLoader
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static Dialplan Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new DialplanException($"{path}: file not found");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static Dialplan Parse(string yaml, string source)
    {
        Dialplan? plan;
        try
        {
            plan = Deserializer.Deserialize<Dialplan>(yaml);
        }
        catch (YamlException ex)
        {
            var inner = ex.InnerException?.Message ?? ex.Message;
            throw new DialplanException($"{source}:{ex.Start.Line}:{ex.Start.Column}: {FirstLine(inner)}");
        }

        if (plan is null)
        {
            throw new DialplanException($"{source}:1:1: empty dialplan");
        }

        if (plan.Persona.Lines.Count == 0)
        {
            throw new DialplanException($"{source}: persona.lines: a scripted persona needs at least one line");
        }

        if (!string.Equals(plan.Persona.Type, "scripted", StringComparison.OrdinalIgnoreCase))
        {
            throw new DialplanException($"{source}: persona.type: '{plan.Persona.Type}' is not available yet (valid: scripted)");
        }

        if (plan.Limits.MaxDurationSeconds <= 0 || plan.Limits.RingTimeoutSeconds <= 0 || plan.Limits.MaxSilenceSeconds <= 0)
        {
            throw new DialplanException($"{source}: limits: every limit must be a positive number of seconds");
        }

        if (string.IsNullOrWhiteSpace(plan.Name))
        {
            plan.Name = Path.GetFileNameWithoutExtension(source);
        }

        return plan;
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n', StringComparison.Ordinal);
        return i < 0 ? s : s[..i];
    }
}
