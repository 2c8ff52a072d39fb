using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace EfficientAI.Telephony.Providers.Resilience;

/// <summary>
/// Runs one provider operation with the limits of <see cref="ProviderResilienceOptions"/>: a time
/// limit per attempt, retries of transient failures with exponential back-off (or the server's
/// Retry-After), and a <see cref="ProviderFailureException"/> naming the cause when it gives up.
/// Each attempt builds its own request, so nothing half-sent is ever re-sent.
/// </summary>
public sealed class ProviderRetry
{
    private readonly ProviderResilienceOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger _logger;

    public ProviderRetry(ProviderResilienceOptions options, TimeProvider timeProvider, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _options = options;
        ILogger log = logger ?? NullLogger.Instance;
        _logger = log;

        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.BaseDelay,
                // Deterministic back-off: the tests and the timeline should see the same delays every run.
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(IsRetryable(args.Outcome.Exception)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is ProviderAttemptException { RetryAfter: { } wanted } ? (TimeSpan?)wanted : null),
                OnRetry = args =>
                {
                    ProviderLog.Retrying(log, args.Context.OperationKey ?? "provider", args.AttemptNumber + 1, CauseOf(args.Outcome.Exception), args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddTimeout(options.AttemptTimeout);
        _pipeline = builder.Build();
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> until it succeeds, fails for good or runs out of attempts.
    /// The attempt throws <see cref="ProviderAttemptException"/> to report a classified failure;
    /// <see cref="HttpRequestException"/> counts as a network failure.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(string provider, string operation, Func<CancellationToken, ValueTask<T>> attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var attemptsBox = new StrongBox();
        ResilienceContext context = ResilienceContextPool.Shared.Get($"{provider} {operation}", cancellationToken);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    Interlocked.Increment(ref state.Attempts.Value);
                    try
                    {
                        return await state.Attempt(ctx.CancellationToken).ConfigureAwait(false);
                    }
                    catch (HttpRequestException e)
                    {
                        throw new ProviderAttemptException(ProviderFailureCause.Network, $"the connection failed: {e.HttpRequestError}", innerException: e);
                    }
                    catch (OperationCanceledException e) when (!ctx.CancellationToken.IsCancellationRequested && !state.Outer.IsCancellationRequested)
                    {
                        // HttpClient.Timeout fired: the client's own limit, not ours nor the caller's.
                        throw new ProviderAttemptException(ProviderFailureCause.Timeout, "the HTTP client timed out", innerException: e);
                    }
                },
                context,
                (Attempt: attempt, Attempts: attemptsBox, Outer: cancellationToken)).ConfigureAwait(false);
        }
        catch (ProviderAttemptException e)
        {
            throw Fail(e.Cause, e.StatusCode, e.Message, e);
        }
        catch (TimeoutRejectedException e)
        {
            throw Fail(ProviderFailureCause.Timeout, null, $"no response within {_options.AttemptTimeout.TotalSeconds:0.###} s", e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        ProviderFailureException Fail(ProviderFailureCause cause, int? status, string detail, Exception inner)
        {
            var failure = new ProviderFailureException(provider, operation, cause, Volatile.Read(ref attemptsBox.Value), status, detail, inner);
            ProviderLog.GaveUp(_logger, provider, operation, cause, failure.Attempts, status ?? 0);
            return failure;
        }
    }

    private bool IsRetryable(Exception? exception) => exception switch
    {
        ProviderAttemptException { RetryAfter: { } wanted } when wanted > _options.MaxRetryAfter => false,
        ProviderAttemptException e => e.Transient,
        TimeoutRejectedException => true,
        _ => false,
    };

    private static string CauseOf(Exception? exception) => exception switch
    {
        ProviderAttemptException e => e.StatusCode is { } status ? $"{e.Cause} (HTTP {status})" : e.Cause.ToString(),
        TimeoutRejectedException => nameof(ProviderFailureCause.Timeout),
        null => "none",
        _ => exception.GetType().Name,
    };

    private sealed class StrongBox
    {
        public int Value;
    }
}
