using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EfficientAI.Telephony.Providers.Configuration;
using EfficientAI.Telephony.Providers.Resilience;

namespace EfficientAI.Telephony.Providers.Llm;

/// <summary>
/// One chat completion whose answer must follow a JSON Schema (OpenAI structured outputs, <c>response_format:
/// json_schema</c>, strict), from any OpenAI-compatible endpoint; retried by the shared policy. The judge uses it.
/// </summary>
public sealed class StructuredChat
{
    private const string ProviderName = "llm";

    private readonly HttpClient _http;
    private readonly LlmOptions _options;
    private readonly string _model;
    private readonly ProviderRetry _retry;
    private readonly TimeProvider _timeProvider;
    private readonly Uri _endpoint;

    public StructuredChat(HttpClient http, LlmOptions options, string? model, ProviderRetry retry, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options;
        _model = string.IsNullOrWhiteSpace(model) ? options.Model : model;
        _retry = retry ?? throw new ArgumentNullException(nameof(retry));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _endpoint = new Uri(OptionChecks.WithTrailingSlash(options.BaseUrl), "chat/completions");
    }

    /// <summary>The model and the endpoint's host, for reports (never the key).</summary>
    public string Description => $"{_model} at {_endpoint.Host}";

    /// <summary>Asks the model and returns its answer, parsed; an answer that is not JSON is an invalid response (retried).</summary>
    public Task<JsonElement> CompleteAsync(string system, string user, string schemaName, JsonObject schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var body = new JsonObject
        {
            ["model"] = _model,
            ["temperature"] = 0,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = system },
                new JsonObject { ["role"] = "user", ["content"] = user }),
            ["response_format"] = new JsonObject
            {
                ["type"] = "json_schema",
                ["json_schema"] = new JsonObject { ["name"] = schemaName, ["strict"] = true, ["schema"] = schema.DeepClone() },
            },
        }.ToJsonString();
        return _retry.ExecuteAsync(ProviderName, "structured chat", ct => AttemptAsync(body, ct), cancellationToken);
    }

    private async ValueTask<JsonElement> AttemptAsync(string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        }

        using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await HttpFailures.EnsureSuccessAsync(response, _options.ApiKey, _timeProvider, cancellationToken).ConfigureAwait(false);
        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        using JsonDocument document = ProviderJson.Parse(text, ProviderName);
        if (!document.RootElement.TryGetProperty("choices", out JsonElement choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0
            || !choices[0].TryGetProperty("message", out JsonElement message)
            || !message.TryGetProperty("content", out JsonElement content) || content.ValueKind != JsonValueKind.String)
        {
            throw new ProviderAttemptException(ProviderFailureCause.InvalidResponse, "the chat completion has no choices[0].message.content");
        }

        using JsonDocument answer = ProviderJson.Parse(content.GetString()!, ProviderName);
        return answer.RootElement.Clone();
    }
}
