using System.Globalization;
using System.Net;

namespace EfficientAI.Telephony.Providers.Resilience;

/// <summary>Turns an unsuccessful HTTP response into a classified <see cref="ProviderAttemptException"/>.</summary>
internal static class HttpFailures
{
    // Enough of an error body to say what the server complained about, not enough to flood a log.
    private const int MaxDetailCharacters = 300;

    /// <summary>Throws when <paramref name="response"/> is not 2xx; <paramref name="secret"/> is masked out of any text quoted from the body.</summary>
    public static async ValueTask EnsureSuccessAsync(HttpResponseMessage response, string? secret, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        int status = (int)response.StatusCode;
        string body = string.Empty;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            // The status says enough when the body cannot be read.
        }

        string detail = $"HTTP {status} {response.ReasonPhrase}{Quote(body, secret)}";
        ProviderFailureCause cause = response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => ProviderFailureCause.RateLimited,
            HttpStatusCode.RequestTimeout => ProviderFailureCause.ServerError,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ProviderFailureCause.Unauthorized,
            _ when status >= 500 => ProviderFailureCause.ServerError,
            _ => ProviderFailureCause.Rejected,
        };
        throw new ProviderAttemptException(cause, detail, status, RetryAfter(response, timeProvider));
    }

    /// <summary>
    /// The wait the server asked for: OpenAI's retry-after-ms (milliseconds), else RFC 9110 §10.2.3
    /// Retry-After as delay-seconds or an HTTP-date.
    /// </summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider timeProvider)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out IEnumerable<string>? values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out double ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }

            if (retryAfter.Date is { } date)
            {
                TimeSpan wait = date - timeProvider.GetUtcNow();
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return null;
    }

    /// <summary>Text from a server, shortened, with the key masked in case the server echoed it.</summary>
    public static string Quote(string body, string? secret)
    {
        body = body.Trim();
        if (body.Length == 0)
        {
            return string.Empty;
        }

        if (!string.IsNullOrEmpty(secret))
        {
            body = body.Replace(secret, "***", StringComparison.Ordinal);
        }

        if (body.Length > MaxDetailCharacters)
        {
            body = string.Concat(body.AsSpan(0, MaxDetailCharacters), "…");
        }

        return ": " + body.ReplaceLineEndings(" ");
    }
}
