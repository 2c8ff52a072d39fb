using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace EfficientAI.Telephony.Evaluation.Dialplans;

/// <summary>
/// The shape of the dialplan model as the YAML binder and the schema generator both see it, so the file users edit,
/// the checks that reject it and the schema their editor shows cannot drift apart.
/// </summary>
internal static class ModelShape
{
    public static string KeyOf(PropertyInfo property) => JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    /// <summary>The settable properties that are YAML keys, in declaration order.</summary>
    public static IReadOnlyList<PropertyInfo> Keys(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetSetMethod() is not null).OrderBy(p => p.MetadataToken)];

    public static Type Underlying(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    public static bool IsList(Type type, out Type element)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            element = type.GetGenericArguments()[0];
            return true;
        }

        element = typeof(object);
        return false;
    }

    public static bool IsMapping(Type type) => type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type);

    /// <summary>How a value of this type is named in error messages.</summary>
    public static string Describe(Type type)
    {
        type = Underlying(type);
        if (type == typeof(string))
        {
            return "a string";
        }

        if (type == typeof(int))
        {
            return "an integer";
        }

        if (type == typeof(double))
        {
            return "a number";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        return IsList(type, out _) ? "a list" : "a mapping";
    }
}
