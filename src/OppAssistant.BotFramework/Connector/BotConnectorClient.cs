using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using OppAssistant.BotFramework.Auth;
using OppAssistant.BotFramework.Protocol;

namespace OppAssistant.BotFramework.Connector;

/// <summary>
/// The Bot Connector REST API at an activity's serviceUrl: reply, send, update, and create a conversation at a
/// configured serviceUrl. A typed HttpClient; its resilience handler retries 429 (honouring Retry-After) and, for
/// idempotent PUTs only, transient failures.
/// </summary>
public sealed class BotConnectorClient(HttpClient http, BotTokenProvider tokens, TrustedServiceUrls trustedServiceUrls)
{
    public const string ResilienceName = "bot-connector";
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    /// <summary>POST {serviceUrl}/v3/conversations/{id}/activities/{replyToId}: threads under the incoming activity.</summary>
    public Task<ResourceResponse?> ReplyToActivityAsync(Activity activity, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(activity.ReplyToId)
            ? SendToConversationAsync(activity, cancellationToken)
            : SendAsync(HttpMethod.Post, activity, ActivitiesPath(activity) + "/" + Uri.EscapeDataString(activity.ReplyToId), cancellationToken);

    /// <summary>POST {serviceUrl}/v3/conversations/{id}/activities.</summary>
    public Task<ResourceResponse?> SendToConversationAsync(Activity activity, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, activity, ActivitiesPath(activity), cancellationToken);

    /// <summary>PUT {serviceUrl}/v3/conversations/{id}/activities/{activity.Id}.</summary>
    public Task<ResourceResponse?> UpdateActivityAsync(Activity activity, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, activity, ActivitiesPath(activity) + "/" + Uri.EscapeDataString(
            activity.Id is { Length: > 0 } id ? id : throw new ArgumentException("An update needs the activity's id.", nameof(activity))), cancellationToken);

    /// <summary>
    /// POST {serviceUrl}/v3/conversations: starts a conversation the bot was not asked into (Teams: a 1:1 chat with
    /// the one member, which the service creates once and then returns again). Returns the conversation id. No
    /// incoming activity named <paramref name="serviceUrl"/>, so the caller must have trusted it from configuration
    /// (<see cref="TrustedServiceUrls.TrustConfigured"/>).
    /// </summary>
    public async Task<string> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken)
    {
        var created = await SendJsonAsync(
            HttpMethod.Post,
            serviceUrl,
            "/v3/conversations",
            JsonSerializer.SerializeToUtf8Bytes(parameters, ProtocolJsonContext.Default.ConversationParameters),
            ProtocolJsonContext.Default.ConversationResourceResponse,
            nameof(serviceUrl),
            cancellationToken).ConfigureAwait(false);
        return created?.Id is { Length: > 0 } id
            ? id
            : throw new BotConnectorException("The connector created a conversation but did not answer its id.", null);
    }

    /// <summary>
    /// GET {serviceUrl}/v3/conversations/{conversationId}/members/{memberId} (Teams: a team's thread id and the
    /// member's Entra object id): true when the member is in it, false when the connector answers 404. Other failures
    /// throw. As with <see cref="CreateConversationAsync"/>, the caller must have trusted the configured URL.
    /// </summary>
    public async Task<bool> IsMemberAsync(string serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken)
    {
        try
        {
            await SendJsonAsync(
                HttpMethod.Get,
                serviceUrl,
                "/v3/conversations/" + Uri.EscapeDataString(conversationId) + "/members/" + Uri.EscapeDataString(memberId),
                json: null,
                ProtocolJsonContext.Default.ChannelAccount,
                nameof(serviceUrl),
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (BotConnectorException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Retry 429 for every method (the service did not act on it); other transient failures only for PUT.</summary>
    internal static void ConfigureResilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline)
    {
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromSeconds(1),
            MaxDelay = MaxRetryDelay,
            // Must precede DelayGenerator: setting it false clears the generator.
            ShouldRetryAfterHeader = false,
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
            ShouldHandle = args =>
            {
                if (args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    return ValueTask.FromResult(true);
                }
                var idempotent = args.Context.GetRequestMessage()?.Method == HttpMethod.Put;
                return ValueTask.FromResult(idempotent && HttpClientResiliencePredicates.IsTransient(args.Outcome));
            },
        });
        pipeline.AddTimeout(TimeSpan.FromSeconds(20));
    }

    /// <summary>Longest wait for one retry, even when Retry-After asks for more (the user is waiting).</summary>
    internal static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        if (response?.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }
        var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return delay is { } d ? TimeSpan.FromTicks(Math.Clamp(d.Ticks, 0, MaxRetryDelay.Ticks)) : null;
    }

    private static string ActivitiesPath(Activity activity) =>
        "/v3/conversations/" + Uri.EscapeDataString(activity.Conversation?.Id is { Length: > 0 } id
            ? id
            : throw new ArgumentException("The activity has no conversation id.", nameof(activity))) + "/activities";

    private Task<ResourceResponse?> SendAsync(HttpMethod method, Activity activity, string path, CancellationToken cancellationToken) =>
        SendJsonAsync(
            method,
            activity.ServiceUrl,
            path,
            JsonSerializer.SerializeToUtf8Bytes(activity, ProtocolJsonContext.Default.Activity),
            ProtocolJsonContext.Default.ResourceResponse,
            nameof(activity),
            cancellationToken);

    private async Task<TResponse?> SendJsonAsync<TResponse>(
        HttpMethod method,
        string? serviceUrl,
        string path,
        byte[]? json,
        JsonTypeInfo<TResponse> responseType,
        string argumentName,
        CancellationToken cancellationToken)
        where TResponse : class
    {
        if (serviceUrl is not { Length: > 0 }
            || !Uri.TryCreate(serviceUrl.TrimEnd('/') + path, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("No usable serviceUrl.", argumentName);
        }
        var token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        if (token is not null && !trustedServiceUrls.IsTrusted(serviceUrl))
        {
            throw new BotConnectorException("The serviceUrl is neither configured nor named by a validated token; the bot's token is not sent there.", null);
        }
        using var request = new HttpRequestMessage(method, uri);
        if (json is not null)
        {
            // Bytes, not a streaming content: a retried request must be able to send its body again.
            request.Content = new ByteArrayContent(json);
            request.Content.Headers.ContentType = JsonMediaType;
        }
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new BotConnectorException($"The connector answered {(int)response.StatusCode}.", response.StatusCode);
        }
        if (response.Content.Headers.ContentLength == 0)
        {
            return null;
        }
        try
        {
            return await response.Content.ReadFromJsonAsync(responseType, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            // The call succeeded; an odd body only costs us what it would have told.
            return null;
        }
    }
}

/// <summary>A connector call failed. The message never holds the URL (it carries the conversation id).</summary>
public sealed class BotConnectorException(string message, HttpStatusCode? statusCode) : Exception(message)
{
    public HttpStatusCode? StatusCode { get; } = statusCode;
}
