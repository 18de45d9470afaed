using System.Text.Json.Serialization;

namespace OppAssistant.BotFramework.DirectLine;

/// <summary>The Direct Line "Conversation" object: tokens/generate, tokens/refresh, conversations and reconnect.</summary>
internal sealed class ConversationResponse
{
    public string? ConversationId { get; set; }

    public string? Token { get; set; }

    [JsonPropertyName("expires_in")]
    public int ExpiresIn { get; set; }

    public string? StreamUrl { get; set; }
}

/// <summary>What is kept of a Direct Line conversation (collection "directline"); no message text.</summary>
internal sealed class ConversationRecord
{
    public string? UserId { get; set; }

    public DateTimeOffset StartedAt { get; set; }
}

/// <summary>The generated token signing key (collection "system").</summary>
internal sealed class SigningKeyRecord
{
    public string? Key { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConversationResponse))]
[JsonSerializable(typeof(ConversationRecord))]
[JsonSerializable(typeof(SigningKeyRecord))]
internal sealed partial class DirectLineJsonContext : JsonSerializerContext;
