using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.Storage.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace EfficientAI.Telephony.Host.Api;

/// <summary>
/// Authenticates `Authorization: Bearer eai_…` or `X-Api-Key: eai_…` against the stored key hashes. No key: no
/// result (the endpoint's policy then answers 401); an unknown or revoked key: failure (401).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    ResultStore store,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ScopeClaim = "scope";
    public const string KeyIdClaim = "key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? key = null;
        if (Request.Headers.Authorization.ToString() is { Length: > 0 } authorization)
        {
            const string bearer = "Bearer ";
            if (!authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
            {
                return AuthenticateResult.Fail("the Authorization header must be 'Bearer <API key>'");
            }

            key = authorization[bearer.Length..].Trim();
        }
        else if (Request.Headers["X-Api-Key"].ToString() is { Length: > 0 } header)
        {
            key = header.Trim();
        }

        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }

        var record = await store.ApiKeys.AuthenticateAsync(key, time.GetUtcNow(), Context.RequestAborted).ConfigureAwait(false);
        if (record is null)
        {
            return AuthenticateResult.Fail("unknown or revoked API key");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(KeyIdClaim, record.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, record.Name),
                new Claim(ScopeClaim, ApiKeyRepository.ScopeName(record.Scope)),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

/// <summary>The authorization policies, one per scope; a policy admits its scope and every larger one.</summary>
internal static class ScopePolicies
{
    public const string Read = "read";
    public const string Run = "run";
    public const string Admin = "admin";

    public static void Add(AuthorizationOptions options)
    {
        foreach (var (name, scope) in new[] { (Read, ApiKeyScope.Read), (Run, ApiKeyScope.Run), (Admin, ApiKeyScope.Admin) })
        {
            options.AddPolicy(name, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => ScopeOf(context.User) >= scope));
        }

        // Whatever has no policy of its own (unknown paths, the 415 answer to a wrong content type) still needs a key.
        options.FallbackPolicy = options.GetPolicy(Read);
    }

    public static ApiKeyScope ScopeOf(ClaimsPrincipal user) =>
        ApiKeyRepository.TryParseScope(user.FindFirst(ApiKeyAuthenticationHandler.ScopeClaim)?.Value, out var scope) ? scope : 0;

    public static long? KeyIdOf(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
