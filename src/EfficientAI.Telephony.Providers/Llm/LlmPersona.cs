using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Text;
using EfficientAI.Telephony.Conversation.Personas;
using EfficientAI.Telephony.Conversation.Timeline;
using EfficientAI.Telephony.Providers.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;
using OpenAI.Chat;

namespace EfficientAI.Telephony.Providers.Llm;

/// <summary>
/// A caller played by a language model behind any OpenAI-compatible chat endpoint. Each move is a
/// streamed chat completion: sentences are handed out as soon as they are complete, and the
/// press_dtmf, hang_up and goal_reached tools become actions. The request is retried (429 with
/// Retry-After, 5xx, time-outs) until its first update arrives; after that, speech may already be
/// playing, so a broken stream fails the move instead of starting it again.
/// </summary>
public sealed class LlmPersona : IStreamingPersona
{
    private readonly ChatClient _chat;
    private readonly LlmOptions _options;
    private readonly LlmPersonaProfile _profile;
    private readonly ProviderRetry _retry;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public LlmPersona(HttpClient http, LlmOptions options, LlmPersonaProfile profile, ProviderRetry retry, TimeProvider timeProvider, ILogger<LlmPersona>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _profile = profile ?? throw new ArgumentNullException(nameof(profile));
        _retry = retry ?? throw new ArgumentNullException(nameof(retry));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = (ILogger?)logger ?? NullLogger.Instance;

        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.BaseUrl,
            Transport = new HttpClientPipelineTransport(http),
            // One retry layer, ours: the SDK's own would retry under it and multiply the attempts.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };

        // The credential type insists on a value; keyless local servers (Ollama, vLLM) ignore it.
        _chat = new ChatClient(options.Model, new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "no-key" : options.ApiKey), clientOptions);
    }

    public LlmPersonaProfile Profile => _profile;

    public async ValueTask<PersonaReply> NextAsync(PersonaContext context, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        bool hangUp = false;
        await foreach (PersonaAction action in StreamAsync(context, cancellationToken).ConfigureAwait(false))
        {
            switch (action)
            {
                case PersonaAction.Sentence sentence:
                    text.Append(text.Length > 0 ? " " : string.Empty).Append(sentence.Text);
                    break;
                case PersonaAction.HangUp or PersonaAction.GoalReached:
                    hangUp = true;
                    break;
            }
        }

        // A whole-move reply has no place for keys: callers that need DTMF use StreamAsync.
        return (text.Length > 0, hangUp) switch
        {
            (true, false) => PersonaReply.Say(text.ToString()),
            (true, true) => PersonaReply.SayAndHangUp(text.ToString()),
            (false, _) => PersonaReply.HangUpNow,
        };
    }

    public async IAsyncEnumerable<PersonaAction> StreamAsync(PersonaContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        List<ChatMessage> messages = Messages(context);
        var completionOptions = new ChatCompletionOptions
        {
            Temperature = _options.Temperature,
            MaxOutputTokenCount = _options.MaxOutputTokens,
        };
        foreach (ChatTool tool in PersonaTools.All)
        {
            completionOptions.Tools.Add(tool);
        }

        long started = _timeProvider.GetTimestamp();
        ChatStream stream = await _retry.ExecuteAsync("llm", "chat", ct => OpenStreamAsync(messages, completionOptions, ct, cancellationToken), cancellationToken).ConfigureAwait(false);
        double firstTokenMs = _timeProvider.GetElapsedTime(started).TotalMilliseconds;
        await using (stream.ConfigureAwait(false))
        {
            yield return new PersonaAction.FirstToken();
            var splitter = new SentenceSplitter();
            var toolCalls = new SortedDictionary<int, (string? Name, StringBuilder Arguments)>();
            int sentences = 0;
            StreamingChatCompletionUpdate? update = stream.First;
            while (update is not null)
            {
                foreach (StreamingChatToolCallUpdate call in update.ToolCallUpdates)
                {
                    if (!toolCalls.TryGetValue(call.Index, out var entry))
                    {
                        entry = (null, new StringBuilder());
                    }

                    entry.Name ??= call.FunctionName;
                    if (call.FunctionArgumentsUpdate is { } arguments && !arguments.IsEmpty)
                    {
                        entry.Arguments.Append(arguments.ToString());
                    }

                    toolCalls[call.Index] = entry;
                }

                foreach (ChatMessageContentPart part in update.ContentUpdate)
                {
                    if (part.Text is { Length: > 0 } delta)
                    {
                        foreach (string sentence in splitter.Append(delta))
                        {
                            sentences++;
                            yield return new PersonaAction.Sentence(sentence);
                        }
                    }
                }

                update = await stream.NextAsync(cancellationToken).ConfigureAwait(false);
            }

            if (splitter.Flush() is { } rest)
            {
                sentences++;
                yield return new PersonaAction.Sentence(rest);
            }

            foreach ((string? name, StringBuilder arguments) in toolCalls.Values)
            {
                if (name is not null && PersonaTools.ToAction(name, arguments.ToString()) is { } action)
                {
                    yield return action;
                }
            }

            ProviderLog.PersonaMoveStreamed(_logger, firstTokenMs, sentences, toolCalls.Count);
        }
    }

    // The model plays the caller, so the caller's lines are the assistant's and the agent's are the user's.
    private List<ChatMessage> Messages(PersonaContext context)
    {
        var messages = new List<ChatMessage> { new SystemChatMessage(_profile.SystemPrompt()) };
        foreach (TranscriptEntry entry in context.Transcript)
        {
            if (entry.Speaker == Speaker.Agent)
            {
                messages.Add(new UserChatMessage(string.IsNullOrWhiteSpace(entry.Text) ? "[the agent spoke, but it could not be transcribed]" : entry.Text));
            }
            else if (!string.IsNullOrWhiteSpace(entry.Text))
            {
                messages.Add(new AssistantChatMessage(entry.Text));
            }
        }

        if (messages[^1] is not UserChatMessage)
        {
            messages.Add(new UserChatMessage(context.Transcript.Count == 0
                ? "[the call has just been answered; nobody has spoken yet]"
                : "[silence: the agent has not answered]"));
        }

        return messages;
    }

    // One attempt: send the request and wait for the first update. The stream's own token follows
    // the caller's, not the attempt's, because the attempt's time limit ends when this returns.
    private async ValueTask<ChatStream> OpenStreamAsync(List<ChatMessage> messages, ChatCompletionOptions options, CancellationToken attemptToken, CancellationToken callerToken)
    {
        var streamCancellation = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        IAsyncEnumerator<StreamingChatCompletionUpdate>? enumerator = null;
        try
        {
            using (attemptToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), streamCancellation))
            {
                enumerator = _chat.CompleteChatStreamingAsync(messages, options, streamCancellation.Token).GetAsyncEnumerator(streamCancellation.Token);
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    throw new ProviderAttemptException(ProviderFailureCause.InvalidResponse, "the chat stream ended before its first update");
                }
            }

            return new ChatStream(enumerator, enumerator.Current, streamCancellation);
        }
        catch (Exception e)
        {
            if (enumerator is not null)
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }

            streamCancellation.Dispose();
            attemptToken.ThrowIfCancellationRequested();
            throw e is ClientResultException result ? Classify(result) : e;
        }
    }

    private ProviderAttemptException Classify(ClientResultException e)
    {
        PipelineResponse? response = e.GetRawResponse();
        int status = e.Status;
        if (status == 0)
        {
            return new ProviderAttemptException(ProviderFailureCause.Network, "the connection failed", innerException: e);
        }

        string body = string.Empty;
        try
        {
            body = response?.Content?.ToString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            // A streamed body that was not buffered; the status says enough.
        }

        ProviderFailureCause cause = status switch
        {
            429 => ProviderFailureCause.RateLimited,
            408 or >= 500 => ProviderFailureCause.ServerError,
            401 or 403 => ProviderFailureCause.Unauthorized,
            _ => ProviderFailureCause.Rejected,
        };
        return new ProviderAttemptException(cause, $"HTTP {status} {response?.ReasonPhrase}{HttpFailures.Quote(body, _options.ApiKey)}", status, RetryAfter(response));
    }

    private TimeSpan? RetryAfter(PipelineResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        using var message = new HttpResponseMessage((System.Net.HttpStatusCode)response.Status);
        foreach (KeyValuePair<string, string> header in response.Headers)
        {
            message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return HttpFailures.RetryAfter(message, _timeProvider);
    }

    /// <summary>An open chat stream whose first update has arrived.</summary>
    private sealed class ChatStream(IAsyncEnumerator<StreamingChatCompletionUpdate> enumerator, StreamingChatCompletionUpdate first, CancellationTokenSource cancellation) : IAsyncDisposable
    {
        public StreamingChatCompletionUpdate First { get; } = first;

        public async ValueTask<StreamingChatCompletionUpdate?> NextAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await enumerator.MoveNextAsync().ConfigureAwait(false) ? enumerator.Current : null;
            }
            catch (Exception e) when (e is ClientResultException or HttpRequestException or IOException)
            {
                throw new ProviderFailureException("llm", "chat", ProviderFailureCause.Network, 1, null, $"the chat stream broke after it had started: {e.Message}", e);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
            cancellation.Dispose();
        }
    }
}
