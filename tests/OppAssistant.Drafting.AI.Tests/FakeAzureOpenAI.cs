using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OppAssistant.Drafting.AI.Tests;

/// <summary>What the fake answers to one request.</summary>
public sealed record FakeReply(string Text = "Een antwoord.", int Status = 200, TimeSpan Delay = default, int PromptTokens = 42, int CompletionTokens = 17);

/// <summary>One request as it arrived on the wire.</summary>
public sealed record RecordedRequest(string Path, string Query, string? ApiKeyHeader, string? Authorization, string Body)
{
    private JsonNode? Json => JsonNode.Parse(Body);

    public bool Stream => Json?["stream"]?.GetValue<bool>() ?? false;

    public string? Model => Json?["model"]?.GetValue<string>();

    /// <summary>(role, content) of each message, JSON escapes decoded.</summary>
    public IReadOnlyList<(string Role, string Content)> Messages =>
        Json?["messages"]?.AsArray().Select(m => (m!["role"]!.GetValue<string>(), ContentOf(m["content"]))).ToList() ?? [];

    /// <summary>The raw body and every string in it decoded, so a test can look for text in either form.</summary>
    public string AllText => Body + "\n" + string.Join("\n", Strings(JsonNode.Parse(Body)));

    private static string ContentOf(JsonNode? content) => content switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
        _ => "",
    };

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Strings(p.Value)),
        JsonArray array => array.SelectMany(Strings),
        JsonValue value when value.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}

/// <summary>
/// A minimal Azure OpenAI on 127.0.0.1 (tech/feasibility §2.3): the deployment route with <c>api-key</c> and
/// <c>api-version</c>, and the v1 route with a bearer key; JSON or, for <c>"stream": true</c>, SSE chunks ending in
/// <c>data: [DONE]</c>. Every request is recorded; replies, delays and error statuses are queued per test.
/// </summary>
public sealed class FakeAzureOpenAI : IAsyncDisposable
{
    public const string ApiKey = "test-key-0123456789";

    private readonly WebApplication app;
    private readonly ConcurrentQueue<FakeReply> replies = new();

    private FakeAzureOpenAI(WebApplication app)
    {
        this.app = app;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Used when no reply is queued.</summary>
    public FakeReply DefaultReply { get; set; } = new();

    public static async Task<FakeAzureOpenAI> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeAzureOpenAI(app);
        app.MapPost("/openai/deployments/{deployment}/chat/completions", (HttpContext context, string deployment) =>
            fake.HandleAsync(context, authorised: context.Request.Headers["api-key"] == ApiKey && context.Request.Query.ContainsKey("api-version"), model: deployment));
        app.MapPost("/openai/v1/chat/completions", (HttpContext context) =>
            fake.HandleAsync(context, authorised: context.Request.Headers.Authorization == "Bearer " + ApiKey, model: null));
        await app.StartAsync(cancellationToken);
        fake.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    public void Enqueue(params FakeReply[] queued)
    {
        foreach (var reply in queued)
        {
            replies.Enqueue(reply);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context, bool authorised, string? model)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new RecordedRequest(
            context.Request.Path.Value!,
            context.Request.QueryString.Value ?? "",
            context.Request.Headers["api-key"].FirstOrDefault(),
            context.Request.Headers.Authorization.FirstOrDefault(),
            body);
        Requests.Enqueue(request);
        if (!authorised)
        {
            await WriteErrorAsync(context, 401, "invalid key");
            return;
        }
        var reply = replies.TryDequeue(out var queued) ? queued : DefaultReply;
        try
        {
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (reply.Status != 200)
        {
            if (reply.Status == 429)
            {
                context.Response.Headers.RetryAfter = "30";
            }
            await WriteErrorAsync(context, reply.Status, "fake failure");
            return;
        }
        model ??= request.Model ?? "fake-model";
        if (request.Stream)
        {
            await WriteStreamAsync(context, reply, model);
        }
        else
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Completion(reply, model).ToJsonString(), context.RequestAborted);
        }
    }

    private static JsonObject Completion(FakeReply reply, string model) => new()
    {
        ["id"] = "chatcmpl-fake",
        ["object"] = "chat.completion",
        ["created"] = 1_760_000_000,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply.Text },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = Usage(reply),
    };

    private static JsonObject Usage(FakeReply reply) => new()
    {
        ["prompt_tokens"] = reply.PromptTokens,
        ["completion_tokens"] = reply.CompletionTokens,
        ["total_tokens"] = reply.PromptTokens + reply.CompletionTokens,
    };

    /// <summary>The reply in pieces of a few characters, a chunk with the finish reason, one with the usage, then [DONE].</summary>
    private static async Task WriteStreamAsync(HttpContext context, FakeReply reply, string model)
    {
        context.Response.ContentType = "text/event-stream";
        var chunks = new List<JsonObject>();
        for (var i = 0; i < reply.Text.Length; i += 7)
        {
            var delta = new JsonObject { ["content"] = reply.Text.Substring(i, Math.Min(7, reply.Text.Length - i)) };
            if (i == 0)
            {
                delta["role"] = "assistant";
            }
            chunks.Add(Chunk(model, new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = null })));
        }
        chunks.Add(Chunk(model, new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject(), ["finish_reason"] = "stop" })));
        var usage = Chunk(model, []);
        usage["usage"] = Usage(reply);
        chunks.Add(usage);
        foreach (var chunk in chunks)
        {
            await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    private static JsonObject Chunk(string model, JsonArray choices) => new()
    {
        ["id"] = "chatcmpl-fake",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_760_000_000,
        ["model"] = model,
        ["choices"] = choices,
    };

    private static Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = status == 429 ? "rate_limit_exceeded" : "server_error", ["code"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }.ToJsonString());
    }
}
