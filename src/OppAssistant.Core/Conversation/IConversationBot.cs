using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Parent;
using OppAssistant.Core.Pupil;
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
/// The bot: the session flow (welcome and role choice), then the role's own flow: the teacher's guided OPP, the
/// pupil's conversation, the parent's questions and answers, or the coordinator's review. The coordinator's role is
/// only for users the <see cref="Review.ICoordinatorDirectory"/> names; it is checked on every turn of that role.
/// <see cref="IProactiveTurns"/> comes as a factory, resolved only when a nudge runs after a stored turn: the channel
/// adapter's implementation runs turns through the pipeline, which needs this bot, so taking it at construction
/// would be a circular dependency.
/// </summary>
public sealed class SessionBot(
    DialogCatalog dialogs,
    OppRepository plans,
    TimeProvider time,
    Drafting.IDraftingAssistant drafting,
    StandardOffer? standardOffer = null,
    PupilInvitations? invitations = null,
    ISafeguardingNotifier? safeguardingNotifier = null,
    Microsoft.Extensions.Options.IOptions<ContentOptions>? contentOptions = null,
    IParentKnowledge? parentKnowledge = null,
    Parent.ParentInvitations? parentInvitations = null,
    Review.ICoordinatorDirectory? coordinators = null,
    Func<IProactiveTurns>? proactiveTurns = null,
    Review.IReviewLinks? reviewLinks = null,
    Review.ReviewService? reviewService = null)
    : IConversationBot
{
    private static readonly IReadOnlySet<Role> RolesWithFlow = new HashSet<Role> { Role.Teacher, Role.Pupil, Role.Parent, Role.Coordinator };

    /// <summary>Roles the bot admits itself before their flow starts: a role choice alone never makes anyone a coordinator.</summary>
    private static readonly IReadOnlySet<Role> CheckedRoles = new HashSet<Role> { Role.Coordinator };

    private readonly Review.ICoordinatorDirectory coordinatorDirectory = coordinators ?? new Review.NoCoordinators();

    private readonly Review.ReviewService review = reviewService ?? new(plans, new Lifecycle.LifecycleService(plans, dialogs, time), time);

    private readonly IParentKnowledge knowledge = parentKnowledge ?? new NoParentKnowledge();

    private readonly Parent.ParentInvitations parentCodes = parentInvitations ?? new Parent.ParentInvitations(time, new RandomSource());

    private readonly PupilInvitations pupilInvitations = invitations ?? new PupilInvitations(time, new RandomSource());

    public async ValueTask<IReadOnlyList<BotReply>> HandleAsync(ConversationState state, TurnInput input, TurnDocuments documents, CancellationToken cancellationToken)
    {
        if (await ParentPlanAsync(state, input, documents, cancellationToken).ConfigureAwait(false) is { } parentPlanReplies)
        {
            return parentPlanReplies;
        }
        if (input.Kind == InputKind.FollowUp && (state.Stage != SessionStage.InRole || state.Role is not { } role || !RolesWithFlow.Contains(role)))
        {
            // Slow work finished after the user left the flow that asked for it: nothing to say.
            return [];
        }
        var flow = new SessionFlow(state, dialogs.Common, RolesWithFlow, CheckedRoles);
        if (input.Kind == InputKind.ConversationStarted)
        {
            flow.Start();
        }
        else if (state.Stage != SessionStage.InRole && input.Kind == InputKind.Message
            && PupilInvitations.NormalizeCode(input.Text) is not null
            && await pupilInvitations.FindAsync(documents, input.Text, cancellationToken).ConfigureAwait(false) is not null)
        {
            // A pupil may type his code straight away, without choosing a role first.
            flow.ReceiveInvitation(Role.Pupil);
        }
        else
        {
            flow.Receive(input);
        }
        if (flow.Handover == RoleHandover.None)
        {
            return flow.Replies;
        }
        var entering = flow.Handover == RoleHandover.Enter;
        IReadOnlyList<BotReply> own;
        if (state.Role == Role.Coordinator)
        {
            if (input.Kind == InputKind.FollowUp)
            {
                // The teacher was nudged after a decision: nothing to say here.
                return flow.Replies;
            }
            if (!await coordinatorDirectory.IsCoordinatorAsync(input, cancellationToken).ConfigureAwait(false))
            {
                flow.Refuse(dialogs.Review.Text("not_coordinator"));
                return flow.Replies;
            }
            if (entering)
            {
                flow.Admit();
            }
            var turn = new Review.CoordinatorTurn(state.Coordinator ??= new Review.CoordinatorSession(), input, dialogs, plans, documents, review, time.GetUtcNow())
            {
                Links = reviewLinks ?? new Review.NoReviewLinks(),
                Proactive = proactiveTurns ?? (static () => new NoProactiveTurns()),
            };
            own = entering
                ? await Review.CoordinatorFlow.EnterAsync(turn, cancellationToken).ConfigureAwait(false)
                : await Review.CoordinatorFlow.ReceiveAsync(turn, cancellationToken).ConfigureAwait(false);
        }
        else if (state.Role == Role.Parent)
        {
            var turn = new ParentTurn(state.Parent ??= new ParentSession(), input, dialogs, knowledge);
            own = entering ? ParentFlow.Enter(turn) : ParentFlow.Receive(turn);
        }
        else if (state.Role == Role.Pupil)
        {
            var turn = new PupilTurn(state.Pupil ??= new PupilSession(), input, dialogs, plans, pupilInvitations, documents, time.GetUtcNow(), drafting,
                safeguardingNotifier ?? new NoSafeguardingNotifier());
            own = entering
                ? await PupilFlow.EnterAsync(turn, cancellationToken).ConfigureAwait(false)
                : await PupilFlow.ReceiveAsync(turn, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var turn = new TeacherTurn(state.Teacher ??= new TeacherSession(), input, dialogs, plans, documents, time.GetUtcNow(), drafting)
            {
                Lifecycle = review.Lifecycle,
                StandardOffer = standardOffer ?? new StandardOffer([]),
                Invitations = pupilInvitations,
                ParentInvitations = parentCodes,
                WebChatUrl = contentOptions?.Value.WebChatUrl ?? new ContentOptions().WebChatUrl,
                Review = review,
            };
            own = entering
                ? await TeacherFlow.EnterAsync(turn, cancellationToken).ConfigureAwait(false)
                : await TeacherFlow.ReceiveAsync(turn, cancellationToken).ConfigureAwait(false);
        }
        return [.. flow.Replies, .. own];
    }

    /// <summary>
    /// The parents' part of a plan (<see cref="Parent.ParentPlanFlow"/>): a parent's code typed in Web Chat before a
    /// role is chosen or in the parent role opens it, and from then on it takes every message until it is finished or
    /// the parent types "andere rol". Null when the turn is not for it.
    /// </summary>
    private async Task<IReadOnlyList<BotReply>?> ParentPlanAsync(ConversationState state, TurnInput input, TurnDocuments documents, CancellationToken cancellationToken)
    {
        if (input.Kind is not (InputKind.Message or InputKind.CardAction))
        {
            return null;
        }
        var owning = state.Role == Role.Parent && state.Stage == SessionStage.InRole && Parent.ParentPlanFlow.Takes(state.ParentPlan, input, dialogs);
        if (owning && TextMatcher.IsExactly(input.Text, dialogs.Common.Commands["switch_role"]))
        {
            Parent.ParentPlanFlow.Leave(state.ParentPlan!, dialogs);
            return null;
        }
        var code = !owning && input.Kind == InputKind.Message && input.Conversation.ChannelId != TeamsChannel
            && (state.Stage != SessionStage.InRole || state.Role == Role.Parent)
            && PupilInvitations.NormalizeCode(input.Text) is not null
            && await parentCodes.FindAsync(documents, input.Text, cancellationToken).ConfigureAwait(false) is not null;
        if (!owning && !code)
        {
            return null;
        }
        IReadOnlyList<BotReply> session = [];
        if (state.Stage != SessionStage.InRole)
        {
            var flow = new SessionFlow(state, dialogs.Common, RolesWithFlow);
            flow.ReceiveInvitation(Role.Parent);
            session = flow.Replies;
        }
        var turn = new Parent.ParentPlanTurn(state.ParentPlan ??= new Parent.ParentPlanSession(), input, dialogs, plans, parentCodes, documents, time.GetUtcNow());
        return [.. session, .. await Parent.ParentPlanFlow.ReceiveAsync(turn, cancellationToken).ConfigureAwait(false)];
    }

    /// <summary>The parents' part is for Web Chat; in Teams an 8-symbol text is never taken for a parent's code.</summary>
    private const string TeamsChannel = "msteams";
}
