using OppAssistant.BotFramework.Protocol;

namespace OppAssistant.BotFramework.Connector;

/// <summary>
/// Teams channels and group chats are read by everyone in them, and an OPP holds sensitive data about a child, so the
/// bot runs no turn there. It may still be installed in a team (teams-package --team-scope): the coordinator directory
/// needs that to read the members of Coordinators:TeamId.
/// </summary>
internal static class SharedConversationGuard
{
    public const string Channel = "channel";
    public const string GroupChat = "groupChat";
    public const string OtherGroup = "group";

    /// <summary>
    /// The kind of shared conversation (one of the constants above, so safe to log), or null for a personal one.
    /// Any conversation marked isGroup counts as shared too, whatever its type says.
    /// </summary>
    public static string? SharedKind(Activity activity) => activity.Conversation switch
    {
        { ConversationType: var type } when string.Equals(type, Channel, StringComparison.OrdinalIgnoreCase) => Channel,
        { ConversationType: var type } when string.Equals(type, GroupChat, StringComparison.OrdinalIgnoreCase) => GroupChat,
        { IsGroup: true } => OtherGroup,
        _ => null,
    };
}
