using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OppAssistant.BotFramework.Protocol;
using OppAssistant.Core.Diagnostics;

namespace OppAssistant.BotFramework.DirectLine;

/// <summary>The self-hosted Direct Line 3.0 subset that Web Chat talks to.</summary>
public static partial class DirectLineEndpoints
{
    public const string BasePath = "/v3/directline";
    public const string CorsPolicy = "directline";
    public const string TokenRateLimitPolicy = "directline-tokens";
    public const string ActivityRateLimitPolicy = "directline-activities";

    public static IServiceCollection AddDirectLine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DirectLineOptions>()
            .Bind(configuration.GetSection(DirectLineOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DirectLineOptions>, DirectLineOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DirectLineSigningKey>();
        services.AddSingleton<DirectLineTokens>();
        services.AddSingleton<ActivityNotifier>();
        services.AddSingleton<DirectLineConversations>();
        services.TryAddSingleton<Proactive.ConversationReferences>();

        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<DirectLineOptions>>((cors, directLine) =>
            cors.AddPolicy(CorsPolicy, policy => policy
                // No origins configured: no CORS headers, so only the bot's own page can call in.
                .WithOrigins(directLine.Value.NormalizedOrigins())
                .WithHeaders("authorization", "content-type", "x-ms-bot-agent")
                .WithMethods("GET", "POST")
                .SetPreflightMaxAge(TimeSpan.FromHours(1))));

        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy<string, TokenRequestLimit>(TokenRateLimitPolicy);
            limiter.AddPolicy<string, ActivityLimit>(ActivityRateLimitPolicy);
        });
        return services;
    }

    public static IApplicationBuilder UseDirectLine(this IApplicationBuilder app)
    {
        app.UseWebSockets();
        app.UseCors();
        app.UseRateLimiter();
        return app;
    }

    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(BasePath).RequireCors(CorsPolicy);
        group.MapPost("/tokens/generate", GenerateTokenAsync).RequireRateLimiting(TokenRateLimitPolicy);
        group.MapPost("/tokens/refresh", RefreshTokenAsync);
        group.MapPost("/conversations", StartConversationAsync);
        group.MapGet("/conversations/{conversationId}", ReconnectAsync);
        group.MapPost("/conversations/{conversationId}/activities", PostActivityAsync).RequireRateLimiting(ActivityRateLimitPolicy);
        group.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        group.MapGet("/conversations/{conversationId}/stream", DirectLineStream.HandleAsync);
        return endpoints;
    }

    /// <summary>Anonymous: the page (or a school's site) asks for a token that opens a new conversation.</summary>
    private static async Task GenerateTokenAsync(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<DirectLineTokens>();
        var (token, grant) = await tokens.IssueAsync(
            DirectLineConversations.NewConversationId(), DirectLineConversations.NewUserId(), context.RequestAborted).ConfigureAwait(false);
        await WriteConversationAsync(context, StatusCodes.Status200OK, grant, token, streamUrl: false).ConfigureAwait(false);
    }

    private static async Task RefreshTokenAsync(HttpContext context)
    {
        if (await AuthorizeAsync(context, conversationId: null).ConfigureAwait(false) is not { } grant)
        {
            return;
        }
        var (token, fresh) = await Tokens(context).IssueAsync(grant.ConversationId, grant.UserId, context.RequestAborted).ConfigureAwait(false);
        await WriteConversationAsync(context, StatusCodes.Status200OK, fresh, token, streamUrl: false).ConfigureAwait(false);
    }

    /// <summary>201 and the welcome the first time; 200 without a second welcome after that.</summary>
    private static async Task StartConversationAsync(HttpContext context)
    {
        if (await AuthorizeAsync(context, conversationId: null).ConfigureAwait(false) is not { } grant)
        {
            return;
        }
        var conversations = context.RequestServices.GetRequiredService<DirectLineConversations>();
        var created = await conversations.StartAsync(grant, context.RequestAborted).ConfigureAwait(false);
        // The client keeps using the token it has; the response repeats it as the hosted service does.
        var token = BearerToken(context.Request)!;
        await WriteConversationAsync(context, created ? StatusCodes.Status201Created : StatusCodes.Status200OK, grant, token, streamUrl: true).ConfigureAwait(false);
    }

    /// <summary>After a closed WebSocket: a fresh token and stream URL for the same conversation.</summary>
    private static async Task ReconnectAsync(HttpContext context)
    {
        var conversationId = RouteConversationId(context);
        if (await AuthorizeAsync(context, conversationId).ConfigureAwait(false) is not { } grant)
        {
            return;
        }
        var conversations = context.RequestServices.GetRequiredService<DirectLineConversations>();
        if (!await conversations.ExistsAsync(grant.ConversationId, context.RequestAborted).ConfigureAwait(false))
        {
            await WriteProblemAsync(context, StatusCodes.Status404NotFound, "Conversation not found", "Start the conversation with POST /v3/directline/conversations.").ConfigureAwait(false);
            return;
        }
        var (token, fresh) = await Tokens(context).IssueAsync(grant.ConversationId, grant.UserId, context.RequestAborted).ConfigureAwait(false);
        await WriteConversationAsync(context, StatusCodes.Status200OK, fresh, token, streamUrl: true).ConfigureAwait(false);
    }

    private static async Task PostActivityAsync(HttpContext context)
    {
        var conversationId = RouteConversationId(context);
        if (await AuthorizeAsync(context, conversationId).ConfigureAwait(false) is not { } grant)
        {
            return;
        }
        var logger = Logger(context);
        if (context.Request.ContentLength > DirectLineOptions.MaxActivityBytes)
        {
            LogTooLarge(logger, LogIds.Of(grant.ConversationId));
            await WriteTooLargeAsync(context).ConfigureAwait(false);
            return;
        }
        var (activity, tooLarge) = await ReadActivityAsync(context.Request.BodyReader, context.RequestAborted).ConfigureAwait(false);
        if (tooLarge)
        {
            LogTooLarge(logger, LogIds.Of(grant.ConversationId));
            await WriteTooLargeAsync(context).ConfigureAwait(false);
            return;
        }
        if (activity is not { Type.Length: > 0 })
        {
            LogMalformed(logger, LogIds.Of(grant.ConversationId));
            await WriteProblemAsync(context, StatusCodes.Status400BadRequest, "Malformed activity", "The body must be a JSON activity with a type.").ConfigureAwait(false);
            return;
        }
        var conversations = context.RequestServices.GetRequiredService<DirectLineConversations>();
        var id = await conversations.PostAsync(grant, activity, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
        await context.Response.WriteAsJsonAsync(new ResourceResponse { Id = id }, ProtocolJsonContext.Default.ResourceResponse, cancellationToken: context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Polling: everything after the watermark (empty = from the start), at most one page.</summary>
    private static async Task GetActivitiesAsync(HttpContext context)
    {
        var conversationId = RouteConversationId(context);
        if (await AuthorizeAsync(context, conversationId).ConfigureAwait(false) is not { } grant)
        {
            return;
        }
        if (!TryParseWatermark(context.Request.Query["watermark"], out var watermark))
        {
            await WriteProblemAsync(context, StatusCodes.Status400BadRequest, "Invalid watermark", "Use the watermark of the previous answer.").ConfigureAwait(false);
            return;
        }
        var conversations = context.RequestServices.GetRequiredService<DirectLineConversations>();
        var entries = await conversations.ReadAsync(grant.ConversationId, watermark, context.RequestAborted).ConfigureAwait(false);
        var buffer = new ArrayBufferWriter<byte>(entries.Count == 0 ? 64 : 4096);
        DirectLineConversations.WriteActivitySet(buffer, entries, entries.Count == 0 ? watermark : entries[^1].Sequence);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    internal static bool TryParseWatermark(string? value, out long watermark)
    {
        watermark = 0;
        return string.IsNullOrEmpty(value)
            || (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out watermark) && watermark >= 0);
    }

    /// <summary>The token's grant, if the token is valid and (when given) for this conversation; otherwise answers 403.</summary>
    private static async Task<DirectLineGrant?> AuthorizeAsync(HttpContext context, string? conversationId)
    {
        var grant = await Tokens(context).ValidateAsync(BearerToken(context.Request), context.RequestAborted).ConfigureAwait(false);
        if (grant is { } valid && (conversationId is null || string.Equals(valid.ConversationId, conversationId, StringComparison.Ordinal)))
        {
            return valid;
        }
        LogRejected(Logger(context), context.Request.Path.StartsWithSegments(BasePath + "/tokens") ? "token" : "conversation", grant is null ? "invalid or expired" : "for another conversation");
        // 403 is what directlinejs reads as "token expired"; it then stops instead of retrying forever.
        await WriteProblemAsync(context, StatusCodes.Status403Forbidden, "Forbidden", "The token is missing, invalid, expired, or for another conversation.").ConfigureAwait(false);
        return null;
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static async Task<(Activity? Activity, bool TooLarge)> ReadActivityAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        // Also enforced while reading: Content-Length may be absent (chunked) or wrong.
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length > DirectLineOptions.MaxActivityBytes)
            {
                reader.AdvanceTo(buffer.End);
                return (null, true);
            }
            if (result.IsCompleted)
            {
                var activity = Parse(buffer);
                reader.AdvanceTo(buffer.End);
                return (activity, false);
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static Activity? Parse(ReadOnlySequence<byte> body)
    {
        try
        {
            var json = new Utf8JsonReader(body);
            return JsonSerializer.Deserialize(ref json, ProtocolJsonContext.Default.Activity);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static string StreamUrl(HttpRequest request, string conversationId, string token)
    {
        var scheme = request.IsHttps ? "wss" : "ws";
        return string.Concat(scheme, "://", request.Host.Value, request.PathBase.Value, BasePath, "/conversations/",
            Uri.EscapeDataString(conversationId), "/stream?t=", Uri.EscapeDataString(token));
    }

    private static Task WriteConversationAsync(HttpContext context, int status, DirectLineGrant grant, string token, bool streamUrl)
    {
        var response = new ConversationResponse
        {
            ConversationId = grant.ConversationId,
            Token = token,
            ExpiresIn = (int)Math.Max(0, Math.Ceiling((grant.ExpiresAt - context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()).TotalSeconds)),
            StreamUrl = streamUrl ? StreamUrl(context.Request, grant.ConversationId, token) : null,
        };
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(response, DirectLineJsonContext.Default.ConversationResponse, cancellationToken: context.RequestAborted);
    }

    private static Task WriteTooLargeAsync(HttpContext context) =>
        WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Activity too large",
            string.Create(CultureInfo.InvariantCulture, $"An activity may be at most {DirectLineOptions.MaxActivityBytes / 1024} KB."));

    private static async Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetService<IProblemDetailsService>();
        if (problems is null || !await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).ConfigureAwait(false))
        {
            await context.Response.WriteAsync(title, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static string RouteConversationId(HttpContext context) => context.Request.RouteValues["conversationId"] as string ?? "";

    private static DirectLineTokens Tokens(HttpContext context) => context.RequestServices.GetRequiredService<DirectLineTokens>();

    internal static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DirectLineEndpoints).FullName!);

    [LoggerMessage(Level = LogLevel.Information, Message = "Direct Line {Endpoint} request refused: token {Reason}")]
    private static partial void LogRejected(ILogger logger, string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Direct Line activity for conversation {Conversation} refused: larger than the limit")]
    private static partial void LogTooLarge(ILogger logger, string conversation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Direct Line activity for conversation {Conversation} refused: not a JSON activity with a type")]
    private static partial void LogMalformed(ILogger logger, string conversation);

    /// <summary>A fixed window of one minute per partition; over the limit is 429 with Retry-After.</summary>
    private abstract class PerMinuteLimit : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = (context, _) =>
        {
            context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.HttpContext.Response.Headers.RetryAfter = "60";
            return ValueTask.CompletedTask;
        };

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            RateLimitPartition.GetFixedWindowLimiter(PartitionOf(httpContext), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Permits,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });

        protected abstract int Permits { get; }

        protected abstract string PartitionOf(HttpContext httpContext);
    }

    /// <summary>
    /// Messages per conversation and minute: every message runs a turn and is stored, so one token must not be able
    /// to queue turns without end. Per conversation, not per address: a school puts many pupils behind one address.
    /// </summary>
    private sealed class ActivityLimit(IOptions<DirectLineOptions> options) : PerMinuteLimit
    {
        protected override int Permits => options.Value.ActivitiesPerMinute;

        protected override string PartitionOf(HttpContext httpContext) => httpContext.Request.RouteValues["conversationId"] as string ?? "";
    }

    /// <summary>Token requests (new conversations) per client address and minute.</summary>
    private sealed class TokenRequestLimit(IOptions<DirectLineOptions> options) : PerMinuteLimit
    {
        protected override int Permits => options.Value.TokenRequestsPerMinute;

        // Behind a reverse proxy this is the proxy unless the host applies forwarded headers.
        protected override string PartitionOf(HttpContext httpContext) => ClientPartition(httpContext.Connection.RemoteIpAddress);

        /// <summary>
        /// IPv4: the address. IPv6: its /64, because one client is routinely given a whole /64 and could use a
        /// fresh address per request. IPv4-mapped IPv6 counts as the IPv4 address.
        /// </summary>
        internal static string ClientPartition(IPAddress? address)
        {
            if (address is null)
            {
                return IPAddress.None.ToString();
            }
            if (address.IsIPv4MappedToIPv6)
            {
                return address.MapToIPv4().ToString();
            }
            if (address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return address.ToString();
            }
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            bytes[8..].Clear();
            return new IPAddress(bytes).ToString() + "/64";
        }
    }
}
