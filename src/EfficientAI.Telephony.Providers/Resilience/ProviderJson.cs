using System.Text.Json;

namespace EfficientAI.Telephony.Providers.Resilience;

/// <summary>Reads the few fields we need from a provider's JSON, failing as <see cref="ProviderFailureCause.InvalidResponse"/>.</summary>
internal static class ProviderJson
{
    public static JsonDocument Parse(string body, string provider)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new ProviderAttemptException(ProviderFailureCause.InvalidResponse, $"{provider} answered with something that is not JSON ({e.Message})", innerException: e);
        }
    }

    public static string ReadString(string body, string property, string provider)
    {
        using JsonDocument document = Parse(body, provider);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new ProviderAttemptException(ProviderFailureCause.InvalidResponse, $"{provider} answered without a \"{property}\" string");
    }
}
