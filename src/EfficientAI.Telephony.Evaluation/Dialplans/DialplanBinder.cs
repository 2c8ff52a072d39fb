using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EfficientAI.Telephony.Evaluation.Dialplans;

/// <summary>
/// Binds a YAML node tree onto the dialplan model, collecting every error with the position of the node that causes
/// it: unknown keys (with the nearest valid one), wrong types, values out of range, missing required keys.
/// Positions of bound values are kept by path ("steps[2].expect.regex") for the checks that follow binding.
/// </summary>
internal sealed class DialplanBinder(string source)
{
    private readonly List<DialplanError> _errors = [];

    public IReadOnlyList<DialplanError> Errors => _errors;

    /// <summary>Start of every bound node by its path, for errors found after binding.</summary>
    public Dictionary<string, Mark> Positions { get; } = new(StringComparer.Ordinal);

    public void Error(Mark at, string path, string message) =>
        _errors.Add(new DialplanError(source, (int)at.Line, (int)at.Column, path, message));

    public object? Bind(YamlNode node, Type type, string path)
    {
        Positions[path] = node.Start;
        var target = ModelShape.Underlying(type);
        if (node is YamlScalarNode { Style: ScalarStyle.Plain } s && IsNull(s.Value))
        {
            return null;
        }

        if (ModelShape.IsList(target, out var element))
        {
            if (node is not YamlSequenceNode sequence)
            {
                Error(node.Start, path, $"'{Name(path)}' must be a list, got {Kind(node)}");
                return null;
            }

            var list = (System.Collections.IList)Activator.CreateInstance(target)!;
            var i = 0;
            foreach (var item in sequence.Children)
            {
                var value = Bind(item, element, $"{path}[{i++}]");
                if (value is not null)
                {
                    list.Add(value);
                }
            }

            return list;
        }

        if (ModelShape.IsMapping(target))
        {
            return BindMapping(node, target, path);
        }

        if (node is not YamlScalarNode scalar)
        {
            Error(node.Start, path, $"'{Name(path)}' must be {ModelShape.Describe(target)}, got {Kind(node)}");
            return null;
        }

        return BindScalar(scalar, target, path);
    }

    private object? BindMapping(YamlNode node, Type type, string path)
    {
        var instance = Activator.CreateInstance(type)!;
        var keys = ModelShape.Keys(type);
        if (node is YamlScalarNode shorthandValue && type.GetCustomAttribute<ScalarShorthandAttribute>() is { } shorthand)
        {
            var property = keys.Single(p => p.Name == shorthand.Property);
            var keyPath = Join(path, ModelShape.KeyOf(property));
            Assign(instance, property, BindScalar(shorthandValue, property.PropertyType, keyPath), shorthandValue, keyPath);
            return instance;
        }

        if (node is not YamlMappingNode mapping)
        {
            Error(node.Start, path, $"'{Name(path)}' must be a mapping of keys ({string.Join(", ", keys.Select(ModelShape.KeyOf))}), got {Kind(node)}");
            return null;
        }

        var byKey = keys.ToDictionary(ModelShape.KeyOf, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!byKey.TryGetValue(key, out var property))
            {
                var nearest = KeySuggestion.Nearest(key, byKey.Keys);
                var where = path.Length == 0 ? "" : $" in '{path}'";
                Error(keyNode.Start, Join(path, key), nearest is null
                    ? $"unknown key '{key}'{where}; valid keys: {string.Join(", ", byKey.Keys)}"
                    : $"unknown key '{key}'{where}; did you mean '{nearest}'?");
                continue;
            }

            seen.Add(key);
            var keyPath = Join(path, key);
            Assign(instance, property, Bind(valueNode, property.PropertyType, keyPath), valueNode, keyPath);
        }

        foreach (var required in keys.Where(p => p.GetCustomAttribute<RequiredAttribute>() is not null))
        {
            if (!seen.Contains(ModelShape.KeyOf(required)))
            {
                Error(node.Start, Join(path, ModelShape.KeyOf(required)), $"missing required key '{ModelShape.KeyOf(required)}'{(path.Length == 0 ? "" : $" in '{path}'")}");
            }
        }

        if (type.GetCustomAttribute<ExactlyOneOfAttribute>() is not null && seen.Count != 1)
        {
            Error(node.Start, path, seen.Count == 0
                ? $"'{Name(path)}' needs one of: {string.Join(", ", byKey.Keys)}"
                : $"'{Name(path)}' has {seen.Count} actions ({string.Join(", ", seen)}); one step does exactly one thing");
        }

        return instance;
    }

    private void Assign(object instance, PropertyInfo property, object? value, YamlNode node, string path)
    {
        // An explicit null (or a value that failed to bind) keeps the default: an empty list, the default voice, no target.
        if (value is null)
        {
            return;
        }

        if (Check(property, value, node, path))
        {
            property.SetValue(instance, value);
        }
    }

    /// <summary>Range, allowed values and pattern of one bound value; false (and an error) when it breaks one.</summary>
    private bool Check(PropertyInfo property, object value, YamlNode node, string path)
    {
        if (property.GetCustomAttribute<RangeAttribute>() is { } range && !range.IsValid(value))
        {
            Error(node.Start, path, string.Create(CultureInfo.InvariantCulture,
                $"'{Name(path)}' is {Text(node)}, out of range: must be between {range.Minimum} and {range.Maximum}"));
            return false;
        }

        if (property.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed && !allowed.Values.Contains(value))
        {
            var valid = allowed.Values.Select(v => $"{v}").ToList();
            var nearest = KeySuggestion.Nearest($"{value}", valid);
            Error(node.Start, path, $"'{Name(path)}' is '{value}', not one of: {string.Join(", ", valid)}{(nearest is null ? "" : $"; did you mean '{nearest}'?")}");
            return false;
        }

        if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } pattern && !Regex.IsMatch($"{value}", pattern.Pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            Error(node.Start, path, $"'{Name(path)}' is '{value}', which does not match {pattern.Pattern}");
            return false;
        }

        return true;
    }

    private object? BindScalar(YamlScalarNode scalar, Type type, string path)
    {
        var text = scalar.Value ?? "";
        var plain = scalar.Style == ScalarStyle.Plain;
        type = ModelShape.Underlying(type);
        if (type == typeof(string))
        {
            return text;
        }

        if (type == typeof(int) && plain && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
        {
            return i;
        }

        if (type == typeof(double) && plain && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            return d;
        }

        // YAML 1.2 core schema booleans.
        if (type == typeof(bool) && plain && text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return text[0] is 't' or 'T';
        }

        if (ModelShape.IsMapping(type) || ModelShape.IsList(type, out _))
        {
            Error(scalar.Start, path, $"'{Name(path)}' must be {ModelShape.Describe(type)}, got the scalar '{text}'");
            return null;
        }

        Error(scalar.Start, path, $"'{Name(path)}' must be {ModelShape.Describe(type)}, got '{text}'");
        return null;
    }

    private static bool IsNull(string? value) => value is null or "" or "~" or "null" or "Null" or "NULL";

    private static string Kind(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "an alias",
    };

    private static string Text(YamlNode node) => (node as YamlScalarNode)?.Value ?? Kind(node);

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Name(string path) => path.Length == 0 ? "dialplan" : path;
}
