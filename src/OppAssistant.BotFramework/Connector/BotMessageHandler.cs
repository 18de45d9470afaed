using System.Buffers;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OppAssistant.BotFramework.Auth;
using OppAssistant.BotFramework.Protocol;
using OppAssistant.Core.Cards;
using OppAssistant.Core.Content;
using OppAssistant.Core.Diagnostics;
using OppAssistant.Core.Turns;

namespace OppAssistant.BotFramework.Connector;

/// <summary>
/// One POST /api/messages: size limit, caller check (token or loopback), parse, dispatch by activity type, and
/// the replies either in the response (expectReplies, invoke) or through the connector.
/// </summary>
internal sealed partial class BotMessageHandler(
    IOptions<BotAppOptions> app,
    IOptions<BotConnectorOptions> options,
    BotTokenValidator validator,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    Proactive.ConversationReferences references,
    ILogger<BotMessageHandler> logger)
{
    public const string InvokeMessageType = "application/vnd.microsoft.activity.message";

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var connectorOptions = options.Value;
        var request = context.Request;
        var appOptions = app.Value;

        if (appOptions.IsLocalMode && (!IsLoopback(context.Connection.RemoteIpAddress) || IsForwarded(request)))
        {
            LogRejected(StatusCodes.Status403Forbidden, "local-mode-non-loopback");
            return Problem(StatusCodes.Status403Forbidden, "Forbidden", "Local mode (no MicrosoftAppId) accepts loopback callers only.");
        }
        var authorization = request.Headers.Authorization.ToString();
        if (!appOptions.IsLocalMode && !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            // Cheap refusal before the body is read.
            return Unauthorized(string.IsNullOrEmpty(authorization) ? "missing-token" : "not-a-bearer-token");
        }

        var body = await ReadBodyAsync(context, connectorOptions.MaxRequestBodyBytes).ConfigureAwait(false);
        if (body.TooLarge)
        {
            LogRejected(StatusCodes.Status413PayloadTooLarge, "body-too-large");
            return Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The activity exceeds {connectorOptions.MaxRequestBodyBytes} bytes.");
        }
        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize(body.Bytes.AsSpan(0, body.Length), ProtocolJsonContext.Default.Activity);
        }
        catch (JsonException)
        {
            activity = null;
        }
        finally
        {
            // JsonElements in the activity are copies, so the buffer can go back now.
            ArrayPool<byte>.Shared.Return(body.Bytes);
        }
        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
        {
            LogRejected(StatusCodes.Status400BadRequest, "not-an-activity");
            return Problem(StatusCodes.Status400BadRequest, "Bad request", "The body must be a JSON activity with a type.");
        }

        if (!appOptions.IsLocalMode)
        {
            var auth = await validator.ValidateAsync(authorization, activity, context.RequestAborted).ConfigureAwait(false);
            switch (auth.Status)
            {
                case BotAuthStatus.Unauthorized:
                    return Unauthorized(auth.Reason);
                case BotAuthStatus.Forbidden:
                    LogRejected(StatusCodes.Status403Forbidden, auth.Reason);
                    return Problem(StatusCodes.Status403Forbidden, "Forbidden", "The token does not cover this activity.");
                case BotAuthStatus.Unavailable:
                    LogRejected(StatusCodes.Status503ServiceUnavailable, auth.Reason);
                    return Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable", "The token signing keys could not be loaded.");
            }
        }
        if (!IsTenantAllowed(activity, connectorOptions.AllowedTenantIds))
        {
            LogRejected(StatusCodes.Status403Forbidden, "tenant-not-allowed");
            return Problem(StatusCodes.Status403Forbidden, "Forbidden", "This tenant may not use the bot.");
        }

        return await DispatchAsync(context, activity).ConfigureAwait(false);
    }

    private async Task<IResult> DispatchAsync(HttpContext context, Activity activity)
    {
        if (SharedConversationGuard.SharedKind(activity) is { } shared)
        {
            return await RefuseSharedAsync(context, activity, shared).ConfigureAwait(false);
        }
        var isInvoke = activity.Type == ActivityTypes.Invoke;
        if (isInvoke && activity.Name != ActivityMapper.AdaptiveCardActionInvoke)
        {
            // As the Bot Framework SDK: an invoke nobody handles is "not implemented".
            return TypedResults.StatusCode(StatusCodes.Status501NotImplemented);
        }
        if (activity.Type is not (ActivityTypes.Message or ActivityTypes.ConversationUpdate or ActivityTypes.Invoke)
            || ActivityMapper.ToTurnInput(activity) is not { } input)
        {
            return isInvoke
                ? Problem(StatusCodes.Status400BadRequest, "Bad request", "The invoke has no conversation or channel.")
                : TypedResults.Ok();
        }

        var expectReplies = activity.DeliveryMode == DeliveryModes.ExpectReplies;
        if (!expectReplies && string.IsNullOrEmpty(activity.ServiceUrl))
        {
            LogRejected(StatusCodes.Status400BadRequest, "no-service-url");
            return Problem(StatusCodes.Status400BadRequest, "Bad request", "The activity has no serviceUrl to reply to.");
        }

        var conversation = LogIds.Of(input.Conversation.Value);
        LogTurn(activity.Type!, conversation);
        var pipeline = context.RequestServices.GetRequiredService<ITurnPipeline>();
        // Not the request's token: when the channel gives up waiting, the user's turn must still complete.
        var stopping = lifetime.ApplicationStopping;
        var connector = expectReplies ? null : context.RequestServices.GetRequiredService<BotConnectorClient>();

        var outcome = connector is null || isInvoke
            ? await pipeline.RunAsync(input, stopping).ConfigureAwait(false)
            : await RunWithTypingAsync(pipeline, input, activity, connector, conversation, stopping).ConfigureAwait(false);

        if (connector is not null && outcome.Status == TurnStatus.Completed && Proactive.ConversationReference.From(activity) is { } reference)
        {
            // Where the bot can reach the user later (IProactiveTurns); expectReplies gives no address for that.
            await references.RememberAsync(input, reference, stopping).ConfigureAwait(false);
        }
        var now = time.GetUtcNow();
        var replies = outcome.Replies.Select(r => ActivityMapper.ToActivity(r, activity, now)).ToList();
        if (isInvoke)
        {
            return await InvokeResponseAsync(outcome.Replies, replies, connector, conversation, stopping).ConfigureAwait(false);
        }
        if (connector is null)
        {
            // expectReplies: the channel takes the replies from this response and has no address for later ones.
            return TypedResults.Json(new ExpectedReplies { Activities = replies }, ProtocolJsonContext.Default.ExpectedReplies);
        }
        var sentIds = new List<string?>();
        var delivered = await DeliverAsync(connector, replies, conversation, stopping, sentIds).ConfigureAwait(false);
        // Slow work the turn asked for starts once its own replies are out, so the follow-up comes after them; its first
        // reply takes the place of the turn's placeholder message ("Ik vraag de AI…"), which the connector can change.
        var placeholder = outcome.Replies.ToList().FindIndex(r => r.Placeholder) is var index && index >= 0 && index < sentIds.Count ? sentIds[index] : null;
        context.RequestServices.GetRequiredService<FollowUps.FollowUpRunner>().Start(outcome.FollowUps, input, async (followUp, ct) =>
        {
            var later = await pipeline.RunAsync(followUp, ct).ConfigureAwait(false);
            var sent = later.Replies.Select(r => ActivityMapper.ToActivity(r, activity, time.GetUtcNow())).ToList();
            if (Interlocked.Exchange(ref placeholder, null) is { } placeholderId && sent.Count > 0
                && await ReplaceAsync(connector, sent[0], placeholderId, conversation, ct).ConfigureAwait(false))
            {
                sent.RemoveAt(0);
            }
            await DeliverAsync(connector, sent, conversation, ct).ConfigureAwait(false);
            return later.FollowUps;
        });
        return delivered
            ? TypedResults.Ok()
            : Problem(StatusCodes.Status502BadGateway, "Bad gateway", "The replies could not be delivered to the channel.");
    }

    /// <summary>
    /// A channel or group chat: no turn, no state, no conversation reference. A message gets one short answer pointing
    /// to a personal chat; anything else (the bot added to a team, a reaction, an invoke) gets 200 and nothing.
    /// </summary>
    private async Task<IResult> RefuseSharedAsync(HttpContext context, Activity activity, string conversationType)
    {
        LogShared(activity.Type!, conversationType);
        if (activity.Type != ActivityTypes.Message)
        {
            return TypedResults.Ok();
        }
        var text = context.RequestServices.GetRequiredService<DialogCatalog>().Channels.PersonalOnly;
        var reply = ActivityMapper.ToActivity(BotReply.FromText(text), activity, time.GetUtcNow());
        if (activity.DeliveryMode == DeliveryModes.ExpectReplies)
        {
            return TypedResults.Json(new ExpectedReplies { Activities = [reply] }, ProtocolJsonContext.Default.ExpectedReplies);
        }
        if (string.IsNullOrEmpty(activity.ServiceUrl))
        {
            LogRejected(StatusCodes.Status400BadRequest, "no-service-url");
            return Problem(StatusCodes.Status400BadRequest, "Bad request", "The activity has no serviceUrl to reply to.");
        }
        var connector = context.RequestServices.GetRequiredService<BotConnectorClient>();
        // The log names the conversation type only: no id of a team's channel or chat.
        var delivered = await DeliverAsync(connector, [reply], conversationType, lifetime.ApplicationStopping).ConfigureAwait(false);
        return delivered
            ? TypedResults.Ok()
            : Problem(StatusCodes.Status502BadGateway, "Bad gateway", "The reply could not be delivered to the channel.");
    }

    private async Task<TurnOutcome> RunWithTypingAsync(
        ITurnPipeline pipeline, TurnInput input, Activity activity, BotConnectorClient connector, string conversation, CancellationToken cancellationToken)
    {
        var turn = pipeline.RunAsync(input, cancellationToken);
        try
        {
            return await turn.WaitAsync(options.Value.TypingDelay, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!turn.IsCompleted)
        {
            try
            {
                await connector.SendToConversationAsync(ActivityMapper.Typing(activity, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or BotConnectorException or BotTokenException or ArgumentException or TaskCanceledException)
            {
                // Only a courtesy: the turn goes on.
                LogTypingFailed(conversation, e.GetType().Name);
            }
            return await turn.ConfigureAwait(false);
        }
    }

    /// <summary>Universal Actions: the card (or text) goes back in the HTTP response; other replies via the connector.</summary>
    private async Task<IResult> InvokeResponseAsync(
        IReadOnlyList<BotReply> replies, List<Activity> activities, BotConnectorClient? connector, string conversation, CancellationToken cancellationToken)
    {
        var cardIndex = -1;
        for (var i = 0; i < replies.Count; i++)
        {
            if (replies[i].AdaptiveCard is not null)
            {
                cardIndex = i;
                break;
            }
        }
        AdaptiveCardInvokeResponse response;
        if (cardIndex >= 0)
        {
            response = new AdaptiveCardInvokeResponse { StatusCode = 200, Type = AdaptiveCardBuilder.ContentType, Value = replies[cardIndex].AdaptiveCard };
            if (connector is not null)
            {
                activities.RemoveAt(cardIndex);
                await DeliverAsync(connector, activities, conversation, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            var text = string.Join("\n\n", replies.Select(r => r.Text).Where(t => !string.IsNullOrEmpty(t)));
            response = new AdaptiveCardInvokeResponse
            {
                StatusCode = 200,
                Type = InvokeMessageType,
                Value = JsonSerializer.SerializeToElement(text, ProtocolJsonContext.Default.String),
            };
        }
        return TypedResults.Json(response, ProtocolJsonContext.Default.AdaptiveCardInvokeResponse);
    }

    private async Task<bool> DeliverAsync(
        BotConnectorClient connector, List<Activity> activities, string conversation, CancellationToken cancellationToken, List<string?>? sentIds = null)
    {
        try
        {
            foreach (var reply in activities)
            {
                var response = await connector.ReplyToActivityAsync(reply, cancellationToken).ConfigureAwait(false);
                sentIds?.Add(response?.Id);
            }
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or BotConnectorException or BotTokenException or ArgumentException or TaskCanceledException
            or Polly.Timeout.TimeoutRejectedException)
        {
            LogDeliveryFailed(conversation, e.GetType().Name, (int?)(e as BotConnectorException)?.StatusCode);
            return false;
        }
    }

    /// <summary>Changes a sent message into <paramref name="reply"/>; false (and it is sent anew) when the channel refuses.</summary>
    private async Task<bool> ReplaceAsync(BotConnectorClient connector, Activity reply, string activityId, string conversation, CancellationToken cancellationToken)
    {
        reply.Id = activityId;
        try
        {
            await connector.UpdateActivityAsync(reply, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or BotConnectorException or BotTokenException or TaskCanceledException
            or Polly.Timeout.TimeoutRejectedException)
        {
            LogDeliveryFailed(conversation, e.GetType().Name, (int?)(e as BotConnectorException)?.StatusCode);
            reply.Id = null;
            return false;
        }
    }

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);

    /// <summary>A reverse proxy on the same host makes every caller loopback; its forwarding headers give it away.</summary>
    private static bool IsForwarded(HttpRequest request) =>
        request.Headers.ContainsKey("X-Forwarded-For") || request.Headers.ContainsKey("Forwarded");

    /// <summary>Teams puts the tenant in channelData.tenant.id, and often in conversation.tenantId too.</summary>
    internal static bool IsTenantAllowed(Activity activity, string[] allowed)
    {
        if (allowed.Length == 0)
        {
            return true;
        }
        var tenant = activity.ChannelData is { ValueKind: JsonValueKind.Object } channelData
            && channelData.TryGetProperty("tenant", out var t) && t.ValueKind == JsonValueKind.Object
            && t.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : activity.Conversation?.TenantId;
        return tenant is not null && allowed.Contains(tenant, StringComparer.OrdinalIgnoreCase);
    }

    private IResult Unauthorized(string reason)
    {
        LogRejected(StatusCodes.Status401Unauthorized, reason);
        return new ChallengeProblem(Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "A valid Bot Connector bearer token is required."));
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    private readonly record struct Body(byte[] Bytes, int Length, bool TooLarge);

    /// <summary>Reads at most <paramref name="max"/> bytes into a pooled buffer; the in-memory test server has no Kestrel limit.</summary>
    private static async Task<Body> ReadBodyAsync(HttpContext context, long max)
    {
        var request = context.Request;
        if (request.ContentLength > max)
        {
            return new Body([], 0, TooLarge: true);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max;
        }
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 16 * 1024, max) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > max)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return new Body([], 0, TooLarge: true);
                    }
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, max + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                length += read;
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return new Body([], 0, TooLarge: true);
        }
        if (length > max)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return new Body([], 0, TooLarge: true);
        }
        return new Body(buffer, length, TooLarge: false);
    }

    /// <summary>A 401 problem that also tells the client which scheme to use.</summary>
    private sealed class ChallengeProblem(ProblemHttpResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return inner.ExecuteAsync(httpContext);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "/api/messages refused a request with {StatusCode}: {Reason}")]
    private partial void LogRejected(int statusCode, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "/api/messages runs a {ActivityType} turn for conversation {Conversation}")]
    private partial void LogTurn(string activityType, string conversation);

    [LoggerMessage(Level = LogLevel.Information, Message = "/api/messages runs no turn for a {ActivityType} activity in a {ConversationType} conversation")]
    private partial void LogShared(string activityType, string conversationType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Typing indicator for conversation {Conversation} failed with {ExceptionType}")]
    private partial void LogTypingFailed(string conversation, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Replies to conversation {Conversation} could not be delivered: {ExceptionType} (HTTP {StatusCode})")]
    private partial void LogDeliveryFailed(string conversation, string exceptionType, int? statusCode);
}
