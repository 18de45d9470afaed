using OppAssistant.Core.Content;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Conversation;

/// <summary>
/// The bot's decision for one turn: given the state read from storage and the input, change the state and say
/// something. It must not write anywhere itself; the pipeline stores the state and may run it again after a
/// concurrent write.
/// </summary>
public interface IConversationBot
{
    ValueTask<IReadOnlyList<BotReply>> HandleAsync(ConversationState state, TurnInput input, CancellationToken cancellationToken);
}

/// <summary>The bot of this stage: the session flow (welcome and role choice).</summary>
public sealed class SessionBot(DialogCatalog dialogs) : IConversationBot
{
    public ValueTask<IReadOnlyList<BotReply>> HandleAsync(ConversationState state, TurnInput input, CancellationToken cancellationToken)
    {
        var flow = new SessionFlow(state, dialogs.Common);
        if (input.Kind == InputKind.ConversationStarted)
        {
            flow.Start();
        }
        else
        {
            flow.Receive(input);
        }
        return ValueTask.FromResult(flow.Replies);
    }
}
