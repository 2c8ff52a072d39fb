using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace EfficientAI.Telephony.IntegrationTests.Api;

/// <summary>`efficientai serve` as a client sees it: scopes on every documented operation, a run end to end, validation, limits, secrets.</summary>
public sealed class AdminApiTests(ApiServer server) : IClassFixture<ApiServer>
{
    private static readonly string[] Scopes = ["read", "run", "admin"];

    /// <summary>The scope each operation needs; the OpenAPI document must list exactly these.</summary>
    private static readonly Dictionary<string, string> RequiredScope = new()
    {
        ["GET /api/v1/calls"] = "read",
        ["GET /api/v1/calls/{id}"] = "read",
        ["GET /api/v1/calls/{id}/timeline"] = "read",
        ["GET /api/v1/calls/{id}/report.html"] = "read",
        ["GET /api/v1/calls/{id}/junit.xml"] = "read",
        ["GET /api/v1/calls/{id}/recording"] = "read",
        ["POST /api/v1/dialplans/validate"] = "read",
        ["GET /api/v1/runs"] = "read",
        ["GET /api/v1/runs/{id}"] = "read",
        ["POST /api/v1/runs"] = "run",
        ["GET /api/v1/apikeys"] = "admin",
        ["POST /api/v1/apikeys"] = "admin",
        ["DELETE /api/v1/apikeys/{id}"] = "admin",
    };

    [Fact]
    public async Task EveryDocumentedOperation_NeedsAKey_AndItsScope()
    {
        using var documentResponse = await server.SendAsync(HttpMethod.Get, "/openapi/v1.json", "read");
        Assert.Equal(HttpStatusCode.OK, documentResponse.StatusCode);
        using var document = JsonDocument.Parse(await documentResponse.Content.ReadAsStringAsync());
        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());

        var operations = new List<(string Method, string Path)>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operations.Add((operation.Name.ToUpperInvariant(), path.Name));
            }
        }

        Assert.Equal(RequiredScope.Keys.Order(), operations.Select(o => $"{o.Method} {o.Path}").Order());
        foreach (var (method, path) in operations)
        {
            var required = Array.IndexOf(Scopes, RequiredScope[$"{method} {path}"]);
            var concrete = path.Replace("{id}", "999999", StringComparison.Ordinal);
            using (var anonymous = await server.SendAsync(new HttpMethod(method), concrete, null, Body(method)))
            {
                Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} without a key: {anonymous.StatusCode}");
                Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
            }

            for (var held = 0; held < Scopes.Length; held++)
            {
                using var response = await server.SendAsync(new HttpMethod(method), concrete, Scopes[held], Body(method));
                if (held < required)
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} with a {Scopes[held]} key: {response.StatusCode}");
                }
                else
                {
                    Assert.True(
                        response.StatusCode is not HttpStatusCode.Unauthorized and not HttpStatusCode.Forbidden,
                        $"{method} {path} with a {Scopes[held]} key: {response.StatusCode}");
                }
            }
        }

        foreach (var undocumented in new[] { "/openapi/v1.json", "/docs" })
        {
            using var response = await server.SendAsync(HttpMethod.Get, undocumented, null);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var wrongKey = server.Request(HttpMethod.Get, "/api/v1/calls", null);
        wrongKey.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Keys["admin"][..^2] + "xx");
        using var rejected = await server.Client.SendAsync(wrongKey);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);

        using var health = await server.SendAsync(HttpMethod.Get, "/healthz", null);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var readiness = await server.SendAsync(HttpMethod.Get, "/readyz", null);
        Assert.Contains("\"database\":\"ok\"", await readiness.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADemoRun_QueuedThroughTheApi_CompletesAndServesItsCall()
    {
        using var created = await server.SendAsync(HttpMethod.Post, "/api/v1/runs", "run", Json("""{"dialplan":"demo"}"""));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var location = created.Headers.Location!.ToString();
        Assert.Matches("^/api/v1/runs/[0-9]+$", location);

        JsonElement run = default;
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (DateTime.UtcNow < deadline)
        {
            using var polled = await server.SendAsync(HttpMethod.Get, location, "read");
            Assert.Equal(HttpStatusCode.OK, polled.StatusCode);
            run = JsonDocument.Parse(await polled.Content.ReadAsStringAsync()).RootElement.Clone();
            if (run.GetProperty("status").GetString() is "done" or "failed")
            {
                break;
            }

            await Task.Delay(1000);
        }

        Assert.True(run.GetProperty("status").GetString() == "done", $"run: {run}\n{server.Log}");
        Assert.Equal(1, run.GetProperty("progress").GetProperty("total").GetInt32());
        Assert.Equal(1, run.GetProperty("progress").GetProperty("done").GetInt32());
        Assert.Equal("demo", run.GetProperty("dialplan").GetString());
        Assert.Equal(64, run.GetProperty("dialplanSha256").GetString()!.Length);
        var callId = Assert.Single(run.GetProperty("callIds").EnumerateArray()).GetInt64();

        using var detailResponse = await server.SendAsync(HttpMethod.Get, $"/api/v1/calls/{callId}", "read");
        var detail = JsonDocument.Parse(await detailResponse.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(run.GetProperty("id").GetInt64(), detail.GetProperty("runId").GetInt64());
        Assert.Equal(200, detail.GetProperty("sipStatus").GetInt32());
        Assert.True(detail.GetProperty("turns").GetArrayLength() >= 3, detail.ToString());
        Assert.True(detail.GetProperty("latenciesMs").GetArrayLength() >= 1, detail.ToString());
        Assert.Contains(detail.GetProperty("assertions").EnumerateArray(), a => a.GetProperty("name").GetString()!.StartsWith("outcome", StringComparison.Ordinal));

        using var timeline = await server.SendAsync(HttpMethod.Get, $"/api/v1/calls/{callId}/timeline", "read");
        Assert.True(JsonDocument.Parse(await timeline.Content.ReadAsStringAsync()).RootElement.GetArrayLength() > 0);

        using var html = await server.SendAsync(HttpMethod.Get, $"/api/v1/calls/{callId}/report.html", "read");
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await html.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        using var junit = await server.SendAsync(HttpMethod.Get, $"/api/v1/calls/{callId}/junit.xml", "read");
        Assert.Contains("<testsuite", await junit.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var whole = await server.SendAsync(HttpMethod.Get, $"/api/v1/calls/{callId}/recording", "read");
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        var wav = await whole.Content.ReadAsByteArrayAsync();
        Assert.Equal("RIFF"u8.ToArray(), wav[..4]);
        using var ranged = server.Request(HttpMethod.Get, $"/api/v1/calls/{callId}/recording", "read");
        ranged.Headers.Range = new RangeHeaderValue(1000, 1099);
        using var part = await server.Client.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal($"bytes 1000-1099/{wav.Length}", part.Content.Headers.ContentRange!.ToString());
        Assert.Equal(wav[1000..1100], await part.Content.ReadAsByteArrayAsync());

        using var list = await server.SendAsync(HttpMethod.Get, "/api/v1/calls?limit=1", "read");
        var page = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(callId, Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task DialplanValidation_ListsEveryErrorWithLineColumnAndField()
    {
        const string yaml = "name: broken\ntarget: reference-agent\npersona:\n  type: bogus\n";

        using var response = await server.SendAsync(HttpMethod.Post, "/api/v1/dialplans/validate", "read", new StringContent(yaml, Encoding.UTF8, "application/yaml"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").EnumerateArray().ToList();
        var type = Assert.Single(errors, e => e.GetProperty("field").GetString() == "persona.type");
        Assert.Equal((4, 9), (type.GetProperty("line").GetInt32(), type.GetProperty("column").GetInt32()));
        Assert.Contains("bogus", type.GetProperty("message").GetString(), StringComparison.Ordinal);

        using var valid = await server.SendAsync(HttpMethod.Post, "/api/v1/dialplans/validate", "read", new StringContent(File.ReadAllText(Path.Combine(ApiServer.RepoRoot(), "dialplans", "demo.yaml")), Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
    }

    [Fact]
    public async Task InvalidRequests_AnswerProblemDetailsNamingTheField()
    {
        using var key = await server.SendAsync(HttpMethod.Post, "/api/v1/apikeys", "admin", Json("""{"name":" ","scope":"root"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, key.StatusCode);
        var errors = JsonDocument.Parse(await key.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains("read, run or admin", errors.GetProperty("scope")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("name", out _));

        using var page = await server.SendAsync(HttpMethod.Get, "/api/v1/runs?limit=0", "read");
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.True(JsonDocument.Parse(await page.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("limit", out _));

        using var run = await server.SendAsync(HttpMethod.Post, "/api/v1/runs", "run", Json("""{"dialplan":"../etc/passwd"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, run.StatusCode);
        Assert.True(JsonDocument.Parse(await run.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("dialplan", out _));

        using var missing = await server.SendAsync(HttpMethod.Get, "/api/v1/runs/999999", "read");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        // Bodies over Api:MaxRequestBodyBytes (1 MiB by default) are refused.
        using var huge = await server.SendAsync(HttpMethod.Post, "/api/v1/dialplans/validate", "read", new StringContent(new string('#', 2 * 1024 * 1024), Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    [Fact]
    public async Task AKeyOverItsRateLimit_Gets429WithRetryAfter_AndARevokedKeyStopsWorking()
    {
        using var created = await server.SendAsync(HttpMethod.Post, "/api/v1/apikeys", "admin", Json("""{"name":"limited","scope":"read"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var key = body.GetProperty("key").GetString()!;
        var id = body.GetProperty("apiKey").GetProperty("id").GetInt64();

        HttpResponseMessage? limited = null;
        for (var i = 0; i <= ApiServer.RateLimitPermits && limited is null; i++)
        {
            using var request = server.Request(HttpMethod.Get, "/api/v1/runs?limit=1", null);
            request.Headers.Add("X-Api-Key", key);
            var response = await server.Client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, limited.Headers.ToString());
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        limited.Dispose();

        // Other keys have their own window.
        using (var other = await server.SendAsync(HttpMethod.Get, "/api/v1/runs?limit=1", "read"))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        using var revoked = await server.SendAsync(HttpMethod.Delete, $"/api/v1/apikeys/{id}", "admin");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using var after = server.Request(HttpMethod.Get, "/api/v1/runs?limit=1", null);
        after.Headers.Add("X-Api-Key", key);
        using var refused = await server.Client.SendAsync(after);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Secrets_NeverAppearInResponsesOrTheLog()
    {
        foreach (var path in new[] { "/api/v1/apikeys", "/api/v1/calls", "/api/v1/runs", "/openapi/v1.json", "/readyz", "/healthz" })
        {
            using var response = await server.SendAsync(HttpMethod.Get, path, "admin");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var keys = await server.SendAsync(HttpMethod.Get, "/api/v1/apikeys", "admin");
        var listed = JsonDocument.Parse(await keys.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
        Assert.Contains(listed, k => k.GetProperty("name").GetString() == "test-admin");

        string[] bodies;
        lock (server.ResponseBodies)
        {
            bodies = [.. server.ResponseBodies];
        }

        var secrets = server.Keys.Values.Select(k => k[21..]).Append(server.SipPassword).ToList();
        var log = server.Log;
        Assert.Contains("serving", log, StringComparison.Ordinal);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(bodies, b => b.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static StringContent? Body(string method) => method is "POST" ? Json("{}") : null;
}
