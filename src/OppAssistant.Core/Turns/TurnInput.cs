using System.Text.Json;

namespace OppAssistant.Core.Turns;

/// <summary>Identifies one conversation across turns, whatever the channel.</summary>
public readonly record struct ConversationKey(string ChannelId, string ConversationId)
{
    /// <summary>The storage key: channel and conversation id, so ids from different channels never collide.</summary>
    public string Value => string.Concat(ChannelId, ":", ConversationId);

    public override string ToString() => Value;
}

public enum InputKind
{
    /// <summary>The conversation was opened (a user or the bot was added). The bot may greet.</summary>
    ConversationStarted,

    /// <summary>The user typed text.</summary>
    Message,

    /// <summary>The user pressed a card button; <see cref="TurnInput.Value"/> holds the card's data and inputs.</summary>
    CardAction,

    /// <summary>
    /// The result of slow work an earlier turn asked for (<see cref="FollowUp"/>), in <see cref="TurnInput.Value"/>:
    /// <c>{"followUp": name, "ok": true|false, "result": …}</c>. The bot speaks without the user having said anything.
    /// </summary>
    FollowUp,
}

/// <summary>
/// Slow work (an AI draft) that a turn asks for. It runs after the turn is stored, outside it, within
/// <see cref="Timeout"/>; its JSON result, or its failure, arrives as a <see cref="InputKind.FollowUp"/> turn.
/// </summary>
public sealed record FollowUp(string Name, Func<CancellationToken, Task<JsonElement>> Work, TimeSpan Timeout);

/// <summary>What the bot logic sees of one incoming turn: channel-neutral, no protocol types.</summary>
public sealed record TurnInput(
    ConversationKey Conversation,
    string UserId,
    InputKind Kind,
    string? Text = null,
    JsonElement? Value = null,
    string? Locale = null)
{
    /// <summary>
    /// Who the user is across conversations, for "mijn OPP's": the Entra object id where the channel vouches for it
    /// (Teams), else the channel's own user id. Direct Line users get a new id per conversation, so there a resume
    /// code carries a plan to the next conversation. An identifier: never logged.
    /// </summary>
    public string UserKey { get; init; } = string.Concat(Conversation.ChannelId, ":", UserId);

    /// <summary>Card submits arrive as messages with a value and often no text; both count as a card action.</summary>
    public static InputKind KindOf(string? text, JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } && string.IsNullOrWhiteSpace(text) ? InputKind.CardAction : InputKind.Message;
}
