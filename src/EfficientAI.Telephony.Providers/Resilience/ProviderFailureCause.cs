namespace EfficientAI.Telephony.Providers.Resilience;

/// <summary>Why a call to a speech or language provider failed.</summary>
public enum ProviderFailureCause
{
    /// <summary>No answer within the attempt's time limit.</summary>
    Timeout,

    /// <summary>HTTP 429: the account is over its rate or quota.</summary>
    RateLimited,

    /// <summary>HTTP 5xx (or 408): the provider failed.</summary>
    ServerError,

    /// <summary>The connection failed (refused, reset, DNS).</summary>
    Network,

    /// <summary>HTTP 401/403: the key is wrong or lacks the permission.</summary>
    Unauthorized,

    /// <summary>Another HTTP 4xx: the request itself is wrong (model, voice, parameters).</summary>
    Rejected,

    /// <summary>The audio returned could not be decoded (empty, truncated, wrong format).</summary>
    BadAudio,

    /// <summary>The response body was not what the API documents.</summary>
    InvalidResponse,

    /// <summary>A local model (Whisper ggml file) could not be loaded or run.</summary>
    ModelFailure,
}
