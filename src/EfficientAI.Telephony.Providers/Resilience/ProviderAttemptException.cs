namespace EfficientAI.Telephony.Providers.Resilience;

/// <summary>
/// One attempt failed. <see cref="Transient"/> says whether trying again can help; <see cref="RetryAfter"/>
/// carries the server's own wish (Retry-After, retry-after-ms) when it gave one.
/// </summary>
public sealed class ProviderAttemptException : Exception
{
    public ProviderAttemptException(ProviderFailureCause cause, string message, int? statusCode = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Cause = cause;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    public ProviderAttemptException()
        : this(ProviderFailureCause.InvalidResponse, "The provider attempt failed.")
    {
    }

    public ProviderAttemptException(string message)
        : this(ProviderFailureCause.InvalidResponse, message)
    {
    }

    public ProviderAttemptException(string message, Exception innerException)
        : this(ProviderFailureCause.InvalidResponse, message, innerException: innerException)
    {
    }

    public ProviderFailureCause Cause { get; }

    public int? StatusCode { get; }

    public TimeSpan? RetryAfter { get; }

    /// <summary>Rate limits, server errors, time-outs, broken connections and undecodable audio may pass; the rest will not.</summary>
    public bool Transient => Cause is ProviderFailureCause.Timeout or ProviderFailureCause.RateLimited
        or ProviderFailureCause.ServerError or ProviderFailureCause.Network or ProviderFailureCause.BadAudio;
}
