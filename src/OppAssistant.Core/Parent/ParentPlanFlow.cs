using System.Globalization;
using System.Text.Json;
using OppAssistant.Core.Cards;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Turns;
using Stateless;
using Stateless.Graph;

namespace OppAssistant.Core.Parent;

/// <summary>
/// A parent's part of the plan: code → an honest word on who reads it → who the parent is and gezag → the home
/// circle (what goes well, what is hard, "nog een?") → opvoedbehoeften and the parents' own ondersteuningsbehoeften
/// with the hulpzinnen → (with gezag) the handelingsdeel in plain Dutch → zienswijze → (with gezag) akkoord or niet
/// akkoord, with reasons. One Stateless machine, built for one turn over a <see cref="ParentPlanSession"/> that lives
/// outside it. Every answer is stored in the plan at once with <see cref="Role.Parent"/> as its provenance; a decision
/// is appended to the plan and the audit trail, and niet akkoord leaves a notice for the coordinator. Everything said
/// comes from dialogs/parent-plan.yaml.
/// </summary>
public sealed class ParentPlanFlow
{
    /// <summary>Used or expired codes one conversation may try: enough for mistakes, too few to guess.</summary>
    public const int MaxWrongCodes = 5;

    public const string CardAction = "parentPlan";

    /// <summary>The two kinds of needs a parent writes (faq-brief §3.1), in this order.</summary>
    public static readonly NeedKind[] NeedKinds = [NeedKind.Parenting, NeedKind.ParentSupport];

    private enum Trigger
    {
        CodeAccepted,
        Next,
        Choose,
        Written,
        Decide,
        Leave,
        Help,
    }

    private readonly ParentPlanTurn turn;
    private readonly ParentPlanSession session;
    private readonly ParentPlanDialog dialog;
    private readonly List<BotReply> replies = [];
    private readonly StateMachine<ParentPlanStep, Trigger> machine;
    private OppDocument? opp;
    private bool changed;

    private ParentPlanFlow(ParentPlanTurn turn)
    {
        this.turn = turn;
        session = turn.Session;
        dialog = turn.Dialogs.ParentPlan;
        machine = new StateMachine<ParentPlanStep, Trigger>(() => session.Step, step => session.Step = step, FiringMode.Queued);
        Configure();
    }

    /// <summary>One message or card action: the code, or an answer in the parent's part.</summary>
    public static async Task<IReadOnlyList<BotReply>> ReceiveAsync(ParentPlanTurn turn, CancellationToken cancellationToken)
    {
        var flow = new ParentPlanFlow(turn);
        if (turn.Session.OppId is { } id)
        {
            flow.opp = await turn.Plans.GetAsync(turn.Documents, id, cancellationToken).ConfigureAwait(false);
            if (flow.opp is null)
            {
                // The plan was deleted: this conversation has nothing left to add to.
                turn.Session.Step = ParentPlanStep.AwaitingCode;
                turn.Session.OppId = null;
                turn.Session.ParentId = null;
            }
        }
        await flow.DispatchAsync(cancellationToken).ConfigureAwait(false);
        if (flow.changed && flow.opp is not null)
        {
            await turn.Plans.StoreAsync(turn.Documents, flow.opp, cancellationToken).ConfigureAwait(false);
        }
        return flow.replies;
    }

    /// <summary>
    /// Whether this message is for the flow: always between the code and the end; after the end only a parent's new
    /// decision ("akkoord", "niet akkoord"), which is recorded as a new entry.
    /// </summary>
    public static bool Takes(ParentPlanSession? session, TurnInput input, DialogCatalog dialogs) =>
        session is { OwnsConversation: true }
        || session is { Step: ParentPlanStep.Finished } && input.Kind == InputKind.Message
            && (dialogs.ParentPlan.Is(input.Text, "agree") || dialogs.ParentPlan.Is(input.Text, "not_agree"));

    /// <summary>The parent chose another role: the flow lets go of the conversation (the code stays used).</summary>
    public static void Leave(ParentPlanSession session, DialogCatalog dialogs)
    {
        var flow = new ParentPlanFlow(new ParentPlanTurn(session, new TurnInput(new ConversationKey("", ""), "", InputKind.Message), dialogs, null!, null!, null!, DateTimeOffset.UnixEpoch));
        if (flow.machine.CanFire(Trigger.Leave))
        {
            flow.machine.Fire(Trigger.Leave);
        }
    }

    /// <summary>The machine as a Mermaid diagram.</summary>
    public static string ToMermaid(DialogCatalog dialogs) =>
        MermaidGraph.Format(new ParentPlanFlow(new ParentPlanTurn(
            new ParentPlanSession(), new TurnInput(new ConversationKey("", ""), "", InputKind.Message), dialogs, null!, null!, null!, DateTimeOffset.UnixEpoch)).machine.GetInfo());

    private void Configure()
    {
        machine.Configure(ParentPlanStep.Conversation)
            .InternalTransition(Trigger.Help, SayHelp);

        machine.Configure(ParentPlanStep.AwaitingCode)
            .SubstateOf(ParentPlanStep.Conversation)
            .Permit(Trigger.CodeAccepted, ParentPlanStep.Label);

        machine.Configure(ParentPlanStep.Label)
            .SubstateOf(ParentPlanStep.Conversation)
            .OnEntryFrom(Trigger.CodeAccepted, Welcome)
            .Permit(Trigger.Next, ParentPlanStep.Custody)
            .Permit(Trigger.Leave, ParentPlanStep.Left);

        machine.Configure(ParentPlanStep.Custody)
            .SubstateOf(ParentPlanStep.Conversation)
            .Permit(Trigger.Next, ParentPlanStep.GoesWell)
            .Permit(Trigger.Leave, ParentPlanStep.Left);

        machine.Configure(ParentPlanStep.GoesWell)
            .SubstateOf(ParentPlanStep.Conversation)
            .OnEntry(() => Say(dialog.Text("home_intro")))
            .Permit(Trigger.Next, ParentPlanStep.Hard)
            .Permit(Trigger.Leave, ParentPlanStep.Left);

        machine.Configure(ParentPlanStep.Hard)
            .SubstateOf(ParentPlanStep.Conversation)
            .OnExit(() => session.AskingMore = false)
            .PermitDynamic(Trigger.Next, () => Goals.Count > 0 ? ParentPlanStep.NeedCategory : ParentPlanStep.Zienswijze, "goals in the plan or not",
                new Stateless.Reflection.DynamicStateInfos
                {
                    { ParentPlanStep.NeedCategory, "the plan has goals" },
                    { ParentPlanStep.Zienswijze, "no goals yet" },
                })
            .Permit(Trigger.Leave, ParentPlanStep.Left);

        machine.Configure(ParentPlanStep.NeedCategory)
            .SubstateOf(ParentPlanStep.Conversation)
            .OnEntryFrom(Trigger.Next, IntroduceNeedKind)
            .PermitDynamic(Trigger.Next, () => NeedsDone ? ParentPlanStep.Zienswijze : ParentPlanStep.NeedCategory, "the next goal or kind, or done",
                new Stateless.Reflection.DynamicStateInfos
                {
                    { ParentPlanStep.NeedCategory, "another goal or kind" },
                    { ParentPlanStep.Zienswijze, "all goals of both kinds" },
                })
            .Permit(Trigger.Choose, ParentPlanStep.NeedCompletion)
            .Permit(Trigger.Leave, ParentPlanStep.Left);

        machine.Configure(ParentPlanStep.NeedCompletion)
            .SubstateOf(ParentPlanStep.Conversation)
            .Permit(Trigger.Written, ParentPlanStep.NeedCategory)
            .Permit(Trigger.Leave, ParentPlanStep.Left);

        machine.Configure(ParentPlanStep.Zienswijze)
            .SubstateOf(ParentPlanStep.Conversation)
            .OnEntry(ShowPlanWithCustody)
            .PermitDynamic(Trigger.Next, () => HasCustody ? ParentPlanStep.Consent : ParentPlanStep.Finished, "gezag or not",
                new Stateless.Reflection.DynamicStateInfos
                {
                    { ParentPlanStep.Consent, "with gezag" },
                    { ParentPlanStep.Finished, "without gezag" },
                })
            .Permit(Trigger.Leave, ParentPlanStep.Left);

        machine.Configure(ParentPlanStep.Consent)
            .SubstateOf(ParentPlanStep.Conversation)
            .Permit(Trigger.Decide, ParentPlanStep.Reasons)
            .Permit(Trigger.Leave, ParentPlanStep.Left);

        machine.Configure(ParentPlanStep.Reasons)
            .SubstateOf(ParentPlanStep.Conversation)
            .Permit(Trigger.Next, ParentPlanStep.Finished)
            .Permit(Trigger.Leave, ParentPlanStep.Left);

        // A parent with gezag may change the decision afterwards: a new entry, never an overwrite.
        machine.Configure(ParentPlanStep.Finished)
            .SubstateOf(ParentPlanStep.Conversation)
            .OnEntry(SayGoodbye)
            .PermitIf(Trigger.Decide, ParentPlanStep.Reasons, () => HasCustody, "with gezag");

        machine.Configure(ParentPlanStep.Left)
            .SubstateOf(ParentPlanStep.Conversation);
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        var input = turn.Input;
        if (input.Kind is not (InputKind.Message or InputKind.CardAction))
        {
            return;
        }
        var card = ReadCard(input);
        var text = input.Kind == InputKind.Message ? input.Text : null;
        if (session.Step is ParentPlanStep.AwaitingCode or ParentPlanStep.Left)
        {
            await ReceiveCodeAsync(text, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (TextMatcher.IsExactly(text, turn.Dialogs.Common.Commands["help"]))
        {
            machine.Fire(Trigger.Help);
            return;
        }
        switch (session.Step)
        {
            case ParentPlanStep.Label:
                ChooseLabel(card, text);
                break;
            case ParentPlanStep.Custody:
                AnswerCustody(card, text);
                break;
            case ParentPlanStep.GoesWell:
            case ParentPlanStep.Hard:
                AnswerHome(card, text);
                break;
            case ParentPlanStep.NeedCategory:
                ChooseCategory(card, text);
                break;
            case ParentPlanStep.NeedCompletion:
                CompleteNeed(card, text);
                break;
            case ParentPlanStep.Zienswijze:
                AnswerZienswijze(card, text);
                break;
            case ParentPlanStep.Consent:
            case ParentPlanStep.Finished:
                Decide(card, text);
                break;
            case ParentPlanStep.Reasons:
                await GiveReasonsAsync(card, text, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    // ── The code ────────────────────────────────────────────────────────────────────────────────────────

    private async Task ReceiveCodeAsync(string? text, CancellationToken cancellationToken)
    {
        if (session.WrongCodes >= MaxWrongCodes)
        {
            Say(dialog.Text("code_too_many"));
            return;
        }
        var redemption = await turn.Invitations.RedeemAsync(turn.Documents, text, cancellationToken).ConfigureAwait(false);
        if (redemption.Status != Pupil.RedeemStatus.Accepted
            || await turn.Plans.GetAsync(turn.Documents, redemption.Invitation!.OppId, cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            // Used, expired, unknown or its plan deleted: the same words, and nothing about any plan.
            session.WrongCodes++;
            Say(dialog.Text(session.WrongCodes >= MaxWrongCodes ? "code_too_many" : "code_wrong"));
            return;
        }
        opp = plan;
        var parents = opp.Parents ??= new ParentPart();
        var contribution = new ParentContribution
        {
            Id = "o" + (parents.Contributions.Count + 1).ToString(CultureInfo.InvariantCulture),
            StartedAt = turn.Now,
            Channel = turn.Input.Conversation.ChannelId,
        };
        parents.Contributions.Add(contribution);
        changed = true;
        session.Step = ParentPlanStep.AwaitingCode;
        session.OppId = opp.Id;
        session.ParentId = contribution.Id;
        session.AskingMore = false;
        session.NeedKind = 0;
        session.NeedGoal = 0;
        session.NeedCategory = null;
        session.Decision = null;
        machine.Fire(Trigger.CodeAccepted);
    }

    private void Welcome()
    {
        Say(dialog.Text("welcome", ("pupil", PupilName)));
        Say(dialog.Text("who_reads"));
        Present();
    }

    // ── Who the parent is ───────────────────────────────────────────────────────────────────────────────

    private void ChooseLabel(CardValue? card, string? text)
    {
        var option = card is not null
            ? dialog.Labels.FirstOrDefault(l => card.Is(ParentPlanStep.Label) && l.Id == card.Value)
            : dialog.Labels.FirstOrDefault(l => TextMatcher.IsExactly(text, [.. l.Answers, l.Label]));
        if (option is null)
        {
            Reprompt("label_reprompt");
            return;
        }
        Parent!.Label = option.Label;
        changed = true;
        Advance();
    }

    private void AnswerCustody(CardValue? card, string? text)
    {
        bool? custody = card is not null
            ? card.Is(ParentPlanStep.Custody) ? card.Value switch { "yes" => true, "no" => false, _ => null } : null
            : TextMatcher.IsExactly(text, [.. dialog.Answers["yes"], dialog.Buttons["custody_yes"]]) ? true
            : TextMatcher.IsExactly(text, [.. dialog.Answers["no"], dialog.Buttons["custody_no"]]) ? false
            : null;
        if (custody is not { } has)
        {
            Reprompt("custody_reprompt");
            return;
        }
        Parent!.HasCustody = has;
        changed = true;
        if (!has)
        {
            Say(dialog.Text("custody_no"));
        }
        Advance();
    }

    // ── Home ────────────────────────────────────────────────────────────────────────────────────────────

    private void AnswerHome(CardValue? card, string? text)
    {
        if (session.AskingMore)
        {
            var more = card is not null
                ? card.Is(session.Step) ? card.Value switch { "yes" => true, "no" => false, _ => (bool?)null } : null
                : dialog.Is(text, "yes") ? true : dialog.Is(text, "no") ? false : null;
            switch (more)
            {
                case true:
                    session.AskingMore = false;
                    Present();
                    return;
                case false:
                    session.AskingMore = false;
                    LeaveHome();
                    return;
                default:
                    Reprompt("more_reprompt");
                    return;
            }
        }
        if (card is { Value: "skip" } && card.Is(session.Step) || card is null && dialog.Is(text, "skip"))
        {
            LeaveHome();
            return;
        }
        if (Words(card, text) is not { } words)
        {
            return;
        }
        var step = session.Step;
        var entry = new TextEntry(words, Source(step == ParentPlanStep.GoesWell ? "home_goes_well" : "home_hard"));
        (step == ParentPlanStep.GoesWell ? Parent!.GoesWellAtHome : Parent!.HardAtHome).Add(entry);
        changed = true;
        session.AskingMore = true;
        Present();
    }

    /// <summary>On from what goes well to what is hard, and from there to the needs; without goals there are none to ask.</summary>
    private void LeaveHome()
    {
        if (session.Step == ParentPlanStep.Hard && Goals.Count == 0)
        {
            Say(dialog.Text("needs_none"));
        }
        Advance();
    }

    // ── Needs, with the hulpzinnen ──────────────────────────────────────────────────────────────────────

    /// <summary>The goals a need can be tied to: those with a description, in the plan's order.</summary>
    private IReadOnlyList<ShortTermGoal> Goals => opp?.Goals.Where(g => g.Description is not null).ToList() ?? [];

    private NeedKind Kind => NeedKinds[Math.Min(session.NeedKind, NeedKinds.Length - 1)];

    private NeedFrame Frame => turn.Dialogs.Needs.For(Kind);

    private bool NeedsDone => session.NeedKind >= NeedKinds.Length;

    private void IntroduceNeedKind()
    {
        if (!NeedsDone && session.NeedGoal == 0)
        {
            Say(dialog.Text(Kind == NeedKind.Parenting ? "needs_intro_parenting" : "needs_intro_support", ("pupil", PupilName)));
        }
    }

    private void ChooseCategory(CardValue? card, string? text)
    {
        if (card is { Value: "next" } && card.Is(ParentPlanStep.NeedCategory) || card is null && dialog.Is(text, "next"))
        {
            session.NeedGoal++;
            if (session.NeedGoal >= Goals.Count)
            {
                session.NeedGoal = 0;
                session.NeedKind++;
            }
            Advance();
            return;
        }
        var category = card is not null
            ? card.Is(ParentPlanStep.NeedCategory) ? Frame.Category(card.Value ?? "") : null
            : Frame.Categories.FirstOrDefault(c => TextMatcher.IsExactly(text, [c.Label, c.Lead]));
        if (category is null)
        {
            Reprompt("need_reprompt");
            return;
        }
        session.NeedCategory = category.Key;
        machine.Fire(Trigger.Choose);
        Present();
    }

    private void CompleteNeed(CardValue? card, string? text)
    {
        if (card is { Value: "skip" } && card.Is(ParentPlanStep.NeedCompletion) || card is null && dialog.Is(text, "skip"))
        {
            session.NeedCategory = null;
            machine.Fire(Trigger.Written);
            Present();
            return;
        }
        if (Words(card, text) is not { } words)
        {
            return;
        }
        var goal = Goals[session.NeedGoal];
        var questionId = "need_" + NeedFrames.KeyOf(Kind);
        var parent = Parent!;
        var need = new Need(
            parent.Id + "-n" + (parent.Needs.Count + 1).ToString(CultureInfo.InvariantCulture),
            Kind,
            goal.Id,
            turn.Dialogs.Needs.Compose(Kind, session.NeedCategory!, goal.Description!.Text, PupilInPlan, words),
            new Provenance(Role.Parent, questionId, turn.Now, TextOrigin.Template))
        {
            Category = session.NeedCategory,
            Completion = new TextEntry(words, Source(questionId)),
        };
        parent.Needs.Add(need);
        changed = true;
        session.NeedCategory = null;
        Say(dialog.Text("need_added", ("need", MarkdownText.Escape(need.Text))));
        machine.Fire(Trigger.Written);
        Present();
    }

    /// <summary>The hulpzin frame of prompts/hulpzinnen.yaml for this goal and need kind, up to where the parent goes on.</summary>
    private string NeedStart()
    {
        const string Marker = "\u2063";
        var composed = turn.Dialogs.Needs.Compose(Kind, session.NeedCategory!, Goals[session.NeedGoal].Description!.Text, PupilInPlan, Marker);
        return MarkdownText.Escape(composed[..composed.IndexOf(Marker, StringComparison.Ordinal)]) + "…";
    }

    // ── The plan, the zienswijze and the decision ───────────────────────────────────────────────────────

    /// <summary>A parent with gezag reads the handelingsdeel in plain words before giving a view and deciding.</summary>
    private void ShowPlanWithCustody()
    {
        if (!HasCustody || opp is null)
        {
            return;
        }
        Say(dialog.Text("plan_intro"));
        var plain = dialog.PlainDraft(turn.Dialogs.Draft);
        var draft = new DraftAssembler(plain, dialog.PlainStates).Assemble(opp);
        var sections = ParentPlanDialog.PlanSections.Select(draft.Section).ToList();
        Say(new DraftMarkdown(plain).Render(draft with { Sections = sections }, new DraftMarkdownOptions(Length: false, Missing: false)));
    }

    private void AnswerZienswijze(CardValue? card, string? text)
    {
        if (card is { Value: "skip" } && card.Is(ParentPlanStep.Zienswijze) || card is null && dialog.Is(text, "skip"))
        {
            Advance();
            return;
        }
        if (Words(card, text) is not { } words)
        {
            return;
        }
        Parent!.Zienswijze = new TextEntry(words, Source("zienswijze"));
        changed = true;
        Advance();
    }

    private void Decide(CardValue? card, string? text)
    {
        ConsentDecision? decision = card is not null
            ? card.Is(ParentPlanStep.Consent) ? card.Value switch { "agree" => ConsentDecision.Agreed, "not_agree" => ConsentDecision.NotAgreed, _ => null } : null
            : dialog.Is(text, "not_agree") ? ConsentDecision.NotAgreed
            : dialog.Is(text, "agree") ? ConsentDecision.Agreed
            : null;
        if (decision is null || !machine.CanFire(Trigger.Decide))
        {
            if (session.Step == ParentPlanStep.Finished)
            {
                Present();
            }
            else
            {
                Reprompt("consent_reprompt");
            }
            return;
        }
        session.Decision = decision;
        machine.Fire(Trigger.Decide);
        Present();
    }

    private async Task GiveReasonsAsync(CardValue? card, string? text, CancellationToken cancellationToken)
    {
        var decision = session.Decision ?? ConsentDecision.NotAgreed;
        TextEntry? reasons = null;
        var nothing = card is { Value: "nothing_to_add" } && card.Is(ParentPlanStep.Reasons) || card is null && dialog.Is(text, "nothing_to_add");
        if (decision == ConsentDecision.NotAgreed || !nothing)
        {
            if (decision == ConsentDecision.NotAgreed && (nothing || card is null && dialog.Is(text, "skip") || card is null && string.IsNullOrWhiteSpace(text)))
            {
                Reprompt("reasons_required");
                return;
            }
            if (Words(card, text) is not { } words)
            {
                return;
            }
            reasons = new TextEntry(words, Source("consent_reasons"));
        }
        await RecordAsync(decision, reasons, cancellationToken).ConfigureAwait(false);
        machine.Fire(Trigger.Next);
    }

    /// <summary>The decision in the plan and in the audit trail; niet akkoord also in the coordinator's notices.</summary>
    private async Task RecordAsync(ConsentDecision decision, TextEntry? reasons, CancellationToken cancellationToken)
    {
        var parent = Parent!;
        var conversation = turn.Input.Conversation;
        var consent = new ParentConsent(parent.Id, parent.Label, HasCustody, decision, turn.Now, conversation.ChannelId, conversation.ConversationId)
        {
            Reasons = reasons,
        };
        opp!.Parents!.Consents.Add(consent);
        parent.FinishedAt = turn.Now;
        changed = true;
        await ConsentAudit.AppendAsync(turn.Documents,
            new ConsentAuditEntry(opp.Id, parent.Id, parent.Label, HasCustody, decision, turn.Now, conversation.ChannelId, conversation.ConversationId),
            cancellationToken).ConfigureAwait(false);
        if (decision == ConsentDecision.NotAgreed)
        {
            await CoordinatorNotices.AddAsync(turn.Documents,
                new CoordinatorNotice(turn.Plans.NewDocumentId(), opp.Id, CoordinatorNoticeKind.ParentNotAgreed, turn.Now), cancellationToken).ConfigureAwait(false);
        }
    }

    private void SayGoodbye()
    {
        if (!HasCustody)
        {
            if (Parent is { } parent)
            {
                parent.FinishedAt = turn.Now;
                changed = true;
            }
            Say(dialog.Text("goodbye_no_custody"));
            return;
        }
        Say(dialog.Text(session.Decision == ConsentDecision.Agreed ? "goodbye_agreed" : "goodbye_not_agreed"));
        session.Decision = null;
    }

    // ── Presenting ──────────────────────────────────────────────────────────────────────────────────────

    /// <summary>Moves on to the next step and asks its question.</summary>
    private void Advance()
    {
        machine.Fire(Trigger.Next);
        if (session.Step != ParentPlanStep.Finished)
        {
            Present();
        }
    }

    private void Reprompt(string text)
    {
        Say(dialog.Text(text));
        Present();
    }

    /// <summary>The question in front of the parent, with its buttons.</summary>
    private void Present()
    {
        switch (session.Step)
        {
            case ParentPlanStep.Label:
                Card(dialog.Text("ask_label", ("pupil", PupilName)), dialog.Labels.Select(l => (l.Label, l.Id)));
                return;
            case ParentPlanStep.Custody:
                Card(dialog.Text("ask_custody", ("pupil", PupilName)), [(dialog.Buttons["custody_yes"], "yes"), (dialog.Buttons["custody_no"], "no")]);
                return;
            case ParentPlanStep.GoesWell or ParentPlanStep.Hard when session.AskingMore:
                Card(dialog.Text("ask_more"), [(dialog.Buttons["yes"], "yes"), (dialog.Buttons["no"], "no")]);
                return;
            case ParentPlanStep.GoesWell:
                Card(dialog.Text("ask_goes_well", ("pupil", PupilName)), [(dialog.Buttons["skip"], "skip")]);
                return;
            case ParentPlanStep.Hard:
                Card(dialog.Text("ask_hard", ("pupil", PupilName)), [(dialog.Buttons["skip"], "skip")]);
                return;
            case ParentPlanStep.NeedCategory:
                Card(dialog.Text("need_choose", ("goal", MarkdownText.Escape(Goals[session.NeedGoal].Description!.Text))),
                    [.. Frame.Categories.Select(c => (c.Label, c.Key)), (dialog.Buttons["next"], "next")]);
                return;
            case ParentPlanStep.NeedCompletion:
                Card(dialog.Text("need_complete", ("start", NeedStart())), [(dialog.Buttons["skip"], "skip")]);
                return;
            case ParentPlanStep.Zienswijze:
                Card(HasCustody ? dialog.Text("ask_zienswijze") : dialog.Text("ask_zienswijze_no_plan", ("pupil", PupilName)), [(dialog.Buttons["skip"], "skip")]);
                return;
            case ParentPlanStep.Consent:
                Card(dialog.Text("ask_consent"), [(dialog.Buttons["agree"], "agree"), (dialog.Buttons["not_agree"], "not_agree")]);
                return;
            case ParentPlanStep.Reasons when session.Decision == ConsentDecision.Agreed:
                Card(dialog.Text("ask_reasons_agreed"), [(dialog.Buttons["nothing_to_add"], "nothing_to_add")]);
                return;
            case ParentPlanStep.Reasons:
                Say(dialog.Text("ask_reasons_not_agreed"));
                return;
            case ParentPlanStep.Finished:
                Say(dialog.Text("after_goodbye"));
                return;
        }
    }

    private void SayHelp()
    {
        Say(dialog.Text("help"));
        Present();
    }

    private void Card(string text, IEnumerable<(string Title, string Value)> buttons)
    {
        var card = new AdaptiveCardBuilder().AddText(text, emphasis: true);
        var step = StepId(session.Step);
        foreach (var (title, value) in buttons)
        {
            card.AddSubmit(title, [new("action", CardAction), new("step", step), new("value", value)]);
        }
        replies.Add(new BotReply { AdaptiveCard = card.Build() });
    }

    // ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>Typed words that can be stored: not a button, not empty, not too long; otherwise the question again.</summary>
    private string? Words(CardValue? card, string? text)
    {
        if (card is not null || string.IsNullOrWhiteSpace(text))
        {
            Reprompt(card is null ? "reprompt_empty" : session.Step switch
            {
                ParentPlanStep.Reasons when session.Decision == ConsentDecision.NotAgreed => "reasons_required",
                _ => "reprompt_empty",
            });
            return null;
        }
        var words = text.Trim();
        if (words.Length > dialog.MaxLength)
        {
            Say(dialog.Text("reprompt_too_long", ("max", dialog.MaxLength.ToString(CultureInfo.InvariantCulture))));
            return null;
        }
        return words;
    }

    private Provenance Source(string questionId) => new(Role.Parent, questionId, turn.Now, TextOrigin.Person);

    private ParentContribution? Parent => opp?.Parents?.Contributions.FirstOrDefault(c => c.Id == session.ParentId);

    private bool HasCustody => Parent?.HasCustody == true;

    private string PupilName => opp?.Pupil.Name is { Length: > 0 } name ? MarkdownText.Escape(name) : dialog.Text("pupil_fallback");

    private string PupilInPlan => opp?.Pupil.Name is { Length: > 0 } name ? name : dialog.Text("pupil_in_plan");

    private void Say(string text) => replies.Add(BotReply.FromText(text));

    private static string StepId(ParentPlanStep step) => DraftDialog.Key(step);

    private static CardValue? ReadCard(TurnInput input)
    {
        if (input.Kind != InputKind.CardAction || input.Value is not { ValueKind: JsonValueKind.Object } value)
        {
            return null;
        }
        return new CardValue(CardValues.String(value, "action"), CardValues.String(value, "step"), CardValues.String(value, "value"));
    }

    /// <summary>The data of a pressed button: it counts only for the step it was shown at.</summary>
    private sealed record CardValue(string? Action, string? Step, string? Value)
    {
        public bool Is(ParentPlanStep step) => Action == CardAction && Step == StepId(step);
    }
}
