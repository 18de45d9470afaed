using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OppAssistant.Core.Diagnostics;
using OppAssistant.Core.Storage;

namespace OppAssistant.BotFramework.DirectLine;

/// <summary>
/// The WebSocket at the stream URL: the backlog after the client's watermark, then every new activity of the
/// conversation as an ActivitySet text frame. The token is in the query (browsers cannot set headers on a
/// WebSocket) and the socket closes when it expires; directlinejs then reconnects with a fresh one.
/// </summary>
internal static partial class DirectLineStream
{
    public static async Task HandleAsync(HttpContext context)
    {
        var logger = DirectLineEndpoints.Logger(context);
        var services = context.RequestServices;
        var conversationId = context.Request.RouteValues["conversationId"] as string ?? "";
        var grant = await services.GetRequiredService<DirectLineTokens>()
            .ValidateAsync(context.Request.Query["t"], context.RequestAborted).ConfigureAwait(false);
        if (grant is not { } valid || !string.Equals(valid.ConversationId, conversationId, StringComparison.Ordinal))
        {
            LogRefused(logger, "token invalid, expired or for another conversation");
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        if (!IsAllowedOrigin(context.Request, services.GetRequiredService<IOptions<DirectLineOptions>>().Value))
        {
            // Origins are websites, not user data; logging them helps setting DirectLine:AllowedOrigins.
            LogOriginRefused(logger, context.Request.Headers.Origin.ToString());
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        if (!DirectLineEndpoints.TryParseWatermark(context.Request.Query["watermark"], out var watermark))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var conversations = services.GetRequiredService<DirectLineConversations>();
        var time = services.GetRequiredService<TimeProvider>();
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();

        // Subscribe before reading the backlog: an activity appended in between arrives through both and is
        // sent once, thanks to the sequence check. Capped: one token must not hold unlimited sockets open.
        using var subscription = services.GetRequiredService<ActivityNotifier>().TrySubscribe(valid.ConversationId, DirectLineOptions.MaxStreamsPerConversation);
        if (subscription is null)
        {
            LogRefused(logger, "too many open streams for the conversation");
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var expiry = new CancellationTokenSource(Clamp(valid.ExpiresAt - time.GetUtcNow()), time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(expiry.Token, lifetime.ApplicationStopping, context.RequestAborted);
        var conversation = LogIds.Of(valid.ConversationId);
        LogOpened(logger, conversation);

        var receiving = ReceiveUntilClosedAsync(socket, stop);
        var closeStatus = WebSocketCloseStatus.NormalClosure;
        try
        {
            var last = await SendFromLogAsync(socket, conversations, valid.ConversationId, watermark, stop.Token).ConfigureAwait(false);
            while (await subscription.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                while (subscription.Reader.TryRead(out var batch))
                {
                    if (subscription.TakeOverflow() || batch[0].Sequence > last + 1)
                    {
                        // Notifications were dropped or came out of order: the log has everything.
                        last = await SendFromLogAsync(socket, conversations, valid.ConversationId, last, stop.Token).ConfigureAwait(false);
                        continue;
                    }
                    var fresh = batch.Where(e => e.Sequence > last).ToList();
                    if (fresh.Count > 0)
                    {
                        await SendAsync(socket, fresh, fresh[^1].Sequence, stop.Token).ConfigureAwait(false);
                        last = fresh[^1].Sequence;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            closeStatus = lifetime.ApplicationStopping.IsCancellationRequested ? WebSocketCloseStatus.EndpointUnavailable : WebSocketCloseStatus.NormalClosure;
        }
        catch (WebSocketException)
        {
            // The client went away mid-send; nothing to close politely.
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await CloseAsync(socket, closeStatus).ConfigureAwait(false);
            await receiving.ConfigureAwait(false);
            LogClosed(logger, conversation);
        }
    }

    internal static bool IsAllowedOrigin(HttpRequest request, DirectLineOptions options)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            // Not a browser; the token is the authorization.
            return true;
        }
        if (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return options.NormalizedOrigins().Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase);
    }

    private static async Task<long> SendFromLogAsync(WebSocket socket, DirectLineConversations conversations, string conversationId, long after, CancellationToken cancellationToken)
    {
        while (true)
        {
            var entries = await conversations.ReadAsync(conversationId, after, cancellationToken).ConfigureAwait(false);
            if (entries.Count == 0)
            {
                return after;
            }
            after = entries[^1].Sequence;
            await SendAsync(socket, entries, after, cancellationToken).ConfigureAwait(false);
            if (entries.Count < DirectLineConversations.PageSize)
            {
                return after;
            }
        }
    }

    private static async Task SendAsync(WebSocket socket, IReadOnlyList<LogEntry> entries, long watermark, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        DirectLineConversations.WriteActivitySet(buffer, entries, watermark);
        await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads and ignores what the client sends (directlinejs pings with empty frames) until it closes.</summary>
    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationTokenSource stop)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1024);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), stop.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(status, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
    }

    private static TimeSpan Clamp(TimeSpan remaining) =>
        remaining <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : remaining;

    [LoggerMessage(Level = LogLevel.Information, Message = "Direct Line stream refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Direct Line stream refused for origin {Origin}; add it to DirectLine:AllowedOrigins if that site may embed the chat")]
    private static partial void LogOriginRefused(ILogger logger, string origin);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Direct Line stream of conversation {Conversation} opened")]
    private static partial void LogOpened(ILogger logger, string conversation);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Direct Line stream of conversation {Conversation} closed")]
    private static partial void LogClosed(ILogger logger, string conversation);
}
