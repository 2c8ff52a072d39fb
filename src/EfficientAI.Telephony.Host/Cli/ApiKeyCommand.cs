using System.CommandLine;
using System.Globalization;
using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.Storage.ApiKeys;

namespace EfficientAI.Telephony.Host.Cli;

/// <summary>`apikey create|list|revoke`: the keys of the admin API, in the configured (or embedded) PostgreSQL.</summary>
internal static class ApiKeyCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "What the key is for, e.g. ci", Required = true };
        var scope = new Option<string>("--scope") { Description = "read, run or admin (admin includes run, run includes read)", Required = true };
        scope.AcceptOnlyFromAmong("read", "run", "admin");
        var create = new Command("create", "Create a key and print it once; only its hash is stored") { name, scope };
        create.SetAction(async (parse, ct) => await WithStoreAsync(async (store, runtime) =>
        {
            if (!ApiKeyRepository.TryParseScope(parse.GetRequiredValue(scope), out var parsed))
            {
                Console.Error.WriteLine("efficientai: --scope must be read, run or admin");
                return 2;
            }

            var created = await store.ApiKeys.CreateAsync(parse.GetRequiredValue(name), parsed, runtime.Time.GetUtcNow(), ct);
            Console.Out.WriteLine(created.Key);
            Console.Error.WriteLine($"efficientai: created API key {created.Record.Id} ({created.Record.Name}, scope {ApiKeyRepository.ScopeName(parsed)}); it is shown only now");
            return 0;
        }, ct));

        var list = new Command("list", "List keys (id, name, prefix, scope, created, last used, revoked)");
        list.SetAction(async (parse, ct) => await WithStoreAsync(async (store, _) =>
        {
            foreach (var key in await store.ApiKeys.ListAsync(ct))
            {
                Console.Out.WriteLine(string.Join(
                    '\t',
                    key.Id.ToString(CultureInfo.InvariantCulture),
                    key.Name,
                    $"eai_{key.Prefix}_…",
                    ApiKeyRepository.ScopeName(key.Scope),
                    key.CreatedAt.ToString("u", CultureInfo.InvariantCulture),
                    key.LastUsedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "never used",
                    key.RevokedAt is { } revoked ? "revoked " + revoked.ToString("u", CultureInfo.InvariantCulture) : "active"));
            }

            return 0;
        }, ct));

        var id = new Argument<long>("id") { Description = "The key's id (from `apikey list`)" };
        var revoke = new Command("revoke", "Revoke a key; it stops working at once") { id };
        revoke.SetAction(async (parse, ct) => await WithStoreAsync(async (store, runtime) =>
        {
            var keyId = parse.GetRequiredValue(id);
            if (!await store.ApiKeys.RevokeAsync(keyId, runtime.Time.GetUtcNow(), ct))
            {
                Console.Error.WriteLine($"efficientai: there is no active API key {keyId}");
                return 2;
            }

            Console.Out.WriteLine($"revoked API key {keyId}");
            return 0;
        }, ct));

        return new Command("apikey", "Manage the admin API's keys") { create, list, revoke };
    }

    private static async Task<int> WithStoreAsync(Func<ResultStore, Runtime, Task<int>> work, CancellationToken ct)
    {
        try
        {
            await using var runtime = Runtime.Create(verbose: false);
            await using var store = await ResultStore.OpenAsync(runtime.Configuration, runtime.Loggers, ct);
            return await work(store, runtime);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return CallOutput.Fail(ex);
        }
    }
}
