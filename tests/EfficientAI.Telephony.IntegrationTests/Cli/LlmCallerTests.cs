using System.Text.Json;
using EfficientAI.Telephony.TestKit.FakeProviders;
using EfficientAI.Telephony.TestKit.Postgres;

namespace EfficientAI.Telephony.IntegrationTests.Cli;

/// <summary>
/// A real call in which a model plays the caller, the agent's words reach it through speech-to-text, and a model
/// judges the call — every provider behind a real HTTP server speaking the OpenAI API, configured the way users do
/// (environment variables), with a known key that must never leave the Authorization header.
/// </summary>
public sealed class LlmCallerTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const string ApiKey = "sk-test-4f1d9c2a7b";

    [Fact]
    public async Task LlmPersona_HearsTheAgentThroughSpeechToText_PressesKeys_HangsUp_AndTheJudgeScores()
    {
        await using var providers = await FakeProviderServer.StartAsync();
        providers.Transcript = "Welcome to Acme Shoes. For returns press 3.";
        providers.EnqueueChat(new FakeChatReply { ContentDeltas = ["I'd like to return ", "my shoes, please."], ToolCalls = [("press_dtmf", """{"digits":"3"}""")] });
        providers.EnqueueChat(new FakeChatReply { ContentDeltas = ["Great, thank you. Goodbye."], ToolCalls = [("hang_up", """{"reason":"done"}""")] });
        providers.StructuredContent = """{"scores":[{"index":1,"score":0.9,"reason":"The agent offered the returns line."}]}""";
        var dialplan = Path.Combine(Path.GetTempPath(), $"llm-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(dialplan, """
            name: llm-caller
            target: reference-agent
            persona:
              type: llm
              traits: [polite, in a hurry]
            scenario: Bought shoes last week that do not fit.
            goal: Start a return.
            agent:
              greeting: "Welcome to Acme Shoes. For returns press 3."
              replies: ["Sure, let me start the return for you.", "You're welcome, goodbye."]
              replyDelayMs: 300
            limits:
              maxDurationSeconds: 60
              maxSilenceSeconds: 8
            assertions:
              outcome: completed
              judge:
                criteria: ["The agent offers a way to return the shoes"]
            """);

        var result = await HostProcess.RunAsync(
            ["demo", "--dialplan", dialplan, "--json"],
            new Dictionary<string, string>
            {
                ["ConnectionStrings__Postgres"] = await postgres.CreateDatabaseAsync("llm_caller"),
                ["EFFICIENTAI__Providers__Llm__BaseUrl"] = providers.OpenAiBaseUrl.ToString(),
                ["EFFICIENTAI__Providers__Llm__ApiKey"] = ApiKey,
                ["EFFICIENTAI__Providers__Llm__Model"] = "caller-model",
                ["EFFICIENTAI__Providers__SpeechToText"] = "openai",
                ["EFFICIENTAI__Providers__OpenAiTranscription__BaseUrl"] = providers.OpenAiBaseUrl.ToString(),
                ["EFFICIENTAI__Providers__OpenAiTranscription__ApiKey"] = ApiKey,
                ["EFFICIENTAI__Providers__Judge"] = "llm",
                ["EFFICIENTAI__Providers__JudgeModel"] = "judge-model",
            },
            TimeSpan.FromSeconds(120));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
        using var report = JsonDocument.Parse(result.StandardOutput);
        var root = report.RootElement;
        Assert.Equal("passed", root.GetProperty("verdict").GetString());
        var judged = root.GetProperty("assertions").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "judge: The agent offers a way to return the shoes");
        Assert.Equal(("passed", "0.9"), (judged.GetProperty("status").GetString(), judged.GetProperty("measured").GetString()));

        // The caller's moves: it spoke the model's sentences, then pressed the key the model asked for, then hung up.
        var callerLines = root.GetProperty("turns").EnumerateArray().Where(t => t.GetProperty("speaker").GetString() == "caller").Select(t => t.GetProperty("text").GetString()).ToList();
        Assert.Equal(["I'd like to return my shoes, please.", "Great, thank you. Goodbye."], callerLines);
        var keys = root.GetProperty("timeline").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "DtmfSent").Select(e => e.GetProperty("text").GetString()).ToList();
        Assert.Equal(["3"], keys);
        Assert.Contains(root.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "LlmFirstToken");

        // The model saw the persona, scenario and goal, and the agent's words as transcribed.
        var chats = providers.RequestsTo(FakeProviderServer.ChatPath);
        var persona = chats.Where(r => !r.BodyText.Contains("response_format", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, persona.Count);
        Assert.Contains("Start a return.", persona[0].BodyText, StringComparison.Ordinal);
        Assert.Contains("caller-model", persona[0].BodyText, StringComparison.Ordinal);
        Assert.Contains(providers.Transcript, persona[0].BodyText, StringComparison.Ordinal);
        var judge = Assert.Single(chats, r => r.BodyText.Contains("response_format", StringComparison.Ordinal));
        Assert.Contains("judge-model", judge.BodyText, StringComparison.Ordinal);
        Assert.Contains("The agent offers a way to return the shoes", judge.BodyText, StringComparison.Ordinal);
        Assert.NotEmpty(providers.RequestsTo(FakeProviderServer.TranscriptionsPath));
        Assert.All(providers.Requests, r => Assert.Equal($"Bearer {ApiKey}", r.Header("Authorization")));

        // The key went to the providers and nowhere else.
        Assert.DoesNotContain(ApiKey, result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LlmProviderThatKeepsFailing_EndsTheCallNotRun_WithTheProvidersStatus_AndIsStored()
    {
        await using var providers = await FakeProviderServer.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            providers.Inject(FakeProviderServer.ChatPath, FakeFault.ServerError());
        }

        var dialplan = Path.Combine(Path.GetTempPath(), $"llm-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(dialplan, """
            name: llm-down
            target: reference-agent
            persona: {type: llm}
            scenario: Bought shoes last week that do not fit.
            goal: Start a return.
            limits: {maxDurationSeconds: 30, maxSilenceSeconds: 8}
            assertions: {outcome: completed, minAgentTurns: 2}
            """);
        var connection = await postgres.CreateDatabaseAsync("llm_down");

        var result = await HostProcess.RunAsync(
            ["demo", "--dialplan", dialplan, "--json"],
            new Dictionary<string, string>
            {
                ["ConnectionStrings__Postgres"] = connection,
                ["EFFICIENTAI__Providers__Llm__BaseUrl"] = providers.OpenAiBaseUrl.ToString(),
                ["EFFICIENTAI__Providers__Llm__ApiKey"] = ApiKey,
                ["EFFICIENTAI__Providers__Resilience__BaseDelay"] = "00:00:00.050",
            },
            TimeSpan.FromSeconds(120));

        using var report = JsonDocument.Parse(result.StandardOutput);
        var root = report.RootElement;
        Assert.Equal(("completed", "not-run"), (root.GetProperty("outcome").GetString(), root.GetProperty("verdict").GetString()));
        Assert.Contains("HTTP 500", root.GetProperty("verdictCause").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, providers.RequestsTo(FakeProviderServer.ChatPath).Count);
        Assert.DoesNotContain(ApiKey, result.StandardOutput + result.StandardError, StringComparison.Ordinal);
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connection);
        Assert.Equal(1, await new EfficientAI.Telephony.Storage.Calls.CallRepository(dataSource).CountAsync(CancellationToken.None));
    }
}
