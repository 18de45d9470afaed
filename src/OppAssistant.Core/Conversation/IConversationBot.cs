using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Teacher;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Conversation;

/// <summary>
/// The bot's decision for one turn: given the state read from storage and the input, change the state and say
/// something. It must not write anywhere itself: it stages changes to other documents in <c>documents</c>, the
/// pipeline stores them with the state, and may run the turn again after a concurrent write.
/// </summary>
public interface IConversationBot
{
    ValueTask<IReadOnlyList<BotReply>> HandleAsync(ConversationState state, TurnInput input, TurnDocuments documents, CancellationToken cancellationToken);
}

/// <summary>
/// The bot: the session flow (welcome and role choice), and the teacher's guided OPP once the user is a teacher.
/// Roles without a flow yet say so.
/// </summary>
public sealed class SessionBot(DialogCatalog dialogs, OppRepository plans, TimeProvider time, Drafting.IDraftingAssistant drafting, StandardOffer? standardOffer = null)
    : IConversationBot
{
    private static readonly IReadOnlySet<Role> RolesWithFlow = new HashSet<Role> { Role.Teacher };

    public async ValueTask<IReadOnlyList<BotReply>> HandleAsync(ConversationState state, TurnInput input, TurnDocuments documents, CancellationToken cancellationToken)
    {
        if (input.Kind == InputKind.FollowUp && (state.Stage != SessionStage.InRole || state.Role is not { } role || !RolesWithFlow.Contains(role)))
        {
            // Slow work finished after the user left the flow that asked for it: nothing to say.
            return [];
        }
        var flow = new SessionFlow(state, dialogs.Common, RolesWithFlow);
        if (input.Kind == InputKind.ConversationStarted)
        {
            flow.Start();
        }
        else
        {
            flow.Receive(input);
        }
        if (flow.Handover == RoleHandover.None)
        {
            return flow.Replies;
        }
        var turn = new TeacherTurn(state.Teacher ??= new TeacherSession(), input, dialogs, plans, documents, time.GetUtcNow(), drafting)
        {
            StandardOffer = standardOffer ?? new StandardOffer([]),
        };
        var teacher = flow.Handover == RoleHandover.Enter
            ? await TeacherFlow.EnterAsync(turn, cancellationToken).ConfigureAwait(false)
            : await TeacherFlow.ReceiveAsync(turn, cancellationToken).ConfigureAwait(false);
        return [.. flow.Replies, .. teacher];
    }
}
