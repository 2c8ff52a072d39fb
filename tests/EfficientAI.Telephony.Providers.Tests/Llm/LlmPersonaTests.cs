using System.Text.Json;
using EfficientAI.Telephony.Conversation.Personas;
using EfficientAI.Telephony.Conversation.Timeline;
using EfficientAI.Telephony.Providers.Llm;
using EfficientAI.Telephony.Providers.Resilience;
using EfficientAI.Telephony.Providers.Tests.Support;
using EfficientAI.Telephony.TestKit.FakeProviders;

namespace EfficientAI.Telephony.Providers.Tests.Llm;

public sealed class LlmPersonaTests
{
    private static readonly LlmPersonaProfile Profile = new(
        "Maria, 68, polite, a little impatient",
        "Bought shoes last week and lost the receipt",
        "Get a refund or store credit");

    private static readonly PersonaContext AfterGreeting = new(0, [new TranscriptEntry(Speaker.Agent, "Thanks for calling Shoe Palace, how can I help?", 0, 16000)]);

    [Fact]
    public async Task FirstSentence_IsHandedOut_WhileTheModelIsStillStreaming()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        var reply = new FakeChatReply { ContentDeltas = ["Hi, I", " bought shoes", " last week. ", "I lost", " the receipt."], HoldBeforeDelta = 3 };
        fixture.Server.EnqueueChat(reply);
        LlmPersona persona = Persona(fixture);

        await using IAsyncEnumerator<PersonaAction> actions = persona.StreamAsync(AfterGreeting, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await actions.MoveNextAsync().AsTask().WaitAsync(ProviderFixture.TestTimeout));
        Assert.IsType<PersonaAction.FirstToken>(actions.Current);
        Assert.True(await actions.MoveNextAsync().AsTask().WaitAsync(ProviderFixture.TestTimeout));

        // The server is holding the rest of the stream: the sentence came from the part already sent.
        Assert.Equal(new PersonaAction.Sentence("Hi, I bought shoes last week."), actions.Current);
        Assert.False(reply.Finished.IsCompleted);

        reply.Release();
        Assert.True(await actions.MoveNextAsync().AsTask().WaitAsync(ProviderFixture.TestTimeout));
        Assert.Equal(new PersonaAction.Sentence("I lost the receipt."), actions.Current);
        Assert.False(await actions.MoveNextAsync().AsTask().WaitAsync(ProviderFixture.TestTimeout));
    }

    [Fact]
    public async Task Request_CarriesModelKeyStreamToolsAndThePromptBuiltFromPersonaScenarioAndGoal()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        LlmPersona persona = Persona(fixture);
        var context = new PersonaContext(1,
        [
            new TranscriptEntry(Speaker.Agent, "How can I help?", 0, 8000),
            new TranscriptEntry(Speaker.Caller, "I want to return shoes.", 9000, 20000),
            new TranscriptEntry(Speaker.Agent, null, 21000, 30000),
        ]);

        PersonaReply move = await persona.NextAsync(context, CancellationToken.None).AsTask().WaitAsync(ProviderFixture.TestTimeout);

        Assert.Equal("Hello.", move.Text);
        RecordedRequest request = Assert.Single(fixture.Server.RequestsTo(FakeProviderServer.ChatPath));
        Assert.Equal($"Bearer {ProviderFixture.ApiKey}", request.Header("Authorization"));
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        using JsonDocument body = JsonDocument.Parse(request.Body);
        JsonElement root = body.RootElement;
        Assert.Equal("llama3.1:8b", root.GetProperty("model").GetString());
        Assert.True(root.GetProperty("stream").GetBoolean());
        Assert.Equal(["press_dtmf", "hang_up", "goal_reached"], root.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()));
        JsonElement[] messages = [.. root.GetProperty("messages").EnumerateArray()];
        Assert.Equal(["system", "user", "assistant", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        string system = messages[0].GetProperty("content").GetString()!;
        Assert.Contains(Profile.Persona, system, StringComparison.Ordinal);
        Assert.Contains(Profile.Scenario, system, StringComparison.Ordinal);
        Assert.Contains(Profile.Goal, system, StringComparison.Ordinal);
        Assert.Equal("I want to return shoes.", ContentText(messages[2]));
        Assert.Contains("could not be transcribed", ContentText(messages[3]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolCalls_BecomeDtmfGoalAndHangUpActions_AfterTheSpokenSentences()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        fixture.Server.EnqueueChat(new FakeChatReply
        {
            ContentDeltas = ["Pressing two now."],
            ToolCalls = [("press_dtmf", """{"digits":"2#"}"""), ("goal_reached", """{"summary":"store credit agreed"}"""), ("hang_up", """{"reason":"done"}""")],
        });

        List<PersonaAction> actions = [];
        await foreach (PersonaAction action in Persona(fixture).StreamAsync(AfterGreeting, CancellationToken.None).WithCancellation(CancellationToken.None))
        {
            actions.Add(action);
        }

        Assert.Equal<PersonaAction>(
        [
            new PersonaAction.FirstToken(),
            new PersonaAction.Sentence("Pressing two now."),
            new PersonaAction.PressDtmf("2#"),
            new PersonaAction.GoalReached("store credit agreed"),
            new PersonaAction.HangUp("done"),
        ], actions);
    }

    [Fact]
    public async Task NextAsync_SaysTheLinesAndHangsUp_WhenTheModelReachedItsGoal()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        fixture.Server.EnqueueChat(new FakeChatReply { ContentDeltas = ["Great, ", "thank you. Bye!"], ToolCalls = [("goal_reached", "{}")] });

        PersonaReply move = await Persona(fixture).NextAsync(AfterGreeting, CancellationToken.None).AsTask().WaitAsync(ProviderFixture.TestTimeout);

        Assert.Equal("Great, thank you. Bye!", move.Text);
        Assert.True(move.HangUp);
    }

    [Fact]
    public async Task RateLimitedChat_IsRetried_BeforeTheStreamStarts()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        fixture.Server.Inject(FakeProviderServer.ChatPath, FakeFault.RateLimited("0"));
        fixture.Server.Inject(FakeProviderServer.ChatPath, FakeFault.ServerError());

        PersonaReply move = await Persona(fixture).NextAsync(AfterGreeting, CancellationToken.None).AsTask().WaitAsync(ProviderFixture.TestTimeout);

        Assert.Equal("Hello.", move.Text);
        Assert.Equal(3, fixture.Server.Requests.Count);
    }

    [Fact]
    public async Task PersistentRejection_FailsTheMoveWithItsCause_AndNoKeyInTheLogs()
    {
        await using var fixture = await ProviderFixture.StartAsync();
        fixture.Server.Inject(FakeProviderServer.ChatPath, FakeFault.Status(404, """{"error":{"message":"model 'llama3.1:8b' not found"}}"""));

        ProviderFailureException failure = await Assert.ThrowsAsync<ProviderFailureException>(() => Persona(fixture).NextAsync(AfterGreeting, CancellationToken.None).AsTask().WaitAsync(ProviderFixture.TestTimeout));

        Assert.Equal(ProviderFailureCause.Rejected, failure.Cause);
        Assert.Equal(404, failure.StatusCode);
        Assert.Equal(1, failure.Attempts);
        Assert.DoesNotContain(fixture.Logs.Lines, line => line.Contains(ProviderFixture.ApiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(ProviderFixture.ApiKey, failure.ToString(), StringComparison.Ordinal);
    }

    private static LlmPersona Persona(ProviderFixture fixture) =>
        new(fixture.Http, new LlmOptions { BaseUrl = fixture.Server.OpenAiBaseUrl, ApiKey = ProviderFixture.ApiKey, Model = "llama3.1:8b" }, Profile, fixture.Retry(), TimeProvider.System, fixture.Logs.CreateLogger<LlmPersona>());

    // The SDK may send content as a string or as an array of text parts.
    private static string ContentText(JsonElement message)
    {
        JsonElement content = message.GetProperty("content");
        return content.ValueKind == JsonValueKind.String
            ? content.GetString()!
            : string.Concat(content.EnumerateArray().Select(p => p.GetProperty("text").GetString()));
    }
}
