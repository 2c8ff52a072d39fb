namespace EfficientAI.Telephony.Providers.Resilience;

/// <summary>
/// A provider operation failed for good: the cause, how many attempts were made and the last
/// status code, so the call can end with a recorded cause. The message never holds a key.
/// </summary>
public sealed class ProviderFailureException : Exception
{
    public ProviderFailureException(string provider, string operation, ProviderFailureCause cause, int attempts, int? statusCode, string detail, Exception? innerException = null)
        : base(FormatMessage(provider, operation, cause, attempts, statusCode, detail), innerException)
    {
        Provider = provider;
        Operation = operation;
        Cause = cause;
        Attempts = attempts;
        StatusCode = statusCode;
        Detail = detail;
    }

    public ProviderFailureException()
        : this("unknown", "unknown", ProviderFailureCause.InvalidResponse, 0, null, "no detail")
    {
    }

    public ProviderFailureException(string message)
        : this("unknown", "unknown", ProviderFailureCause.InvalidResponse, 0, null, message)
    {
    }

    public ProviderFailureException(string message, Exception innerException)
        : this("unknown", "unknown", ProviderFailureCause.InvalidResponse, 0, null, message, innerException)
    {
    }

    /// <summary>"openai", "azure", "deepgram", "whisper".</summary>
    public string Provider { get; }

    /// <summary>"transcribe", "synthesize", "chat".</summary>
    public string Operation { get; }

    public ProviderFailureCause Cause { get; }

    public int Attempts { get; }

    public int? StatusCode { get; }

    /// <summary>What the last attempt reported, in words.</summary>
    public string Detail { get; }

    private static string FormatMessage(string provider, string operation, ProviderFailureCause cause, int attempts, int? statusCode, string detail) =>
        $"{provider} {operation} failed ({cause}{(statusCode is { } s ? $", HTTP {s}" : string.Empty)}) after {attempts} attempt{(attempts == 1 ? string.Empty : "s")}: {detail}";
}
