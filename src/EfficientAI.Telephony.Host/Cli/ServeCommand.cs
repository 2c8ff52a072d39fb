using System.CommandLine;
using EfficientAI.Telephony.Host.Api;
using EfficientAI.Telephony.Host.Infrastructure;

namespace EfficientAI.Telephony.Host.Cli;

/// <summary>`serve`: the admin REST API and/or the worker that places queued runs, on the configured (or embedded) PostgreSQL.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen, e.g. http://127.0.0.1:8080", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var role = new Option<string>("--role") { Description = "api: serve the API; worker: place queued runs; all: both", DefaultValueFactory = _ => "all" };
        role.AcceptOnlyFromAmong("all", "api", "worker");
        var verbose = CommonOptions.Verbose();
        var command = new Command("serve", "Serve the admin REST API (/api/v1, OpenAPI at /openapi/v1.json, docs at /docs) and run queued runs") { urls, role, verbose };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var serveRole = Enum.Parse<ServeRole>(parse.GetRequiredValue(role), ignoreCase: true);
                await using var runtime = Runtime.Create(parse.GetValue(verbose));
                await using var store = await ResultStore.OpenAsync(runtime.Configuration, runtime.Loggers, ct);
                await using var app = ApiHost.Build(parse.GetRequiredValue(urls), serveRole, runtime, store);
                Console.Error.WriteLine($"efficientai: serving ({serveRole.ToString().ToLowerInvariant()}) on {parse.GetRequiredValue(urls)} with {store.Description}");
                await app.RunAsync(ct);
                return 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return CallOutput.Fail(ex);
            }
        });
        return command;
    }
}
