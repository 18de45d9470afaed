using System.Globalization;
using System.Text.Json;
using OppAssistant.Core.Cards;
using OppAssistant.Core.Turns;

namespace OppAssistant.BotFramework.Protocol;

/// <summary>Translates between Activities and the channel-neutral turn types of the core.</summary>
public static class ActivityMapper
{
    public const string AdaptiveCardActionInvoke = "adaptiveCard/action";

    /// <summary>The turn an activity asks for, or null when the bot has nothing to do with it (it is then ignored with 200).</summary>
    public static TurnInput? ToTurnInput(Activity activity)
    {
        if (activity.Conversation?.Id is not { Length: > 0 } conversationId || activity.ChannelId is not { Length: > 0 } channelId)
        {
            return null;
        }
        var key = new ConversationKey(channelId, conversationId);
        var userId = activity.From?.Id ?? "";
        var input = activity.Type switch
        {
            ActivityTypes.ConversationUpdate when activity.MembersAdded is { Count: > 0 } =>
                new TurnInput(key, userId, InputKind.ConversationStarted, Locale: activity.Locale),
            ActivityTypes.Message => Message(activity, key, userId),
            ActivityTypes.Invoke when activity.Name == AdaptiveCardActionInvoke =>
                new TurnInput(key, userId, InputKind.CardAction, null, InvokeData(activity), activity.Locale),
            _ => null,
        };
        // Teams gives the Entra object id, the same in every chat and app of the user: her plans follow her.
        return input is not null && activity.From?.AadObjectId is { Length: > 0 } aad
            ? input with { UserKey = "aad:" + aad.ToLowerInvariant() }
            : input;
    }

    private static TurnInput Message(Activity activity, ConversationKey key, string userId)
    {
        var value = activity.Value is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } v ? v : (JsonElement?)null;
        return new TurnInput(key, userId, TurnInput.KindOf(activity.Text, value), activity.Text, value, activity.Locale);
    }

    /// <summary>Universal Actions put the submitted data under value.action.data.</summary>
    private static JsonElement? InvokeData(Activity activity) =>
        activity.Value is { ValueKind: JsonValueKind.Object } invokeValue
        && invokeValue.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.Object
        && action.TryGetProperty("data", out var d) ? d : null;

    /// <summary>A reply addressed back to the sender of <paramref name="incoming"/>.</summary>
    public static Activity ToActivity(BotReply reply, Activity incoming, DateTimeOffset now)
    {
        var activity = ReplyShell(incoming, ActivityTypes.Message, now);
        if (reply.Text is { } text)
        {
            activity.Text = text;
            activity.TextFormat = "markdown";
        }
        if (reply.AdaptiveCard is { } card)
        {
            activity.Attachments = [new Attachment { ContentType = AdaptiveCardBuilder.ContentType, Content = card }];
        }
        if (reply.SuggestedActions.Count > 0)
        {
            activity.SuggestedActions = new SuggestedActions
            {
                // No "to": Web Chat knows its user by an id of its own and hides actions addressed to another one.
                Actions = reply.SuggestedActions
                    .Select(a => new CardAction { Type = "imBack", Title = a.Title, Value = JsonSerializer.SerializeToElement(a.Value, ProtocolJsonContext.Default.String) })
                    .ToList(),
            };
        }
        return activity;
    }

    /// <summary>The "bot is typing" indicator, sent when a turn takes longer than a moment.</summary>
    public static Activity Typing(Activity incoming, DateTimeOffset now) => ReplyShell(incoming, ActivityTypes.Typing, now);

    private static Activity ReplyShell(Activity incoming, string type, DateTimeOffset now) => new()
    {
        Type = type,
        Timestamp = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        ChannelId = incoming.ChannelId,
        ServiceUrl = incoming.ServiceUrl,
        Conversation = incoming.Conversation,
        From = incoming.Recipient,
        Recipient = incoming.From,
        ReplyToId = incoming.Id,
        Locale = incoming.Locale,
    };
}
