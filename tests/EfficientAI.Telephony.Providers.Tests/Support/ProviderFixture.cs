using EfficientAI.Telephony.Providers.Resilience;
using EfficientAI.Telephony.TestKit.FakeProviders;

namespace EfficientAI.Telephony.Providers.Tests.Support;

/// <summary>A fresh fake provider server, an HTTP client and a quick retry policy for one test.</summary>
internal sealed class ProviderFixture : IAsyncDisposable
{
    public const string ApiKey = "sk-test-4f1c2a9be0d34c7f8a6b5e2d1c0f9a8b";

    private ProviderFixture(FakeProviderServer server)
    {
        Server = server;
    }

    public static TimeSpan TestTimeout { get; } = TimeSpan.FromSeconds(30);

    public FakeProviderServer Server { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public CapturingLoggerFactory Logs { get; } = new();

    public static ProviderResilienceOptions QuickRetries { get; } = new()
    {
        MaxAttempts = 3,
        AttemptTimeout = TimeSpan.FromSeconds(10),
        BaseDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryAfter = TimeSpan.FromSeconds(5),
    };

    public static async Task<ProviderFixture> StartAsync() =>
        new(await FakeProviderServer.StartAsync().WaitAsync(TestTimeout));

    public ProviderRetry Retry(ProviderResilienceOptions? options = null) =>
        new(options ?? QuickRetries, TimeProvider.System, Logs.CreateLogger<ProviderRetry>());

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
