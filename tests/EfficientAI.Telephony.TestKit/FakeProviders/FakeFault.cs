namespace EfficientAI.Telephony.TestKit.FakeProviders;

/// <summary>
/// A misbehaviour the fake server applies to the next request of a route, once: a delay before
/// answering, an error status (with Retry-After), or a 200 whose body is broken audio.
/// </summary>
public sealed record FakeFault(int StatusCode, TimeSpan Delay = default, string? RetryAfter = null, string? Body = null, byte[]? RawBody = null, string? ContentType = null)
{
    public static FakeFault RateLimited(string retryAfter) =>
        new(429, RetryAfter: retryAfter, Body: """{"error":{"message":"Rate limit reached","type":"requests"}}""");

    public static FakeFault ServerError(string? body = null) =>
        new(500, Body: body ?? """{"error":{"message":"The server had an error while processing your request."}}""");

    public static FakeFault Status(int statusCode, string? body = null) => new(statusCode, Body: body);

    /// <summary>Waits <paramref name="delay"/>, then answers normally (unless the client has gone).</summary>
    public static FakeFault Slow(TimeSpan delay) => new(200, Delay: delay);

    /// <summary>A 200 with three bytes of "PCM": not whole 16-bit samples.</summary>
    public static FakeFault TruncatedAudio() => new(200, RawBody: [1, 2, 3], ContentType: "audio/pcm");
}
