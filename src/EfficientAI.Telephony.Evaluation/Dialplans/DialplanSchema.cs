using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EfficientAI.Telephony.Evaluation.Dialplans;

/// <summary>
/// The JSON Schema (draft 2020-12) of dialplans, generated from the model so it cannot drift from what the loader
/// accepts; dialplans/dialplan.schema.json is this output (a test keeps them equal), which YAML editors use for
/// completion and checks (e.g. a "# yaml-language-server: $schema=dialplan.schema.json" comment).
/// </summary>
public static class DialplanSchema
{
    public const string Id = "https://efficientai.dev/schemas/dialplan.schema.json";

    public static string Generate()
    {
        var root = ForType(typeof(Dialplan));
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = Id,
            ["title"] = "EfficientAI.Telephony dialplan",
        };
        foreach (var (key, value) in root.AsObject().ToList())
        {
            root.AsObject().Remove(key);
            schema[key] = value;
        }

        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return schema.ToJsonString(options).ReplaceLineEndings("\n") + "\n";
    }

    private static JsonNode ForType(Type type)
    {
        type = ModelShape.Underlying(type);
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(int))
        {
            return new JsonObject { ["type"] = "integer" };
        }

        if (type == typeof(double))
        {
            return new JsonObject { ["type"] = "number" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (ModelShape.IsList(type, out var element))
        {
            return new JsonObject { ["type"] = "array", ["items"] = ForType(element) };
        }

        return ForMapping(type);
    }

    private static JsonNode ForMapping(Type type)
    {
        var defaults = Activator.CreateInstance(type)!;
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var property in ModelShape.Keys(type))
        {
            var key = ModelShape.KeyOf(property);
            var node = ForType(property.PropertyType);
            Decorate(node.AsObject(), property, property.GetValue(defaults));
            properties[key] = node;
            if (property.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                required.Add(key);
            }
        }

        var mapping = new JsonObject();
        if (type.GetCustomAttribute<DescriptionAttribute>() is { } description)
        {
            mapping["description"] = description.Description;
        }

        mapping["type"] = "object";
        mapping["properties"] = properties;
        mapping["additionalProperties"] = false;
        if (required.Count > 0)
        {
            mapping["required"] = required;
        }

        if (type.GetCustomAttribute<ExactlyOneOfAttribute>() is not null)
        {
            mapping["minProperties"] = 1;
            mapping["maxProperties"] = 1;
        }

        if (type.GetCustomAttribute<ScalarShorthandAttribute>() is { } shorthand)
        {
            var scalar = new JsonObject { ["type"] = "string", ["description"] = $"shorthand for {{{JsonNamingPolicy.CamelCase.ConvertName(shorthand.Property)}: …}}" };
            var description2 = mapping["description"]?.GetValue<string>();
            mapping.Remove("description");
            var oneOf = new JsonObject();
            if (description2 is not null)
            {
                oneOf["description"] = description2;
            }

            oneOf["oneOf"] = new JsonArray(scalar, mapping);
            return oneOf;
        }

        return mapping;
    }

    private static void Decorate(JsonObject node, PropertyInfo property, object? defaultValue)
    {
        // Put the description first for readers of the file; the type keywords follow.
        if (property.GetCustomAttribute<DescriptionAttribute>() is { } description && node["oneOf"] is null)
        {
            var rest = node.ToList();
            node.Clear();
            node["description"] = description.Description;
            foreach (var (k, v) in rest)
            {
                node[k] = v;
            }
        }

        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            node["minimum"] = JsonValue.Create(Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture));
            node["maximum"] = JsonValue.Create(Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture));
        }

        if (property.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed)
        {
            node["enum"] = new JsonArray([.. allowed.Values.Select(v => JsonValue.Create($"{v}"))]);
        }

        if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } pattern)
        {
            node["pattern"] = pattern.Pattern;
        }

        switch (defaultValue)
        {
            case string s when s.Length > 0:
                node["default"] = s;
                break;
            case int i:
                node["default"] = i;
                break;
            case double d:
                node["default"] = d;
                break;
        }
    }
}
