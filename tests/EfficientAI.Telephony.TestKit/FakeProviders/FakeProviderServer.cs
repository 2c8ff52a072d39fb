using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.TestKit.FakeProviders;

/// <summary>
/// A real Kestrel server on 127.0.0.1 speaking the subset of the provider HTTP APIs we use:
/// OpenAI <c>/v1/audio/transcriptions</c>, <c>/v1/audio/speech</c> (pcm) and <c>/v1/chat/completions</c>
/// (SSE streaming); Azure Speech short-audio recognition and SSML synthesis; Deepgram <c>/v1/listen</c>.
/// It records every request and applies injected faults (status, Retry-After, delays, broken audio).
/// </summary>
public sealed class FakeProviderServer : IAsyncDisposable
{
    public const string TranscriptionsPath = "/v1/audio/transcriptions";
    public const string SpeechPath = "/v1/audio/speech";
    public const string ChatPath = "/v1/chat/completions";
    public const string AzureRecognitionPath = "/speech/recognition/conversation/cognitiveservices/v1";
    public const string AzureSynthesisPath = "/cognitiveservices/v1";
    public const string DeepgramPath = "/v1/listen";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeFault>> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeChatReply> _chatReplies = new();

    private FakeProviderServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>: the root for Azure and Deepgram.</summary>
    public Uri BaseUrl { get; }

    /// <summary><c>http://127.0.0.1:PORT/v1/</c>: the base URL an OpenAI-compatible client is given.</summary>
    public Uri OpenAiBaseUrl => new(BaseUrl, "v1/");

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>The text every recogniser route answers with.</summary>
    public string Transcript { get; set; } = "I would like to return my shoes.";

    /// <summary>Where the Azure and Deepgram answers place the speech inside the upload.</summary>
    public TimeSpan SpeechOffset { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan SpeechDuration { get; set; } = TimeSpan.FromMilliseconds(600);

    public IReadOnlyList<RecordedRequest> RequestsTo(string path) => [.. _requests.Where(r => r.Path == path)];

    public static async Task<FakeProviderServer> StartAsync(CancellationToken cancellationToken = default)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        FakeProviderServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeProviderServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    /// <summary>Applies <paramref name="fault"/> to the next request to <paramref name="path"/> (faults queue up in order).</summary>
    public void Inject(string path, FakeFault fault) =>
        _faults.GetOrAdd(path, _ => new ConcurrentQueue<FakeFault>()).Enqueue(fault);

    /// <summary>Queues the answer to the next chat completion; without one, the fake says "Hello." and stops.</summary>
    /// <summary>The JSON text a structured-output chat request (response_format) gets as its message content.</summary>
    public string StructuredContent { get; set; } = "{}";

    public void EnqueueChat(FakeChatReply reply) => _chatReplies.Enqueue(reply);

    public async ValueTask DisposeAsync()
    {
        foreach (FakeChatReply reply in _chatReplies)
        {
            reply.Release();
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        CancellationToken aborted = context.RequestAborted;
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, aborted).ConfigureAwait(false);
        request.Body.Position = 0;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new Dictionary<string, RecordedFile>(StringComparer.Ordinal);
        if (request.HasFormContentType)
        {
            IFormCollection form = await request.ReadFormAsync(aborted).ConfigureAwait(false);
            foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> field in form)
            {
                fields[field.Key] = field.Value.ToString();
            }

            foreach (IFormFile file in form.Files)
            {
                using var content = new MemoryStream();
                await file.CopyToAsync(content, aborted).ConfigureAwait(false);
                files[file.Name] = new RecordedFile(file.FileName, file.ContentType, content.ToArray());
            }
        }

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? string.Empty,
            headers, request.ContentType, buffer.ToArray(), fields, files, DateTimeOffset.UtcNow);
        _requests.Enqueue(recorded);

        if (_faults.TryGetValue(recorded.Path, out ConcurrentQueue<FakeFault>? queue) && queue.TryDequeue(out FakeFault? fault))
        {
            if (fault.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(fault.Delay, aborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return; // the client gave up, as it should
                }
            }

            if (fault.StatusCode != 200 || fault.RawBody is not null)
            {
                context.Response.StatusCode = fault.StatusCode;
                if (fault.RetryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = fault.RetryAfter;
                }

                context.Response.ContentType = fault.ContentType ?? "application/json";
                await context.Response.Body.WriteAsync(fault.RawBody ?? Encoding.UTF8.GetBytes(fault.Body ?? string.Empty), aborted).ConfigureAwait(false);
                return;
            }
        }

        switch (recorded.Path)
        {
            case TranscriptionsPath:
                await WriteJsonAsync(context, new { text = Transcript }).ConfigureAwait(false);
                break;
            case SpeechPath:
                context.Response.ContentType = "audio/pcm";
                await context.Response.Body.WriteAsync(FakeAudio.Pcm(24000), aborted).ConfigureAwait(false);
                break;
            case ChatPath:
                await ChatAsync(context, recorded).ConfigureAwait(false);
                break;
            case AzureRecognitionPath:
                await WriteJsonAsync(context, new { RecognitionStatus = "Success", DisplayText = Transcript, Offset = SpeechOffset.Ticks, Duration = SpeechDuration.Ticks }).ConfigureAwait(false);
                break;
            case AzureSynthesisPath:
                await AzureSynthesisAsync(context, recorded).ConfigureAwait(false);
                break;
            case DeepgramPath:
                await WriteJsonAsync(context, DeepgramAnswer()).ConfigureAwait(false);
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    private object DeepgramAnswer()
    {
        string[] words = Transcript.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double start = SpeechOffset.TotalSeconds;
        double step = SpeechDuration.TotalSeconds / Math.Max(1, words.Length);
        return new
        {
            metadata = new { request_id = Guid.NewGuid().ToString() },
            results = new
            {
                channels = new[]
                {
                    new
                    {
                        alternatives = new[]
                        {
                            new
                            {
                                transcript = Transcript,
                                confidence = 0.93,
                                words = words.Select((w, i) => new { word = w, start = start + (i * step), end = start + ((i + 1) * step), confidence = 0.93 }).ToArray(),
                            },
                        },
                    },
                },
            },
        };
    }

    private static async Task AzureSynthesisAsync(HttpContext context, RecordedRequest recorded)
    {
        // X-Microsoft-OutputFormat: riff-8khz-16bit-mono-pcm, raw-24khz-16bit-mono-pcm, ...
        string format = recorded.Header("X-Microsoft-OutputFormat") ?? string.Empty;
        string[] parts = format.Split('-');
        if (parts.Length != 5 || parts[2] != "16bit" || parts[3] != "mono" || parts[4] != "pcm" || !parts[1].EndsWith("khz", StringComparison.Ordinal)
            || !int.TryParse(parts[1][..^3], NumberStyles.None, CultureInfo.InvariantCulture, out int khz))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        byte[] body = parts[0] == "riff" ? FakeAudio.Wav(khz * 1000) : FakeAudio.Pcm(khz * 1000);
        context.Response.ContentType = parts[0] == "riff" ? "audio/x-wav" : "audio/basic";
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task ChatAsync(HttpContext context, RecordedRequest recorded)
    {
        CancellationToken aborted = context.RequestAborted;
        using JsonDocument request = JsonDocument.Parse(recorded.Body);
        string model = request.RootElement.TryGetProperty("model", out JsonElement m) ? m.GetString() ?? string.Empty : string.Empty;
        if (request.RootElement.TryGetProperty("response_format", out _))
        {
            // A structured-output request (the judge) is answered whole, as the real API does without "stream".
            await WriteJsonAsync(context, new
            {
                id = "chatcmpl-fake",
                @object = "chat.completion",
                created = 1_700_000_000,
                model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = StructuredContent }, finish_reason = "stop" } },
            }).ConfigureAwait(false);
            return;
        }

        FakeChatReply reply = _chatReplies.TryDequeue(out FakeChatReply? queued) ? queued : new FakeChatReply { ContentDeltas = ["Hello."] };

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await Chunk(new { role = "assistant", content = string.Empty }, null).ConfigureAwait(false);
        for (int i = 0; i < reply.ContentDeltas.Count; i++)
        {
            if (reply.HoldBeforeDelta == i)
            {
                await reply.Released.WaitAsync(aborted).ConfigureAwait(false);
            }

            await Chunk(new { content = reply.ContentDeltas[i] }, null).ConfigureAwait(false);
        }

        for (int i = 0; i < reply.ToolCalls.Count; i++)
        {
            (string name, string arguments) = reply.ToolCalls[i];
            int half = arguments.Length / 2;
            await Chunk(new { tool_calls = new[] { new { index = i, id = $"call_{i}", type = "function", function = new { name, arguments = arguments[..half] } } } }, null).ConfigureAwait(false);
            await Chunk(new { tool_calls = new[] { new { index = i, function = new { arguments = arguments[half..] } } } }, null).ConfigureAwait(false);
        }

        await Chunk(new { }, reply.ToolCalls.Count > 0 ? "tool_calls" : "stop").ConfigureAwait(false);
        await context.Response.WriteAsync("data: [DONE]\n\n", aborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(aborted).ConfigureAwait(false);
        reply.FinishedSource.TrySetResult();

        async Task Chunk(object delta, string? finishReason)
        {
            string json = JsonSerializer.Serialize(new
            {
                id = "chatcmpl-fake",
                @object = "chat.completion.chunk",
                created = 1_700_000_000,
                model,
                choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
            });
            await context.Response.WriteAsync($"data: {json}\n\n", aborted).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(aborted).ConfigureAwait(false);
        }
    }

    private static Task WriteJsonAsync(HttpContext context, object value)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(value), context.RequestAborted);
    }
}
