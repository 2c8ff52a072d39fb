using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EfficientAI.Telephony.Evaluation.Dialplans;
using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.Storage.ApiKeys;
using EfficientAI.Telephony.Storage.Calls;
using EfficientAI.Telephony.Storage.Runs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EfficientAI.Telephony.Host.Api;

/// <summary>The resources under /api/v1 with the scope each needs.</summary>
internal static class ApiEndpoints
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 200;

    public static void Map(IEndpointRouteBuilder app, bool queueRuns)
    {
        var api = app.MapGroup("/api/v1");

        var calls = api.MapGroup("/calls").WithTags("Calls").RequireAuthorization(ScopePolicies.Read);
        calls.MapGet("/", ListCallsAsync).WithName("ListCalls").WithSummary("Stored calls, newest first");
        calls.MapGet("/{id:long}", GetCallAsync).WithName("GetCall").WithSummary("A call with its turns, latencies and assertion results");
        calls.MapGet("/{id:long}/timeline", GetTimelineAsync).WithName("GetCallTimeline").WithSummary("Every event of the call on its media clock");
        calls.MapGet("/{id:long}/report.html", GetHtmlReportAsync).WithName("GetCallHtmlReport").WithSummary("The call's HTML report").Produces<string>(200, "text/html");
        calls.MapGet("/{id:long}/junit.xml", GetJUnitAsync).WithName("GetCallJUnit").WithSummary("The call's assertions as JUnit XML").Produces<string>(200, "application/xml");
        calls.MapGet("/{id:long}/recording", GetRecordingAsync).WithName("GetCallRecording").WithSummary("The stereo WAV recording (caller left, agent right); supports Range requests").Produces(200, contentType: "audio/wav").Produces(206, contentType: "audio/wav");

        api.MapPost("/dialplans/validate", ValidateDialplanAsync)
            .WithTags("Dialplans")
            .WithName("ValidateDialplan")
            .WithSummary("Validate a dialplan YAML (request body); 422 lists each error with line, column and field")
            .Accepts<string>("application/yaml", "text/plain")
            .RequireAuthorization(ScopePolicies.Read);

        var runs = api.MapGroup("/runs").WithTags("Runs");
        runs.MapGet("/", ListRunsAsync).WithName("ListRuns").WithSummary("Runs, newest first").RequireAuthorization(ScopePolicies.Read);
        runs.MapGet("/{id:long}", GetRunAsync).WithName("GetRun").WithSummary("A run's status, progress and calls").RequireAuthorization(ScopePolicies.Read);
        var create = runs.MapPost("/", CreateRunAsync).WithName("CreateRun")
            .WithSummary("Queue a run of a dialplan (by name from dialplans/ or as YAML); calls the reference agent unless target is given")
            .RequireAuthorization(ScopePolicies.Run);
        if (!queueRuns)
        {
            create.WithDescription("This node serves the API only; runs are placed by a node started with --role worker or all.");
        }

        var keys = api.MapGroup("/apikeys").WithTags("API keys").RequireAuthorization(ScopePolicies.Admin);
        keys.MapGet("/", ListKeysAsync).WithName("ListApiKeys").WithSummary("Every key (never its secret)");
        keys.MapPost("/", CreateKeyAsync).WithName("CreateApiKey").WithSummary("Create a key; the key is in this answer only");
        keys.MapDelete("/{id:long}", RevokeKeyAsync).WithName("RevokeApiKey").WithSummary("Revoke a key");
    }

    private static async Task<Results<Ok<Page<CallListItem>>, ValidationProblem>> ListCallsAsync(ResultStore store, int? limit, string? cursor, CancellationToken ct)
    {
        if (!TryPage(limit, cursor, out var take, out var before, out var problem))
        {
            return problem;
        }

        var rows = await store.CallResults.ListAsync(take, before, ct);
        var items = rows.Select(c => new CallListItem(c.Id, c.RunId, c.CallId, c.Target, c.Outcome, c.SipStatus, c.StartedAt, c.Dialplan, c.RecordingPath is not null)).ToList();
        return TypedResults.Ok(new Page<CallListItem>(items, items.Count == take ? items[^1].Id.ToString(CultureInfo.InvariantCulture) : null));
    }

    private static async Task<Results<Ok<CallDetail>, ProblemHttpResult>> GetCallAsync(ResultStore store, long id, CancellationToken ct)
    {
        var call = await store.Calls.GetAsync(id, ct);
        if (call is null)
        {
            return CallNotFound(id);
        }

        var assertions = await store.CallResults.AssertionsAsync(id, ct);
        var runId = (await store.CallResults.ListAsync(1, id + 1, ct)).FirstOrDefault(c => c.Id == id)?.RunId;
        return TypedResults.Ok(new CallDetail(
            id,
            runId,
            call.CallId,
            call.Target,
            call.Direction,
            call.Outcome,
            call.SipStatus,
            call.StartedAt,
            call.AnsweredAt,
            call.EndedAt,
            call.PddMs,
            call.EndReason,
            call.Dialplan,
            new RtpCounters(call.RtpSent, call.RtpReceived, call.RtpLost, call.RtpJitterMs, call.LateFrames),
            call.Turns,
            call.LatenciesMs,
            assertions,
            assertions.Count == 0 ? null : assertions.All(a => a.Passed),
            RecordingExists(call)));
    }

    private static async Task<Results<Ok<IReadOnlyList<TimelineEventRecord>>, ProblemHttpResult>> GetTimelineAsync(ResultStore store, long id, CancellationToken ct) =>
        await store.Calls.GetAsync(id, ct) is { } call ? TypedResults.Ok(call.Timeline) : CallNotFound(id);

    private static async Task<IResult> GetHtmlReportAsync(ResultStore store, long id, CancellationToken ct) =>
        await store.CallResults.DocumentsAsync(id, ct) is { } documents
            ? TypedResults.Content(documents.ReportHtml, "text/html; charset=utf-8")
            : DocumentsNotFound(id);

    private static async Task<IResult> GetJUnitAsync(ResultStore store, long id, CancellationToken ct) =>
        await store.CallResults.DocumentsAsync(id, ct) is { } documents
            ? TypedResults.Content(documents.JUnitXml, "application/xml; charset=utf-8")
            : DocumentsNotFound(id);

    private static async Task<IResult> GetRecordingAsync(ResultStore store, long id, CancellationToken ct)
    {
        var call = await store.Calls.GetAsync(id, ct);
        if (call is null)
        {
            return CallNotFound(id);
        }

        return RecordingExists(call)
            ? TypedResults.PhysicalFile(call.RecordingPath!, "audio/wav", $"call-{id}.wav", enableRangeProcessing: true)
            : TypedResults.Problem(statusCode: 404, title: "No recording", detail: $"call {id} has no recording on this node");
    }

    private static async Task<IResult> ValidateDialplanAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var yaml = await reader.ReadToEndAsync(ct);
        var result = DialplanLoader.Check(yaml, "request body");
        if (result.IsValid)
        {
            var plan = result.Plan!;
            return TypedResults.Ok(new DialplanValid(plan.Name, plan.Target?.ToString() ?? TargetSpec.ReferenceAgent, plan.ScriptLines().Count, plan.Repeat));
        }

        return DialplanProblemResult(result.Errors);
    }

    private static async Task<IResult> CreateRunAsync(CreateRunRequest request, HttpContext context, ResultStore store, IServiceProvider services, CancellationToken ct)
    {
        string name;
        string yaml;
        if (request.Yaml is { Length: > 0 } inline)
        {
            if (request.Dialplan is not null)
            {
                return Validation("dialplan", "give either dialplan (a name from dialplans/) or yaml, not both");
            }

            yaml = inline;
            name = "";
        }
        else if (request.Dialplan is { Length: > 0 } requested)
        {
            if (!requested.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return Validation("dialplan", "a dialplan name has only letters, digits, '-' and '_' (e.g. demo for dialplans/demo.yaml)");
            }

            var path = HostPaths.Dialplan(requested + ".yaml");
            if (!File.Exists(path))
            {
                return Validation("dialplan", $"there is no dialplans/{requested}.yaml");
            }

            yaml = await File.ReadAllTextAsync(path, ct);
            name = requested;
        }
        else
        {
            return Validation("dialplan", "give dialplan (a name from dialplans/) or yaml (the dialplan itself)");
        }

        if (request.Target is { } target && !Sip.Messages.SipUri.TryParse(target, out _, out var uriError))
        {
            return Validation("target", $"'{target}' is not a SIP URI ({uriError})");
        }

        var check = DialplanLoader.Check(yaml, name.Length > 0 ? $"dialplans/{name}.yaml" : "yaml");
        if (!check.IsValid)
        {
            return DialplanProblemResult(check.Errors);
        }

        var plan = check.Plan!;
        var time = services.GetRequiredService<TimeProvider>();
        var id = await store.Runs.CreateAsync(
            new RunRecord
            {
                DialplanName = name.Length > 0 ? name : plan.Name,
                DialplanHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml))),
                DialplanYaml = yaml,
                Target = request.Target,
                CreatedAt = time.GetUtcNow(),
                RequestedBy = ScopePolicies.KeyIdOf(context.User),
                CallsTotal = Math.Max(1, plan.Repeat),
            },
            ct);
        services.GetService<RunWorker>()?.Wake();
        var run = await store.Runs.GetAsync(id, ct);
        return TypedResults.Accepted($"/api/v1/runs/{id}", RunView.From(run!, []));
    }

    private static async Task<Results<Ok<Page<RunView>>, ValidationProblem>> ListRunsAsync(ResultStore store, int? limit, string? cursor, CancellationToken ct)
    {
        if (!TryPage(limit, cursor, out var take, out var before, out var problem))
        {
            return problem;
        }

        var runs = await store.Runs.ListAsync(take, before, ct);
        var items = new List<RunView>(runs.Count);
        foreach (var run in runs)
        {
            items.Add(RunView.From(run, await store.Runs.CallIdsAsync(run.Id, ct)));
        }

        return TypedResults.Ok(new Page<RunView>(items, items.Count == take ? items[^1].Id.ToString(CultureInfo.InvariantCulture) : null));
    }

    private static async Task<Results<Ok<RunView>, ProblemHttpResult>> GetRunAsync(ResultStore store, long id, CancellationToken ct) =>
        await store.Runs.GetAsync(id, ct) is { } run
            ? TypedResults.Ok(RunView.From(run, await store.Runs.CallIdsAsync(id, ct)))
            : TypedResults.Problem(statusCode: 404, title: "No such run", detail: $"there is no run {id}");

    private static async Task<Ok<List<ApiKeyView>>> ListKeysAsync(ResultStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ApiKeys.ListAsync(ct)).Select(View).ToList());

    private static async Task<Results<Created<CreatedApiKeyView>, ValidationProblem>> CreateKeyAsync(CreateApiKeyRequest request, ResultStore store, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors["name"] = ["name is required: what the key is for, e.g. ci"];
        }

        if (!ApiKeyRepository.TryParseScope(request.Scope, out var scope))
        {
            errors["scope"] = ["scope must be read, run or admin"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var created = await store.ApiKeys.CreateAsync(request.Name!, scope, time.GetUtcNow(), ct);
        return TypedResults.Created($"/api/v1/apikeys/{created.Record.Id}", new CreatedApiKeyView(View(created.Record), created.Key));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(ResultStore store, TimeProvider time, long id, CancellationToken ct) =>
        await store.ApiKeys.RevokeAsync(id, time.GetUtcNow(), ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: 404, title: "No such key", detail: $"there is no active API key {id}");

    private static ApiKeyView View(ApiKeyRecord key) =>
        new(key.Id, key.Name, key.Prefix, ApiKeyRepository.ScopeName(key.Scope), key.CreatedAt, key.LastUsedAt, key.RevokedAt);

    private static bool TryPage(int? limit, string? cursor, out int take, out long? before, out ValidationProblem problem)
    {
        take = limit ?? DefaultLimit;
        before = null;
        problem = TypedResults.ValidationProblem(new Dictionary<string, string[]>());
        if (take is < 1 or > MaxLimit)
        {
            problem = TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be between 1 and {MaxLimit}"] });
            return false;
        }

        if (cursor is not null)
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
            {
                problem = TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = ["cursor must be the nextCursor of a previous page"] });
                return false;
            }

            before = id;
        }

        return true;
    }

    private static IResult Validation(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static IResult DialplanProblemResult(IReadOnlyList<DialplanError> errors) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The dialplan is not valid",
            detail: string.Join("; ", errors.Select(e => $"{e.Line}:{e.Column} {e.Path}: {e.Message}")),
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors.Select(e => new DialplanProblem(e.Line, e.Column, e.Path, e.Message)).ToList(),
            });

    private static ProblemHttpResult CallNotFound(long id) =>
        TypedResults.Problem(statusCode: 404, title: "No such call", detail: $"there is no call {id}");

    private static IResult DocumentsNotFound(long id) =>
        TypedResults.Problem(statusCode: 404, title: "No report", detail: $"call {id} does not exist or was stored without its reports");

    private static bool RecordingExists(CallRecord call) => call.RecordingPath is { } path && File.Exists(path);
}
