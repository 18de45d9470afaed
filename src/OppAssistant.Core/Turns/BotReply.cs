using System.Text.Json;

namespace OppAssistant.Core.Turns;

/// <summary>A button under a message. Pressing it sends <see cref="Value"/> as if the user typed it.</summary>
public sealed record SuggestedAction(string Title, string Value);

/// <summary>One thing the bot says: text (Markdown), optional suggested actions, optional Adaptive Card 1.5.</summary>
public sealed record BotReply
{
    public string? Text { get; init; }

    public IReadOnlyList<SuggestedAction> SuggestedActions { get; init; } = [];

    /// <summary>An Adaptive Card (schema 1.5) as JSON. Every card action must also work as typed text.</summary>
    public JsonElement? AdaptiveCard { get; init; }

    /// <summary>
    /// Stands in for the answer of this turn's slow work ("Ik vraag de AI…"): where the channel can change a sent
    /// message (Teams), the follow-up's first reply replaces it; elsewhere the follow-up comes as its own message.
    /// </summary>
    public bool Placeholder { get; init; }

    public static BotReply FromText(string text) => new() { Text = text };
}

/// <summary>The result of one turn as the transports see it.</summary>
public sealed record TurnOutcome(IReadOnlyList<BotReply> Replies, TurnStatus Status)
{
    /// <summary>What was appended with the state (when the turn recorded its replies), and their sequence numbers.</summary>
    public Storage.LogAppend? LoggedAppend { get; init; }

    public IReadOnlyList<long>? Logged { get; init; }

    /// <summary>Slow work the stored turn asked for; the transport starts it and delivers its follow-up turn.</summary>
    public IReadOnlyList<FollowUp> FollowUps { get; init; } = [];

    public static TurnOutcome Completed(IReadOnlyList<BotReply> replies) => new(replies, TurnStatus.Completed);
}

public enum TurnStatus
{
    Completed,

    /// <summary>The turn failed; the replies hold the apology and the stored state was left as it was.</summary>
    Failed,
}
