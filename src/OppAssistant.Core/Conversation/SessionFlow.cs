using OppAssistant.Core.Cards;
using OppAssistant.Core.Content;
using OppAssistant.Core.Turns;
using Stateless;
using Stateless.Graph;

namespace OppAssistant.Core.Conversation;

/// <summary>
/// The first conversation: greet, find out who the user is, and hand over to that role. The machine is built
/// for one turn over a <see cref="ConversationState"/> that lives outside it (Stateless external state).
/// A role with a flow of its own takes over at <see cref="SessionStage.InRole"/>: the session then only keeps
/// "andere rol" and says what the <see cref="Handover"/> is.
/// </summary>
public sealed class SessionFlow
{
    /// <summary>Card data key and value that mark a role choice; the role id is in <see cref="RoleKey"/>.</summary>
    public const string ActionKey = "action";
    public const string ChooseRoleAction = "chooseRole";
    public const string RoleKey = "role";

    private enum Trigger
    {
        Greet,
        ChooseRole,
        NotUnderstood,
        Help,
        SwitchRole,
        Other,
        Invited,
        Refused,
    }

    private readonly ConversationState state;
    private readonly CommonDialog dialog;
    private readonly IReadOnlySet<Role> rolesWithFlow;
    private readonly IReadOnlySet<Role> checkedRoles;
    private readonly List<BotReply> replies = [];
    private readonly StateMachine<SessionStage, Trigger> machine;
    private readonly StateMachine<SessionStage, Trigger>.TriggerWithParameters<Role> chooseRole;
    private readonly StateMachine<SessionStage, Trigger>.TriggerWithParameters<Role> invited;
    private readonly StateMachine<SessionStage, Trigger>.TriggerWithParameters<string> refused;

    /// <param name="state">The conversation's state; the machine's state lives in it.</param>
    /// <param name="dialog">The texts.</param>
    /// <param name="rolesWithFlow">Roles with a flow of their own, which take over once chosen.</param>
    /// <param name="checkedRoles">
    /// Roles the bot must admit before they start (the coordinator: <see cref="Review.ICoordinatorDirectory"/>): choosing
    /// one says no introduction yet; the bot then calls <see cref="Admit"/> or <see cref="Refuse"/>.
    /// </param>
    public SessionFlow(ConversationState state, CommonDialog dialog, IReadOnlySet<Role>? rolesWithFlow = null, IReadOnlySet<Role>? checkedRoles = null)
    {
        this.state = state;
        this.dialog = dialog;
        this.rolesWithFlow = rolesWithFlow ?? new HashSet<Role>();
        this.checkedRoles = checkedRoles ?? new HashSet<Role>();
        machine = new StateMachine<SessionStage, Trigger>(() => state.Stage, stage => state.Stage = stage);
        chooseRole = machine.SetTriggerParameters<Role>(Trigger.ChooseRole);
        invited = machine.SetTriggerParameters<Role>(Trigger.Invited);
        refused = machine.SetTriggerParameters<string>(Trigger.Refused);
        Configure();
    }

    public IReadOnlyList<BotReply> Replies => replies;

    /// <summary>What the role's own flow must do after this turn of the session, if anything.</summary>
    public RoleHandover Handover { get; private set; }

    /// <summary>The conversation was opened: greet once, never twice.</summary>
    public void Start() => Fire(Trigger.Greet);

    /// <summary>The user typed text or pressed a button.</summary>
    public void Receive(TurnInput input)
    {
        if (RoleFromCard(input) is { } cardRole)
        {
            machine.Fire(chooseRole, cardRole);
            return;
        }
        var text = input.Text;
        if (state.Stage == SessionStage.New)
        {
            // A first message that already names the role ("ik ben juf") skips the question.
            if (RoleFromText(text) is { } firstRole)
            {
                machine.Fire(chooseRole, firstRole);
            }
            else
            {
                Fire(Trigger.Greet);
            }
        }
        else if (state.Stage == SessionStage.InRole && HasFlow && !TextMatcher.IsExactly(text, dialog.Commands["switch_role"]))
        {
            Handover = RoleHandover.Receive;
        }
        else if (TextMatcher.IsExactly(text, dialog.Commands["help"]))
        {
            Fire(Trigger.Help);
        }
        else if (TextMatcher.IsExactly(text, dialog.Commands["switch_role"]))
        {
            Fire(Trigger.SwitchRole);
        }
        else if (state.Stage == SessionStage.ChoosingRole)
        {
            if (RoleFromText(text) is { } typedRole)
            {
                machine.Fire(chooseRole, typedRole);
            }
            else
            {
                Fire(Trigger.NotUnderstood);
            }
        }
        else
        {
            Fire(Trigger.Other);
        }
    }

    /// <summary>
    /// The user typed a code that invites this role (a pupil's code) before choosing one: the role's flow takes the
    /// message itself, without the role's introduction.
    /// </summary>
    public void ReceiveInvitation(Role role) => machine.Fire(invited, role);

    /// <summary>The bot admitted the checked role just chosen: its introduction, then its flow starts.</summary>
    public void Admit() => Say(dialog.For(state.Role!.Value).Intro);

    /// <summary>The user may not take the role he is in or just chose: say <paramref name="why"/> and ask the role again.</summary>
    public void Refuse(string why)
    {
        Handover = RoleHandover.None;
        machine.Fire(refused, why);
    }

    /// <summary>The machine as a Mermaid diagram; the README shows it and a test keeps the two equal.</summary>
    public static string ToMermaid(CommonDialog dialog) =>
        MermaidGraph.Format(new SessionFlow(new ConversationState(), dialog).machine.GetInfo());

    private void Configure()
    {
        machine.Configure(SessionStage.New)
            .OnExit(Welcome)
            .Permit(Trigger.Greet, SessionStage.ChoosingRole)
            .Permit(Trigger.ChooseRole, SessionStage.InRole)
            .Permit(Trigger.Invited, SessionStage.InRole);

        // Re-entering a state (rather than an internal transition) keeps the action names in the diagram.
        machine.Configure(SessionStage.ChoosingRole)
            .OnEntryFrom(Trigger.SwitchRole, ConfirmSwitch)
            .OnEntryFrom(Trigger.Help, ExplainRoleChoice)
            .OnEntryFrom(Trigger.NotUnderstood, SayNotUnderstood)
            .OnEntryFrom(refused, SayRefused)
            .OnEntry(AskRole)
            .Ignore(Trigger.Greet)
            .PermitReentry(Trigger.SwitchRole)
            .PermitReentry(Trigger.Help)
            .PermitReentry(Trigger.NotUnderstood)
            .Permit(Trigger.ChooseRole, SessionStage.InRole)
            .Permit(Trigger.Invited, SessionStage.InRole);

        // Later stages replace AnswerInRole with the role's own flow (teacher, pupil, parent, coordinator).
        machine.Configure(SessionStage.InRole)
            .OnEntryFrom(chooseRole, EnterRole)
            .OnEntryFrom(invited, EnterByInvitation)
            .OnEntryFrom(Trigger.Help, ExplainCommands)
            .OnEntryFrom(Trigger.Other, AnswerInRole)
            .Ignore(Trigger.Greet)
            .PermitReentry(Trigger.ChooseRole)
            .PermitReentry(Trigger.Help)
            .PermitReentry(Trigger.Other)
            .Permit(Trigger.SwitchRole, SessionStage.ChoosingRole)
            .Permit(Trigger.Refused, SessionStage.ChoosingRole);
    }

    private void Welcome() => Say(dialog.Text("welcome"));

    private void ConfirmSwitch() => Say(dialog.Text("switch_role"));

    private void ExplainRoleChoice() => Say(dialog.Text("role_help"));

    private void SayRefused(string why)
    {
        state.Role = null;
        Say(why);
    }

    private void SayNotUnderstood() => Say(dialog.Text("role_not_understood"));

    private void ExplainCommands() => Say(dialog.Text("in_role_help"));

    private void AnswerInRole() => Say(dialog.For(state.Role!.Value).NotYet ?? dialog.Text("in_role_help"));

    private void EnterRole(Role role)
    {
        state.Role = role;
        if (!checkedRoles.Contains(role))
        {
            Say(dialog.For(role).Intro);
        }
        if (HasFlow)
        {
            Handover = RoleHandover.Enter;
        }
    }

    private void EnterByInvitation(Role role)
    {
        state.Role = role;
        Handover = RoleHandover.Receive;
    }

    private bool HasFlow => state.Role is { } role && rolesWithFlow.Contains(role);

    private void AskRole()
    {
        var card = new AdaptiveCardBuilder().AddText(dialog.Text("ask_role"), emphasis: true);
        foreach (var role in dialog.Roles)
        {
            card.AddSubmit(role.Label, [new(ActionKey, ChooseRoleAction), new(RoleKey, RoleId(role.Role))]);
        }
        replies.Add(new BotReply { AdaptiveCard = card.Build() });
    }

    private void Say(string text) => replies.Add(BotReply.FromText(text));

    private void Fire(Trigger trigger) => machine.Fire(trigger);

    private Role? RoleFromText(string? text)
    {
        var exact = dialog.Roles.Where(r => TextMatcher.IsExactly(text, r.Answers) || TextMatcher.IsExactly(text, [r.Label])).ToList();
        if (exact.Count == 1)
        {
            return exact[0].Role;
        }
        var mentioned = dialog.Roles.Where(r => TextMatcher.Mentions(text, r.Answers)).ToList();
        return mentioned.Count == 1 ? mentioned[0].Role : null;
    }

    private static Role? RoleFromCard(TurnInput input)
    {
        if (input.Value is not { ValueKind: System.Text.Json.JsonValueKind.Object } value
            || !value.TryGetProperty(ActionKey, out var action) || action.ValueKind != System.Text.Json.JsonValueKind.String
            || action.GetString() != ChooseRoleAction
            || !value.TryGetProperty(RoleKey, out var role) || role.ValueKind != System.Text.Json.JsonValueKind.String)
        {
            return null;
        }
        return Enum.TryParse<Role>(role.GetString(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
    }

    public static string RoleId(Role role) => role.ToString().ToLowerInvariant();
}

/// <summary>What a role's own flow does after the session's part of the turn.</summary>
public enum RoleHandover
{
    None,

    /// <summary>The role was just chosen: the flow starts or resumes.</summary>
    Enter,

    /// <summary>The message is for the role's flow.</summary>
    Receive,
}
