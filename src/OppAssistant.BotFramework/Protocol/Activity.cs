using System.Text.Json;
using System.Text.Json.Serialization;

namespace OppAssistant.BotFramework.Protocol;

/// <summary>
/// A Bot Framework Activity in the "loose schema" style: the fields this bot reads or writes are typed, every
/// other field lands in <see cref="AdditionalProperties"/> so channelData and future fields survive a round trip.
/// Timestamps stay strings so they are written back exactly as they came.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public string? Timestamp { get; set; }
    public string? LocalTimestamp { get; set; }
    public string? LocalTimezone { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public string? TextFormat { get; set; }
    public string? AttachmentLayout { get; set; }
    public List<ChannelAccount>? MembersAdded { get; set; }
    public List<ChannelAccount>? MembersRemoved { get; set; }
    public string? Locale { get; set; }
    public string? Text { get; set; }
    public string? InputHint { get; set; }
    public SuggestedActions? SuggestedActions { get; set; }
    public List<Attachment>? Attachments { get; set; }
    public List<JsonElement>? Entities { get; set; }
    public JsonElement? ChannelData { get; set; }
    public string? ReplyToId { get; set; }
    public JsonElement? Value { get; set; }
    public string? Name { get; set; }
    public string? DeliveryMode { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string Invoke = "invoke";
    public const string InvokeResponse = "invokeResponse";
    public const string Typing = "typing";
    public const string Event = "event";
}

public static class DeliveryModes
{
    public const string ExpectReplies = "expectReplies";
}

public sealed class ChannelAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Role { get; set; }
    public string? AadObjectId { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class ConversationAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? ConversationType { get; set; }
    public string? TenantId { get; set; }
    public bool? IsGroup { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class Attachment
{
    public string? ContentType { get; set; }
    public string? ContentUrl { get; set; }
    public JsonElement? Content { get; set; }
    public string? Name { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class SuggestedActions
{
    public List<string>? To { get; set; }
    public List<CardAction>? Actions { get; set; }
}

public sealed class CardAction
{
    public string? Type { get; set; }
    public string? Title { get; set; }
    public JsonElement? Value { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>The body of a reply to an <c>expectReplies</c> request.</summary>
public sealed class ExpectedReplies
{
    public List<Activity> Activities { get; set; } = [];
}

/// <summary>The HTTP body of a synchronous invoke response (e.g. <c>adaptiveCard/action</c>).</summary>
public sealed class AdaptiveCardInvokeResponse
{
    public int StatusCode { get; set; }
    public string? Type { get; set; }
    public JsonElement? Value { get; set; }
}

/// <summary>What the connector answers to a send: the id of the created activity.</summary>
public sealed class ResourceResponse
{
    public string? Id { get; set; }
}

/// <summary>The body of POST /v3/conversations (Bot Connector REST reference, "ConversationParameters").</summary>
public sealed class ConversationParameters
{
    /// <summary>Always written: Teams creates only 1:1 chats (false) and channel threads this way.</summary>
    public bool IsGroup { get; set; }

    public ChannelAccount? Bot { get; set; }
    public List<ChannelAccount>? Members { get; set; }
    public string? TopicName { get; set; }

    /// <summary>The Entra tenant the conversation is created in; Teams also reads <c>channelData.tenant.id</c>.</summary>
    public string? TenantId { get; set; }

    /// <summary>Optional first message of the new conversation.</summary>
    public Activity? Activity { get; set; }

    public JsonElement? ChannelData { get; set; }
}

/// <summary>What the connector answers to POST /v3/conversations.</summary>
public sealed class ConversationResourceResponse
{
    public string? Id { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ActivityId { get; set; }
}

/// <summary>Teams' <c>channelData</c> with only the tenant, as a conversation is created with it.</summary>
public sealed class TeamsTenantChannelData
{
    public TeamsTenant? Tenant { get; set; }

    public static JsonElement For(string tenantId) => JsonSerializer.SerializeToElement(
        new TeamsTenantChannelData { Tenant = new TeamsTenant { Id = tenantId } }, ProtocolJsonContext.Default.TeamsTenantChannelData);
}

public sealed class TeamsTenant
{
    public string? Id { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(ExpectedReplies))]
[JsonSerializable(typeof(AdaptiveCardInvokeResponse))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(ConversationParameters))]
[JsonSerializable(typeof(ConversationResourceResponse))]
[JsonSerializable(typeof(TeamsTenantChannelData))]
[JsonSerializable(typeof(ChannelAccount))]
[JsonSerializable(typeof(string))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
