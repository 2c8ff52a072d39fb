using System.Threading.RateLimiting;
using EfficientAI.Telephony.Host.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace EfficientAI.Telephony.Host.Api;

/// <summary>What a `serve` node does: serve the API, run queued runs, or both.</summary>
internal enum ServeRole
{
    All,
    Api,
    Worker,
}

/// <summary>Limits of the API, from the Api configuration section.</summary>
internal sealed class ApiOptions
{
    /// <summary>Requests per key (or per client address without a key) in each window.</summary>
    public int RateLimitPermits { get; set; } = 600;

    public int RateLimitWindowSeconds { get; set; } = 60;

    /// <summary>Largest request body accepted (dialplans, JSON), in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public static ApiOptions Load(IConfiguration configuration)
    {
        var options = new ApiOptions();
        configuration.GetSection("Api").Bind(options);
        if (options.RateLimitPermits < 1 || options.RateLimitWindowSeconds < 1 || options.MaxRequestBodyBytes < 1)
        {
            throw new OptionsException("Api:RateLimitPermits/RateLimitWindowSeconds/MaxRequestBodyBytes", "must be positive");
        }

        return options;
    }
}

/// <summary>Builds the `serve` web application: auth, rate limiting, ProblemDetails, OpenAPI, Scalar, endpoints.</summary>
internal static class ApiHost
{
    public static WebApplication Build(string urls, ServeRole role, Runtime runtime, ResultStore store)
    {
        var options = ApiOptions.Load(runtime.Configuration);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = HostPaths.Home, Args = [] });
        builder.Configuration.AddConfiguration(runtime.Configuration);
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

        var services = builder.Services;
        services.AddSingleton(store);
        services.AddSingleton(runtime);
        services.AddSingleton(runtime.Time);
        services.AddProblemDetails();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(ScopePolicies.Add);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetFixedWindowLimiter(
                    ScopePolicies.KeyIdOf(context.User) is { } keyId ? $"key:{keyId}" : $"ip:{context.Connection.RemoteIpAddress}",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.RateLimitPermits,
                        Window = TimeSpan.FromSeconds(options.RateLimitWindowSeconds),
                        QueueLimit = 0,
                    }));
            limiter.OnRejected = async (rejected, ct) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : options.RateLimitWindowSeconds;
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"at most {options.RateLimitPermits} requests per {options.RateLimitWindowSeconds} s per key; retry after {seconds} s",
                    },
                }).ConfigureAwait(false);
            };
        });
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "EfficientAI.Telephony admin API";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "eai_<prefix>_<secret>",
                Description = "An API key from `efficientai apikey create --scope read|run|admin`, as `Authorization: Bearer <key>` (or `X-Api-Key: <key>`). Scopes nest: admin includes run, run includes read.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [] }];
            return Task.CompletedTask;
        }));
        if (role is ServeRole.All or ServeRole.Worker)
        {
            services.AddSingleton<RunWorker>();
            services.AddHostedService(provider => provider.GetRequiredService<RunWorker>());
        }

        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapGet("/healthz", () => TypedResults.Ok(new Health("ok", "not checked", "not checked")))
            .AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();
        app.MapGet("/readyz", async (CancellationToken ct) =>
            {
                var database = await store.PingAsync(ct).ConfigureAwait(false);
                var health = new Health(database ? "ready" : "not ready", database ? "ok" : "unreachable", "not configured");
                return database ? Results.Ok(health) : Results.Json(health, statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();

        if (role is ServeRole.All or ServeRole.Api)
        {
            app.MapOpenApi().RequireAuthorization(ScopePolicies.Read);
            app.MapScalarApiReference("/docs").RequireAuthorization(ScopePolicies.Read);
            ApiEndpoints.Map(app, queueRuns: role is ServeRole.All);
        }

        return app;
    }
}
