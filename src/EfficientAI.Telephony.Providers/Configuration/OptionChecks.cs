namespace EfficientAI.Telephony.Providers.Configuration;

/// <summary>Validation helpers whose messages name the configuration key and what would be valid.</summary>
internal static class OptionChecks
{
    public static void RequireAbsoluteHttpUrl(Uri? url, string key)
    {
        if (url is null || !url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"{key} must be an absolute http(s) URL, not \"{url}\".", key);
        }
    }

    public static void RequireText(string? value, string key, string example)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{key} is required (for example \"{example}\").", key);
        }
    }

    public static void RequireKey(string? apiKey, string key)
    {
        // The message names the key's setting, never its value.
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw new ArgumentException($"{key} is required: set it from the environment or a secrets file.", key);
        }
    }

    /// <summary>A base URL with a trailing slash, so relative paths append rather than replace its last segment.</summary>
    public static Uri WithTrailingSlash(Uri url) =>
        url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
