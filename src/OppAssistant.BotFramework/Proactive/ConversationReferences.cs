using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using OppAssistant.BotFramework.Protocol;
using OppAssistant.Core.Diagnostics;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Turns;

namespace OppAssistant.BotFramework.Proactive;

/// <summary>
/// Where a user can be reached without writing first: her most recent conversation. Ids and addresses only, never
/// message text or names. A record, so an unchanged reference compares equal and is not written again.
/// </summary>
internal sealed record ConversationReference
{
    public required string ChannelId { get; init; }

    public required string ConversationId { get; init; }

    /// <summary>Teams: "personal", "groupChat" or "channel".</summary>
    public string? ConversationType { get; init; }

    /// <summary>The user's account in this channel (Teams "29:…", Web Chat "u_…").</summary>
    public required string UserId { get; init; }

    public string? UserAadObjectId { get; init; }

    /// <summary>The bot's account in this channel (Teams "28:…").</summary>
    public string? BotId { get; init; }

    /// <summary>The Bot Connector URL of the conversation (Teams); none for the self-hosted Direct Line.</summary>
    public string? ServiceUrl { get; init; }

    public string? TenantId { get; init; }

    public string? Locale { get; init; }

    /// <summary>The reference of the conversation an incoming activity belongs to, or null when it names none.</summary>
    public static ConversationReference? From(Activity activity)
    {
        if (activity.ChannelId is not { Length: > 0 } channel
            || activity.Conversation?.Id is not { Length: > 0 } conversation
            || activity.From?.Id is not { Length: > 0 } user
            // A group chat or team channel is read by others: what the bot says there unasked is not for them.
            || activity.Conversation.ConversationType is "groupChat" or "channel"
            || activity.Conversation.IsGroup == true)
        {
            return null;
        }
        return new ConversationReference
        {
            ChannelId = channel,
            ConversationId = conversation,
            ConversationType = activity.Conversation.ConversationType,
            UserId = user,
            UserAadObjectId = activity.From.AadObjectId,
            BotId = activity.Recipient?.Id,
            ServiceUrl = activity.ServiceUrl,
            TenantId = TenantOf(activity),
            Locale = activity.Locale,
        };
    }

    /// <summary>Teams puts the tenant in channelData.tenant.id, and often in conversation.tenantId too.</summary>
    private static string? TenantOf(Activity activity) =>
        activity.ChannelData is { ValueKind: JsonValueKind.Object } channelData
        && channelData.TryGetProperty("tenant", out var t) && t.ValueKind == JsonValueKind.Object
        && t.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : activity.Conversation?.TenantId;
}

/// <summary>
/// The last conversation reference of every user, by <see cref="TurnInput.UserKey"/> (collection
/// <c>conversation-references</c>, kept across restarts). Written after a user's successful turn, but only when it
/// changed: the last value written is cached, so an ordinary turn costs no write. A failed write is logged and
/// forgotten; the turn it followed is already done.
/// </summary>
internal sealed partial class ConversationReferences(IDocumentStore store, ILogger<ConversationReferences> logger)
{
    public const string Collection = "conversation-references";

    // Active users of one school fit easily; beyond this the cache starts over (it only saves reads and writes).
    private const int CacheCapacity = 10_000;
    private readonly ConcurrentDictionary<string, (ConversationReference Reference, long Version)> written = new(StringComparer.Ordinal);

    /// <summary>Remembers where the user of <paramref name="input"/> was reached last; never throws.</summary>
    public async Task RememberAsync(TurnInput input, ConversationReference reference, CancellationToken cancellationToken)
    {
        var key = input.UserKey;
        if (written.TryGetValue(key, out var cached) && cached.Reference == reference)
        {
            return;
        }
        try
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var stored = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
                if (stored is { } found && found.Reference == reference)
                {
                    Cache(key, found);
                    return;
                }
                var body = JsonSerializer.SerializeToUtf8Bytes(reference, ProactiveJsonContext.Default.ConversationReference);
                try
                {
                    var version = await store.PutAsync(Collection, key, body, stored?.Version ?? 0, cancellationToken).ConfigureAwait(false);
                    Cache(key, (reference, version));
                    return;
                }
                catch (ConcurrencyConflictException)
                {
                    // Another turn of the same user (another conversation, another instance) wrote meanwhile: read again.
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRememberFailed(LogIds.Of(input.Conversation.Value), e.GetType().Name);
        }
    }

    /// <summary>The user's most recent conversation, or null when she never had a turn the bot could remember.</summary>
    public async Task<ConversationReference?> FindAsync(string userKey, CancellationToken cancellationToken) =>
        (await ReadAsync(userKey, cancellationToken).ConfigureAwait(false))?.Reference is { ChannelId.Length: > 0, ConversationId.Length: > 0 } reference
            ? reference
            : null;

    private async Task<(ConversationReference Reference, long Version)?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(Collection, key, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(stored.Body.Span, ProactiveJsonContext.Default.ConversationReference) is { } reference
                ? (reference, stored.Version)
                : null;
        }
        catch (JsonException)
        {
            // An unreadable reference is as good as none; the next turn overwrites it.
            return (new ConversationReference { ChannelId = "", ConversationId = "", UserId = "" }, stored.Version);
        }
    }

    private void Cache(string key, (ConversationReference, long) value)
    {
        if (written.Count >= CacheCapacity)
        {
            written.Clear();
        }
        written[key] = value;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The conversation reference of a user in conversation {Conversation} could not be stored ({ExceptionType})")]
    private partial void LogRememberFailed(string conversation, string exceptionType);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConversationReference))]
internal sealed partial class ProactiveJsonContext : JsonSerializerContext;
