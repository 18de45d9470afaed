using System.Globalization;
using System.Text.Json;
using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Turns;
using Stateless;
using Stateless.Graph;
using Stateless.Reflection;

namespace OppAssistant.Core.Teacher;

/// <summary>
/// The teacher's guided OPP: start → overzicht → inzicht → uitzicht → samenvatting, as one Stateless machine built
/// for one turn over a <see cref="TeacherSession"/> that lives outside it. Within a phase the position is data in
/// the plan (<see cref="DraftProgress"/>); the machine owns the phases, the guards between them, and the commands
/// of its <see cref="TeacherStep.Drafting"/> super-state. Everything it says comes from dialogs/teacher.yaml.
/// </summary>
public sealed class TeacherFlow
{
    /// <summary>How many answers "terug" can go back over; older ones can still be changed with "aanpassen".</summary>
    private const int AnsweredLimit = 60;

    private enum Trigger
    {
        ShowPlans,
        NewPlan,
        OpenPlan,
        Resume,
        GoTo,
        Pause,
        Help,
        Show,
        Edit,
        Answer,
        PhaseDone,
        Finish,
        Weigh,
    }

    private readonly TeacherSession session;
    private readonly TeacherDialog dialog;
    private readonly CommonDialog common;
    private readonly NeedFrames frames;
    private DialogCatalog? catalog;
    private readonly DateTimeOffset now;
    private readonly Provenance source;
    private readonly List<BotReply> replies = [];
    private readonly StateMachine<TeacherStep, Trigger> machine;
    private readonly StateMachine<TeacherStep, Trigger>.TriggerWithParameters<DraftPosition> newPlan;
    private readonly StateMachine<TeacherStep, Trigger>.TriggerWithParameters<DraftPosition> openPlan;
    private readonly StateMachine<TeacherStep, Trigger>.TriggerWithParameters<DraftPosition> resume;
    private readonly StateMachine<TeacherStep, Trigger>.TriggerWithParameters<DraftPosition> goTo;
    private readonly StateMachine<TeacherStep, Trigger>.TriggerWithParameters<TurnInput> answer;

    /// <summary>Work that must see the state a queued transition leads to; run after the turn's own firing.</summary>
    private readonly Queue<Action> deferred = new();

    private OppDocument? opp;
    private IDraftingAssistant? turnDrafting;
    private Action<FollowUp>? turnAfter;
    private bool quiet;

    /// <summary>The texts of her other plans, read only when the draft is shown: a sentence copied from one is flagged.</summary>
    private IReadOnlyList<string> otherTexts = [];
    private StandardOffer standardOffer = new([]);
    private List<QuestionDialog>? asked;
    private OppDocument? askedPlan;
    private SchoolType? askedFor;
    private IReadOnlyList<OppSummary> plans = [];

    private TeacherFlow(TeacherSession session, TeacherDialog dialog, CommonDialog common, NeedFrames frames, DateTimeOffset now)
    {
        this.session = session;
        this.dialog = dialog;
        this.common = common;
        this.frames = frames;
        this.now = now;
        source = new Provenance(Role.Teacher, null, now, TextOrigin.Person);
        // Queued: an action may fire the next transition (an answer that returns to the frontier) after its own.
        machine = new StateMachine<TeacherStep, Trigger>(() => session.Step, step => session.Step = step, FiringMode.Queued);
        newPlan = machine.SetTriggerParameters<DraftPosition>(Trigger.NewPlan);
        openPlan = machine.SetTriggerParameters<DraftPosition>(Trigger.OpenPlan);
        resume = machine.SetTriggerParameters<DraftPosition>(Trigger.Resume);
        goTo = machine.SetTriggerParameters<DraftPosition>(Trigger.GoTo);
        answer = machine.SetTriggerParameters<TurnInput>(Trigger.Answer);
        Configure();
    }

    /// <summary>True when the plan was changed this turn and must be saved with the conversation state.</summary>
    private bool Changed { get; set; }

    /// <summary>The role was just chosen: continue the open plan, show the teacher's plans, or start her first one.</summary>
    public static async Task<IReadOnlyList<BotReply>> EnterAsync(TeacherTurn turn, CancellationToken cancellationToken)
    {
        var notices = await TeacherReview.NoticesAsync(turn, cancellationToken).ConfigureAwait(false);
        var flow = await LoadAsync(turn, cancellationToken).ConfigureAwait(false);
        if (flow.opp is not null && flow.session.Step == TeacherStep.Paused)
        {
            flow.Resume();
        }
        else if (flow.opp is not null && flow.session.Step != TeacherStep.NoPlan)
        {
            // Back from another role: carry on where she was.
            flow.Say(flow.dialog.Text("resumed"));
            flow.SayNewPupilWords();
            flow.SayParentNews();
        }
        else
        {
            // No plan is created before she asks for one: a resume code typed next must not become a pupil's name.
            flow.machine.Fire(Trigger.ShowPlans);
        }
        return [.. notices, .. await flow.FinishAsync(turn, cancellationToken).ConfigureAwait(false)];
    }

    /// <summary>
    /// One message or card action of the teacher, after her pending notices; or a follow-up turn. The proactive turn
    /// for her notices shows only those.
    /// </summary>
    public static async Task<IReadOnlyList<BotReply>> ReceiveAsync(TeacherTurn turn, CancellationToken cancellationToken)
    {
        if (TeacherReview.IsNoticesTurn(turn.Input))
        {
            return await TeacherReview.NoticesAsync(turn, cancellationToken).ConfigureAwait(false);
        }
        IReadOnlyList<BotReply> notices = turn.Input.Kind == InputKind.FollowUp ? [] : await TeacherReview.NoticesAsync(turn, cancellationToken).ConfigureAwait(false);
        var flow = await LoadAsync(turn, cancellationToken).ConfigureAwait(false);
        await flow.DispatchAsync(turn, cancellationToken).ConfigureAwait(false);
        return [.. notices, .. await flow.FinishAsync(turn, cancellationToken).ConfigureAwait(false)];
    }

    /// <summary>The machine as a Mermaid diagram; the README shows it and a test keeps the two equal.</summary>
    public static string ToMermaid(DialogCatalog dialogs) =>
        MermaidGraph.Format(new TeacherFlow(new TeacherSession(), dialogs.Teacher, dialogs.Common, dialogs.Needs, DateTimeOffset.UnixEpoch).machine.GetInfo());

    /// <summary>Whether the question is asked for this plan: regular or special follow-on only outside VO (faq-brief §1.1).</summary>
    public static bool Applies(QuestionDialog question, OppDocument opp) =>
        question.Slot.Name != "perspective.follow_on" || opp.Pupil.SchoolType != SchoolType.Vo;

    private static async Task<TeacherFlow> LoadAsync(TeacherTurn turn, CancellationToken cancellationToken)
    {
        var flow = new TeacherFlow(turn.Session, turn.Dialogs.Teacher, turn.Dialogs.Common, turn.Dialogs.Needs, turn.Now)
        {
            turnDrafting = turn.Drafting,
            turnAfter = turn.Documents.After,
            catalog = turn.Dialogs,
            standardOffer = turn.StandardOffer,
        };
        if (turn.Session.OppId is { } id)
        {
            flow.opp = await turn.Plans.GetAsync(turn.Documents, id, cancellationToken).ConfigureAwait(false);
            if (flow.opp is null)
            {
                turn.Session.Step = TeacherStep.NoPlan;
                turn.Session.OppId = null;
            }
        }
        flow.plans = await turn.Plans.ListAsync(turn.Documents, turn.Input.UserKey, cancellationToken).ConfigureAwait(false);
        return flow;
    }

    private async Task DispatchAsync(TeacherTurn turn, CancellationToken cancellationToken)
    {
        var input = turn.Input;
        if (input.Kind == InputKind.FollowUp)
        {
            // Slow work came back: it adds its own message, and the question in front of her stays as it was.
            quiet = true;
            if (opp is null || input.Value is not { } payload)
            {
                return;
            }
            if (payload.GetProperty("followUp").GetString() == GoalHintsFollowUp)
            {
                ShowGoalHints(payload);
            }
            else if (payload.GetProperty("followUp").GetString() == ParentsVersionFollowUp)
            {
                ShowParentsVersion(payload);
            }
            else if (Current is { Mode: DraftMode.Question, QuestionId: { } id } && session.Editing is null && dialog.Question(id).Slot.Input == InputType.Needs)
            {
                Needs().ReceiveSuggestions(payload);
                Changed = true;
            }
            return;
        }
        var card = CardData.Of(input.Value);
        var text = card is null ? input.Text : null;
        if (await EvaluateAsync(turn, card, text, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        if (session.ChoosingBand)
        {
            session.ChoosingBand = false;
            if (BandChosen(card, text) is { } band)
            {
                await InvitePupilAsync(turn, band, cancellationToken).ConfigureAwait(false);
                return;
            }
            if (card?.Action == InviteBandAction)
            {
                Say(dialog.Text("invite_pupil_band_unknown"));
                return;
            }
        }
        // Only a turn that can show the draft (asked for, or the summary confirmed) reads her other plans.
        if (dialog.IsCommand(text, "draft")
            || session.Step == TeacherStep.Summary && (card?.Action == CardData.ConfirmAction || TextMatcher.IsExactly(text, dialog.YesAnswers)))
        {
            otherTexts = await OtherPlansTextsAsync(turn, cancellationToken).ConfigureAwait(false);
        }
        if (card?.Action == CardData.OpenPlanAction || (card is null && session.Step == TeacherStep.NoPlan && ListNumber(text) is not null))
        {
            var id = card?.Action == CardData.OpenPlanAction ? card.Get("opp") : plans[ListNumber(text)!.Value - 1].Id;
            await OpenListedPlanAsync(turn, id, cancellationToken).ConfigureAwait(false);
        }
        else if (card?.Action == CardData.NewPlanAction || dialog.IsCommand(text, "new_opp"))
        {
            await StartNewPlanAsync(turn, cancellationToken).ConfigureAwait(false);
        }
        else if (dialog.IsCommand(text, "my_opps"))
        {
            machine.Fire(Trigger.ShowPlans);
        }
        else if (TextMatcher.IsExactly(text, common.Commands["help"]))
        {
            machine.Fire(Trigger.Help);
        }
        else if (OppRepository.NormalizeCode(text) is not null && await TryOpenByCodeAsync(turn, text!, cancellationToken).ConfigureAwait(false))
        {
            // The code's plan is open, or she was told the code is unknown.
        }
        else if (turn.Dialogs.Review.IsCommand(text, "submit"))
        {
            await SubmitAsync(turn, cancellationToken).ConfigureAwait(false);
        }
        else if (session.Step == TeacherStep.Paused)
        {
            Resume();
        }
        else if (session.Step == TeacherStep.NoPlan)
        {
            var isCommand = dialog.Commands.Keys.Any(command => dialog.IsCommand(text, command));
            Say(dialog.Text(isCommand ? "no_plan" : string.IsNullOrWhiteSpace(text) && card is null ? "empty_answer" : "my_opps_unknown"));
            machine.Fire(Trigger.ShowPlans);
        }
        else if (dialog.IsCommand(text, "pause"))
        {
            machine.Fire(Trigger.Pause);
        }
        else if (dialog.IsCommand(text, "show"))
        {
            machine.Fire(Trigger.Show);
        }
        else if (dialog.IsCommand(text, "draft"))
        {
            ShowDraft();
        }
        else if (dialog.IsCommand(text, "parents_draft"))
        {
            AskParentsVersion();
        }
        else if (dialog.IsCommand(text, "invite_pupil"))
        {
            await InvitePupilAsync(turn, null, cancellationToken).ConfigureAwait(false);
        }
        else if (dialog.IsCommand(text, "invite_parents"))
        {
            await InviteParentsAsync(turn, cancellationToken).ConfigureAwait(false);
        }
        else if (dialog.IsCommand(text, "pupil_voice"))
        {
            ShowPupilVoice();
        }
        else if (dialog.IsCommand(text, "edit"))
        {
            machine.Fire(Trigger.Edit);
        }
        else if (dialog.IsCommand(text, "back"))
        {
            Back();
        }
        else if (dialog.IsCommand(text, "skip"))
        {
            Skip();
        }
        else if (!dialog.IsCommand(text, "resume"))
        {
            machine.Fire(answer, input);
        }
    }

    private async Task<IReadOnlyList<BotReply>> FinishAsync(TeacherTurn turn, CancellationToken cancellationToken)
    {
        while (deferred.TryDequeue(out var next))
        {
            next();
        }
        if (!quiet)
        {
            Present();
        }
        if (Changed && opp is not null)
        {
            await turn.Plans.SaveAsync(turn.Documents, opp, turn.Input.UserKey, cancellationToken).ConfigureAwait(false);
        }
        return replies;
    }

    private void Configure()
    {
        DynamicStateInfos Phases(params TeacherStep[] steps)
        {
            var infos = new DynamicStateInfos();
            foreach (var step in steps)
            {
                infos.Add(step, step.ToString());
            }
            return infos;
        }
        var allPositions = Phases(TeacherStep.Start, TeacherStep.Overview, TeacherStep.Insight, TeacherStep.Outlook, TeacherStep.Summary, TeacherStep.Finished);

        // Every state offers the plan list, a new plan, another plan and help; the super-states say so once.
        machine.Configure(TeacherStep.Session)
            .Permit(Trigger.ShowPlans, TeacherStep.NoPlan)
            .PermitDynamic(newPlan, StepOf, "the first question", Phases(TeacherStep.Start))
            .PermitDynamic(openPlan, StepOf, "where the plan stands", allPositions)
            .InternalTransition(Trigger.Help, SayGeneralHelp);

        machine.Configure(TeacherStep.NoPlan)
            .SubstateOf(TeacherStep.Session)
            .OnEntryFrom(Trigger.ShowPlans, ListPlans)
            .PermitReentry(Trigger.ShowPlans);

        machine.Configure(TeacherStep.Paused)
            .SubstateOf(TeacherStep.Session)
            .OnEntry(SayPaused)
            .PermitDynamic(resume, StepOf, "where the plan stands", allPositions);

        machine.Configure(TeacherStep.Drafting)
            .SubstateOf(TeacherStep.Session)
            .Permit(Trigger.Pause, TeacherStep.Paused)
            .PermitDynamic(goTo, StepOf, "back, edit, or return", allPositions)
            .InternalTransition(Trigger.Help, SayHelp)
            .InternalTransition(Trigger.Show, ShowPlan)
            .InternalTransition(Trigger.Edit, StartPickingEdit)
            .InternalTransition(answer, Answer)
            .Permit(Trigger.Weigh, TeacherStep.Hearing);

        // Entering a phase by finishing the one before introduces it; back and edit arrive without the intro.
        ConfigurePhase(TeacherStep.Start, TeacherStep.Overview);
        ConfigurePhase(TeacherStep.Overview, TeacherStep.Insight, "guard_overview_hindering");
        ConfigurePhase(TeacherStep.Insight, TeacherStep.Outlook);
        ConfigurePhase(TeacherStep.Outlook, TeacherStep.Summary, "guard_perspective", "guard_goal_criterion");

        // The whole plan is checked again before it is done: an edit in the summary can undo what a guard checked.
        machine.Configure(TeacherStep.Summary)
            .SubstateOf(TeacherStep.Drafting)
            .PermitIf(Trigger.Finish, TeacherStep.Finished, Guards("guard_overview_hindering", "guard_perspective", "guard_goal_criterion", "guard_pupil_voice"));

        // The pupil's voice is weighed before the plan is done; then back to where she was.
        machine.Configure(TeacherStep.Hearing)
            .SubstateOf(TeacherStep.Drafting)
            .OnEntryFrom(Trigger.Weigh, IntroduceHearing);

        machine.Configure(TeacherStep.Finished)
            .SubstateOf(TeacherStep.Drafting)
            .OnEntryFrom(Trigger.Finish, SayDone);
    }

    private void ConfigurePhase(TeacherStep phase, TeacherStep next, params string[] guards)
    {
        var configuration = machine.Configure(phase)
            .SubstateOf(TeacherStep.Drafting)
            .PermitIf(Trigger.PhaseDone, next, Guards(guards));
        if (phase == TeacherStep.Start)
        {
            configuration.OnEntryFrom(newPlan, IntroduceNewPlan);
        }
        else
        {
            configuration.OnEntryFrom(Trigger.PhaseDone, IntroducePhase);
        }
    }

    private Tuple<Func<bool>, string>[] Guards(params string[] keys) =>
        keys.Select(key => Tuple.Create<Func<bool>, string>(
            key == PupilVoiceGuard ? () => PupilVoiceWeighing.IsDone(Plan) : () => GuardFix(key) is null, key)).ToArray();

    /// <summary>The guard whose fix is not one answer but the weighing of the pupil's voice (<see cref="TeacherStep.Hearing"/>).</summary>
    private const string PupilVoiceGuard = "guard_pupil_voice";

    // ── Where we are ────────────────────────────────────────────────────────────────────────────────────

    private OppDocument Plan => opp ?? throw new InvalidOperationException("No plan is open.");

    private DraftPosition Frontier => Plan.Draft.Frontier ?? FirstPosition;

    private DraftPosition FirstPosition => new(TeacherStep.Start, dialog.Questions[0].Id, 0, DraftMode.Question);

    /// <summary>The question being changed, else the frontier.</summary>
    private DraftPosition Current => session.Editing is { } editing ? PositionOf(editing) : Frontier;

    private DraftPosition PositionOf(QuestionRef at) =>
        new(StepOf(dialog.Question(at.QuestionId).Phase), at.QuestionId, at.Item, DraftMode.Question);

    private static TeacherStep StepOf(DraftPosition position) => position.Step;

    private static TeacherStep StepOf(TeacherPhase phase) => phase switch
    {
        TeacherPhase.Start => TeacherStep.Start,
        TeacherPhase.Overview => TeacherStep.Overview,
        TeacherPhase.Insight => TeacherStep.Insight,
        _ => TeacherStep.Outlook,
    };

    /// <summary>The questions asked for this plan, in order; only the school type changes it.</summary>
    private IReadOnlyList<QuestionDialog> Asked
    {
        get
        {
            if (asked is null || askedPlan != Plan || askedFor != Plan.Pupil.SchoolType)
            {
                (askedPlan, askedFor) = (Plan, Plan.Pupil.SchoolType);
                asked = dialog.Questions.Where(q => Applies(q, Plan)).ToList();
            }
            return asked;
        }
    }

    private QuestionDialog? NextAfter(QuestionDialog question)
    {
        var asked = Asked;
        var index = asked.ToList().FindIndex(q => q.Id == question.Id);
        return index + 1 < asked.Count ? asked[index + 1] : null;
    }

    private List<QuestionDialog> GroupOf(QuestionDialog question) =>
        question.Slot.Group is { } group ? Asked.Where(q => q.Slot.Group == group).ToList() : [question];

    // ── Answers ─────────────────────────────────────────────────────────────────────────────────────────

    private void Answer(TurnInput input, StateMachine<TeacherStep, Trigger>.Transition transition)
    {
        var card = CardData.Of(input.Value);
        if (session.PickingEdit)
        {
            if (card is null && !TextMatcher.IsExactly(input.Text, [.. dialog.YesAnswers, .. dialog.NoAnswers]))
            {
                PickEdit(input.Text);
                return;
            }
            // A button pressed or "klopt" typed instead of a number: she does not want to change anything after all.
            session.PickingEdit = false;
            if (card is null)
            {
                return;
            }
        }
        if (session.Step == TeacherStep.Hearing)
        {
            var weighing = Weighing();
            weighing.Answer(input);
            Changed = true;
            if (weighing.Done)
            {
                Plan.Draft.Weighing = null;
                Say(dialog.Text("pupil_voice_done"));
                machine.Fire(goTo, Frontier);
            }
            return;
        }
        var position = Current;
        if (session.LastAsked is { } asked && asked != position)
        {
            // Another conversation moved this plan on since this one asked: the answer may be to another question.
            Say(dialog.Text("plan_moved"));
            return;
        }
        if (position.Step == TeacherStep.Finished)
        {
            Say(dialog.Text("finished"));
            return;
        }
        if (session.Editing is not null || position.Mode == DraftMode.Question)
        {
            AnswerQuestion(dialog.Question(position.QuestionId!), position.Item, input, card);
        }
        else if (position.Mode == DraftMode.More)
        {
            AnswerMore(position, input.Text, card);
        }
        else
        {
            AnswerConfirm(position, input.Text, card);
        }
    }

    private void AnswerQuestion(QuestionDialog question, int item, TurnInput input, CardData? card)
    {
        if (question.Slot.Input == InputType.Needs && session.Editing is null)
        {
            var step = Needs();
            step.Answer(input, question);
            Changed = true;
            LeaveNeedsWhenDone(step, question);
            return;
        }
        if (card?.Action == CardData.GroupAction && session.Editing is null && card.Get(AnswerParser.QuestionKey) == GroupOf(question)[0].Id)
        {
            AnswerGroup(question, item, card);
            return;
        }
        if (card is null && question.Optional && session.Editing is null && TextMatcher.IsExactly(input.Text, dialog.NoAnswers))
        {
            // "nee" or "geen" to an optional question ("is er nog iets onduidelijk?") is no answer to store.
            Skip();
            return;
        }
        var parsed = AnswerParser.Parse(question, input.Text, card?.Action == CardData.GroupAction ? default(JsonElement?) : input.Value);
        if (card?.Action == CardData.GroupAction)
        {
            parsed = ParsedAnswer.Refuse("wrong_card");
        }
        if (!parsed.Accepted)
        {
            Refuse(parsed);
            return;
        }
        var hadAnswer = PlanSlots.HasValue(Plan, new QuestionRef(question.Id, item), dialog);
        Store(question, item, parsed.Values);
        Hint(question, parsed.Values[0]);
        if (session.Editing is not null)
        {
            ReturnToFrontier(changed: hadAnswer);
        }
        else
        {
            MoveOn(AfterAnswer(question, item));
            AskGoalHintsWhenDone(question, item);
        }
    }

    private const string GoalHintsFollowUp = "goalHints";
    private const string ParentsVersionFollowUp = "parentsVersion";

    /// <summary>
    /// The handelingsdeel in plain Dutch for the parents, who must consent to it: written by the AI after the turn and
    /// shown as a proposal to read through; nothing goes into the plan. Without AI there is nothing to propose.
    /// </summary>
    private void AskParentsVersion()
    {
        if (turnDrafting is not { IsEnabled: true } drafting)
        {
            Say(dialog.Text("parents_version_no_ai"));
            return;
        }
        var part = Plan.ActionPart;
        var lines = new List<string>();
        if (part.SupportAndApproach is { } support)
        {
            lines.Add(support.Text);
        }
        lines.AddRange(part.Agreements.Select(a => string.Join(", ", new[] { a.Who, a.What, a.When, a.How }.Select(e => e?.Text).OfType<string>())));
        if (lines.Count == 0)
        {
            Say(dialog.Text("nothing_yet"));
            return;
        }
        var request = new PlainDutchRequest(Plan, dialog.Question("action_support").Label, string.Join("\n", lines));
        replies.Add(new BotReply { Text = dialog.Text("ai_writing"), Placeholder = true });
        turnAfter?.Invoke(new FollowUp(ParentsVersionFollowUp, async cancellationToken =>
        {
            var result = await drafting.PlainDutchForParentsAsync(request, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.SerializeToElement(result.Succeeded ? result.Text : "", TeacherFlowJsonContext.Default.String);
        }, TimeSpan.FromMinutes(3)));
    }

    private void ShowParentsVersion(JsonElement payload)
    {
        var text = payload.GetProperty("ok").GetBoolean() ? payload.GetProperty("result").GetString() : null;
        Say(string.IsNullOrWhiteSpace(text) ? dialog.Text("ai_failed_plain") : dialog.Text("parents_version") + "\n\n" + text + " [AI]");
    }

    /// <summary>
    /// With AI drafting on, a goal just written down is checked by the AI for what keeps it from being concrete,
    /// measurable and dated; the hints follow as their own message and are advice only: nothing goes into the plan.
    /// </summary>
    private void AskGoalHintsWhenDone(QuestionDialog question, int item)
    {
        if (turnDrafting is not { IsEnabled: true } drafting || question.Slot.Group != OppSlots.GoalGroup
            || Frontier.Mode != DraftMode.More || item >= Plan.Goals.Count)
        {
            return;
        }
        var request = new SmartGoalHintsRequest(Plan, Plan.Goals[item]);
        var goalId = Plan.Goals[item].Id;
        turnAfter?.Invoke(new FollowUp(GoalHintsFollowUp, async cancellationToken =>
        {
            var result = await drafting.SmartGoalHintsAsync(request, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.SerializeToElement(new AiGoalHints(goalId, result.Succeeded ? [.. result.Items] : []), TeacherFlowJsonContext.Default.AiGoalHints);
        }, TimeSpan.FromMinutes(3)));
    }

    private void ShowGoalHints(JsonElement payload)
    {
        if (!payload.GetProperty("ok").GetBoolean()
            || payload.GetProperty("result").Deserialize(TeacherFlowJsonContext.Default.AiGoalHints) is not { Hints.Count: > 0 } hints
            || Plan.Goals.FindIndex(g => g.Id == hints.GoalId) is var index && index < 0)
        {
            // No hints, or a failure: the goal stands as she wrote it; there is nothing to add.
            return;
        }
        Say(dialog.Text("ai_goal_hints", ("goal", dialog.Text("goal_item", ("n", (index + 1).ToString(CultureInfo.InvariantCulture)))))
            + "\n" + string.Join("\n", hints.Hints.Select(h => "- " + h)));
    }

    /// <summary>The card with all parts of a goal or agreement: stores what is valid, then asks for the first part still missing.</summary>
    private void AnswerGroup(QuestionDialog current, int item, CardData card)
    {
        ParsedAnswer? firstRefusal = null;
        QuestionDialog? refused = null;
        if (GroupOf(current).All(member => string.IsNullOrWhiteSpace(card.Get(member.Id))))
        {
            firstRefusal = ParsedAnswer.Refuse("empty_answer");
        }
        foreach (var member in GroupOf(current))
        {
            if (card.Get(member.Id) is not { Length: > 0 } typed || string.IsNullOrWhiteSpace(typed))
            {
                continue;
            }
            var parsed = AnswerParser.Parse(member, typed, null);
            if (parsed.Accepted)
            {
                Store(member, item, parsed.Values);
            }
            else if (firstRefusal is null)
            {
                firstRefusal = parsed;
                refused = member;
            }
        }
        if (firstRefusal is not null)
        {
            // Several fields were sent at once: name the one that was refused; the missing ones are asked in order.
            Refuse(firstRefusal, refused?.Label);
        }
        var missing = GroupOf(current).FirstOrDefault(m => !PlanSlots.HasValue(Plan, new QuestionRef(m.Id, item), dialog));
        MoveOn(missing is null ? new DraftPosition(StepOf(current.Phase), GroupOf(current)[^1].Id, item, DraftMode.More) : PositionOf(new QuestionRef(missing.Id, item)));
        AskGoalHintsWhenDone(current, item);
    }

    private void AnswerMore(DraftPosition position, string? text, CardData? card)
    {
        var question = dialog.Question(position.QuestionId!);
        if (card is not null && (card.Action != CardData.MoreAction || card.Get(AnswerParser.QuestionKey) != question.Id))
        {
            Say(dialog.Text("wrong_card"));
            return;
        }
        var value = card?.Get(AnswerParser.ValueKey);
        if (value == "yes" || TextMatcher.IsExactly(text, dialog.YesAnswers))
        {
            var first = GroupOf(question)[0];
            SetFrontier(new DraftPosition(position.Step, first.Id, PlanSlots.Count(Plan, first.Slot), DraftMode.Question));
        }
        else if (value == "no" || TextMatcher.IsExactly(text, dialog.NoAnswers))
        {
            MoveOn(PastItems(question, position.Item));
        }
        else
        {
            Say(dialog.Text(string.IsNullOrWhiteSpace(text) ? "empty_answer" : "more_not_understood"));
        }
    }

    private void AnswerConfirm(DraftPosition position, string? text, CardData? card)
    {
        if (card is not null && (card.Action != CardData.ConfirmAction || card.Get("step") != position.Step.ToString()))
        {
            Say(dialog.Text("wrong_card"));
            return;
        }
        var value = card?.Get(AnswerParser.ValueKey);
        if (value == "yes" || TextMatcher.IsExactly(text, dialog.YesAnswers))
        {
            Advance(position);
        }
        else if (value == "edit" || TextMatcher.IsExactly(text, dialog.NoAnswers))
        {
            StartPickingEdit();
        }
        else
        {
            Say(dialog.Text(string.IsNullOrWhiteSpace(text) ? "empty_answer" : "confirm_not_understood"));
        }
    }

    /// <summary>
    /// Leaves a confirmed phase (or the summary) if its guards hold; otherwise says why in the guard's own words and
    /// asks for the answer that is missing, returning here afterwards.
    /// </summary>
    private void Advance(DraftPosition confirmed)
    {
        var trigger = confirmed.Step == TeacherStep.Summary ? Trigger.Finish : Trigger.PhaseDone;
        if (!machine.CanFire(trigger, out var unmet))
        {
            var key = unmet.First();
            Say(dialog.Text(key));
            if (key == PupilVoiceGuard)
            {
                machine.Fire(Trigger.Weigh);
                return;
            }
            session.Editing = GuardFix(key);
            machine.Fire(goTo, Current);
            return;
        }
        SetFrontier(confirmed.Step == TeacherStep.Summary
            ? new DraftPosition(TeacherStep.Finished, null, 0, DraftMode.Confirm)
            : NextPhaseStart(confirmed));
        machine.Fire(trigger);
    }

    /// <summary>Moves the frontier on; the last phase needs no confirm of its own, since the summary follows at once.</summary>
    private void MoveOn(DraftPosition next)
    {
        SetFrontier(next);
        if (IsLastConfirm(next))
        {
            Advance(next);
        }
    }

    /// <summary>The position after an answer: "nog een?" after a list item or a whole group, else the next question or the phase's confirm.</summary>
    private DraftPosition AfterAnswer(QuestionDialog question, int item)
    {
        if (question.Slot.IsList)
        {
            return new DraftPosition(StepOf(question.Phase), question.Id, item, DraftMode.More);
        }
        if (question.Slot.Group is not null)
        {
            // The next part of this goal or agreement still open (the form may have filled some), else "nog een?".
            // Only parts after this one: a part skipped earlier is asked again by the phase's guard, not here.
            var group = GroupOf(question);
            var open = group.SkipWhile(q => q.Id != question.Id).Skip(1).FirstOrDefault(q => !PlanSlots.HasValue(Plan, new QuestionRef(q.Id, item), dialog));
            return open is null
                ? new DraftPosition(StepOf(question.Phase), group[^1].Id, item, DraftMode.More)
                : new DraftPosition(StepOf(question.Phase), open.Id, item, DraftMode.Question);
        }
        return PastItems(question, item);
    }

    /// <summary>Past a question and, for a list or group, all its items: the next question of the phase, or the phase's confirm.</summary>
    private DraftPosition PastItems(QuestionDialog question, int item)
    {
        var last = GroupOf(question)[^1];
        var next = NextAfter(last);
        return next is null || next.Phase != question.Phase
            ? new DraftPosition(StepOf(question.Phase), last.Id, item, DraftMode.Confirm)
            : Asking(next);
    }

    /// <summary>Asking a question as it comes up: a list or group starts a new item after the ones it has.</summary>
    private DraftPosition Asking(QuestionDialog next) =>
        new(StepOf(next.Phase), next.Id, next.Slot.IsList || next.Slot.Group is not null ? PlanSlots.Count(Plan, next.Slot) : 0, DraftMode.Question);

    private DraftPosition NextPhaseStart(DraftPosition confirm)
    {
        var next = NextAfter(GroupOf(dialog.Question(confirm.QuestionId!))[^1]);
        return next is null
            ? new DraftPosition(TeacherStep.Summary, null, 0, DraftMode.Confirm)
            : Asking(next);
    }

    private void Store(QuestionDialog question, int item, IReadOnlyList<string> values)
    {
        PlanSlots.Set(Plan, question, item, values, source with { QuestionId = question.Id });
        if (session.Editing is null)
        {
            var answered = Plan.Draft.Answered;
            var at = new QuestionRef(question.Id, item);
            answered.Remove(at);
            answered.Add(at);
            if (answered.Count > AnsweredLimit)
            {
                answered.RemoveAt(0);
            }
        }
        Changed = true;
    }

    private void SetFrontier(DraftPosition position)
    {
        Plan.Draft.Frontier = position;
        Changed = true;
    }

    private void Refuse(ParsedAnswer parsed, string? field = null)
    {
        var text = dialog.Text(parsed.RefusalKey!, parsed.Placeholders?.Select(p => (p.Key, p.Value)).ToArray() ?? []);
        Say(field is null ? text : $"**{field}:** {text}");
    }

    // ── Guards ──────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>The answer that would satisfy the guard, or null when it holds.</summary>
    private QuestionRef? GuardFix(string key)
    {
        var plan = Plan;
        switch (key)
        {
            case "guard_overview_hindering":
                var environmentHinders = plan.Factors.Any(f => f.Influence == Influence.Hindering && f.Circle is Circle.School or Circle.Home);
                return environmentHinders ? null : NewItemOf("factors.school.hindering");
            case "guard_perspective":
                return Asked.Where(q => q.Slot.Name.StartsWith("perspective.", StringComparison.Ordinal))
                    .Where(q => !PlanSlots.HasValue(plan, new QuestionRef(q.Id, 0), dialog))
                    .Select(q => new QuestionRef(q.Id, 0))
                    .FirstOrDefault();
            case "guard_goal_criterion":
                var goalQuestions = Asked.Where(q => q.Slot.Group == OppSlots.GoalGroup).ToList();
                if (plan.Goals.Count == 0)
                {
                    return new QuestionRef(goalQuestions[0].Id, 0);
                }
                return (from item in Enumerable.Range(0, plan.Goals.Count)
                        from question in goalQuestions
                        where !PlanSlots.HasValue(plan, new QuestionRef(question.Id, item), dialog)
                        select new QuestionRef(question.Id, item)).FirstOrDefault();
            default:
                throw new InvalidOperationException($"Unknown guard {key}");
        }
    }

    private QuestionRef NewItemOf(string slot)
    {
        var question = dialog.Questions.First(q => q.Slot.Name == slot);
        return new QuestionRef(question.Id, PlanSlots.Count(Plan, question.Slot));
    }

    // ── Commands ────────────────────────────────────────────────────────────────────────────────────────

    private void Back()
    {
        if (session.Step is not (TeacherStep.Start or TeacherStep.Overview or TeacherStep.Insight or TeacherStep.Outlook or TeacherStep.Summary or TeacherStep.Finished))
        {
            Say(dialog.Text("no_plan"));
            return;
        }
        var answered = Plan.Draft.Answered;
        var index = (session.BackIndex ?? answered.Count) - 1;
        if (index < 0)
        {
            Say(dialog.Text("back_at_start"));
            return;
        }
        session.BackIndex = index;
        session.PickingEdit = false;
        session.Editing = answered[index];
        machine.Fire(goTo, Current);
    }

    private void Skip()
    {
        if (session.Step is TeacherStep.NoPlan or TeacherStep.Paused)
        {
            Say(dialog.Text("no_plan"));
            return;
        }
        var position = Current;
        if (session.PickingEdit || session.Editing is not null)
        {
            // While changing an earlier answer, "sla over" keeps it as it was.
            ReturnToFrontier();
            return;
        }
        switch (position.Mode)
        {
            case DraftMode.Question when dialog.Question(position.QuestionId!) is { Slot.Input: InputType.Needs } needsQuestion:
                var step = Needs();
                step.Skip();
                Changed = true;
                LeaveNeedsWhenDone(step, needsQuestion);
                break;
            case DraftMode.Question when dialog.Question(position.QuestionId!).Optional:
                var question = dialog.Question(position.QuestionId!);
                Say(dialog.Text("skipped"));
                MoveOn(question.Slot.IsList ? PastItems(question, position.Item) : AfterAnswer(question, position.Item));
                break;
            case DraftMode.More:
                MoveOn(PastItems(dialog.Question(position.QuestionId!), position.Item));
                break;
            default:
                Say(dialog.Text("cannot_skip"));
                break;
        }
    }

    /// <summary>Back to the furthest point after changing an earlier answer; <paramref name="changed"/>: an existing answer was replaced.</summary>
    private void ReturnToFrontier(bool changed = false)
    {
        session.Editing = null;
        session.BackIndex = null;
        session.PickingEdit = false;
        if (Frontier.Step == TeacherStep.Finished)
        {
            // A finished draft that changed is confirmed again, guards and all.
            SetFrontier(new DraftPosition(TeacherStep.Summary, null, 0, DraftMode.Confirm));
        }
        if (changed)
        {
            Say(dialog.Text("edited"));
        }
        machine.Fire(goTo, Frontier);
        if (IsLastConfirm(Frontier))
        {
            // The last phase has no confirm of its own: once back there, check its guards again and go on.
            deferred.Enqueue(() => Advance(Frontier));
        }
    }

    private bool IsLastConfirm(DraftPosition position) =>
        position is { Mode: DraftMode.Confirm, QuestionId: { } last } && NextAfter(GroupOf(dialog.Question(last))[^1]) is null;

    private void StartPickingEdit()
    {
        if (PlanEntries.Of(Plan, dialog).Count == 0)
        {
            Say(dialog.Text("nothing_yet"));
            return;
        }
        session.PickingEdit = true;
    }

    private void PickEdit(string? text)
    {
        var entries = PlanEntries.Of(Plan, dialog);
        if (!int.TryParse(text?.Trim().TrimEnd('.'), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || number > entries.Count)
        {
            Say(dialog.Text("edit_unknown"));
            return;
        }
        var entry = entries[number - 1];
        session.PickingEdit = false;
        session.BackIndex = null;
        session.Editing = new QuestionRef(entry.Question.Id, entry.Item);
        machine.Fire(goTo, Current);
    }

    private void ShowPlan()
    {
        var entries = PlanEntries.Of(Plan, dialog);
        Say(entries.Count == 0 ? dialog.Text("nothing_yet") : dialog.Text("show_intro") + "\n\n" + PlanEntries.Format(entries, dialog));
    }

    private async Task StartNewPlanAsync(TeacherTurn turn, CancellationToken cancellationToken)
    {
        opp = await turn.Plans.CreateAsync(turn.Documents, turn.Input.UserKey, cancellationToken).ConfigureAwait(false);
        session.OppId = opp.Id;
        session.Editing = null;
        session.PickingEdit = false;
        session.BackIndex = null;
        SetFrontier(FirstPosition);
        Say(dialog.Text("new_opp", ("code", OppRepository.FormatCode(opp.ResumeCode))));
        machine.Fire(newPlan, Frontier);
    }

    private async Task OpenListedPlanAsync(TeacherTurn turn, string? id, CancellationToken cancellationToken)
    {
        // A card can be replayed or forged: only a plan on the teacher's own list opens this way.
        var found = plans.Any(p => p.Id == id) ? await turn.Plans.GetAsync(turn.Documents, id!, cancellationToken).ConfigureAwait(false) : null;
        if (found is null)
        {
            Say(dialog.Text("my_opps_unknown"));
            machine.Fire(Trigger.ShowPlans);
            return;
        }
        Open(found);
    }

    /// <summary>
    /// Opens the plan of a typed resume code. A text that only looks like one ("Maximiliaan" never does; a code has no
    /// I, O, 0 or 1) counts as handled when no plan is open or it is written as a code, with its dash.
    /// </summary>
    private async Task<bool> TryOpenByCodeAsync(TeacherTurn turn, string code, CancellationToken cancellationToken)
    {
        if (await turn.Plans.FindByCodeAsync(turn.Documents, code, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            if (session.Step is TeacherStep.NoPlan or TeacherStep.Paused || code.Trim().Length == 11 && code.Trim()[5] == '-')
            {
                Say(dialog.Text("code_unknown"));
                return true;
            }
            return false;
        }
        Open(found);
        // Listed for this user from now on, so "mijn OPP's" finds it on this channel too.
        Changed = true;
        return true;
    }

    private void Resume()
    {
        Say(dialog.Text("resumed"));
        SayNewPupilWords();
        SayParentNews();
        machine.Fire(resume, Current);
    }

    /// <summary>"indienen": the open plan goes to the coordinator, or she reads what is still missing.</summary>
    private async Task SubmitAsync(TeacherTurn turn, CancellationToken cancellationToken)
    {
        var (submitted, said) = await TeacherReview.SubmitAsync(turn, session.Step is TeacherStep.NoPlan ? null : opp, cancellationToken).ConfigureAwait(false);
        if (submitted)
        {
            // The step stored a new status: this turn must not save the plan as it was loaded over it.
            opp = await turn.Plans.GetAsync(turn.Documents, opp!.Id, cancellationToken).ConfigureAwait(false);
        }
        Say(said);
    }

    private void Open(OppDocument plan)
    {
        opp = plan;
        session.OppId = plan.Id;
        session.Editing = null;
        session.PickingEdit = false;
        session.BackIndex = null;
        Say(dialog.Text("resumed"));
        SayNewPupilWords();
        SayParentNews();
        SayEvaluationDue();
        machine.Fire(openPlan, Frontier);
        // A plan past the concept says where it stands instead (and, returned, why and what to do).
        if (Frontier.Step == TeacherStep.Finished && plan.Status == OppStatus.Concept)
        {
            Say(dialog.Text("finished"));
        }
        if (catalog is not null)
        {
            foreach (var line in TeacherReview.StatusOnOpening(catalog, plan))
            {
                Say(line);
            }
        }
    }

    // ── The evaluation ──────────────────────────────────────────────────────────────────────────────────

    /// <summary>
    /// The evaluation (<see cref="Evaluation.EvaluationFlow"/>): "evalueren" or the reminder's card starts it for the open
    /// plan (or the card's), and while it runs it takes every message. False when the turn is not for it.
    /// </summary>
    private async Task<bool> EvaluateAsync(TeacherTurn turn, CardData? card, string? text, CancellationToken cancellationToken)
    {
        Evaluation.EvaluationResult result;
        if (session.Evaluation is not null)
        {
            result = await Evaluation.EvaluationFlow.ReceiveAsync(turn, cancellationToken).ConfigureAwait(false);
        }
        else if (card?.Action == Evaluation.EvaluationFlow.StartAction || turn.Dialogs.Evaluation.IsCommand(text, "start"))
        {
            // A card can be replayed or forged: only a plan on her own list opens this way.
            if (card?.Get("opp") is { } id && plans.Any(p => p.Id == id) && id != opp?.Id
                && await turn.Plans.GetAsync(turn.Documents, id, cancellationToken).ConfigureAwait(false) is { } carded)
            {
                OpenQuietly(carded);
            }
            if (opp is null)
            {
                Say(turn.Dialogs.Evaluation.Text("which_plan"));
                machine.Fire(Trigger.ShowPlans);
                return true;
            }
            result = Evaluation.EvaluationFlow.Start(turn, Plan);
        }
        else
        {
            return false;
        }
        replies.AddRange(result.Replies);
        quiet = true;
        if (result.NextVersion is { } next)
        {
            // The new version opens at its summary, where she changes what changes and finishes it.
            OpenQuietly(next);
            quiet = false;
        }
        return true;
    }

    /// <summary>Opens a plan where it stands, without the welcome back and the news: the evaluation says its own.</summary>
    private void OpenQuietly(OppDocument plan)
    {
        opp = plan;
        session.OppId = plan.Id;
        session.Editing = null;
        session.PickingEdit = false;
        session.BackIndex = null;
        machine.Fire(openPlan, Frontier);
    }

    /// <summary>One line when the open plan's evaluation date has come, with a button that starts it.</summary>
    private void SayEvaluationDue()
    {
        if (catalog is { } dialogs && Evaluation.EvaluationFlow.IsDue(Plan, DateOnly.FromDateTime(now.UtcDateTime)))
        {
            replies.Add(new BotReply
            {
                Text = dialogs.Evaluation.Text("due", ("date", Evaluation.EvaluationFlow.DueOn(Plan)!.Value.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("nl-NL")))),
                SuggestedActions = [new SuggestedAction(dialogs.Evaluation.Buttons["start"], dialogs.Evaluation.Commands["start"][0])],
            });
        }
    }

    // ── The pupil ───────────────────────────────────────────────────────────────────────────────────────

    private const string InviteBandAction = "inviteBand";

    private PupilVoiceWeighing Weighing() => new(Plan, dialog, now, replies.Add);

    private void IntroduceHearing() => Weighing().Introduce();

    /// <summary>After she opens or resumes a plan: the pupil said something she has not weighed yet.</summary>
    private void SayNewPupilWords()
    {
        if (opp is not null && PupilVoiceWeighing.Unweighed(opp) is var count and > 0)
        {
            Say(dialog.Text("pupil_voice_new", ("n", count.ToString(CultureInfo.InvariantCulture))));
        }
    }

    /// <summary>"mening leerling": weigh what is not weighed yet, else show what the pupil said.</summary>
    private void ShowPupilVoice()
    {
        if (opp is null || session.Step is TeacherStep.NoPlan or TeacherStep.Paused)
        {
            Say(dialog.Text("no_plan"));
            return;
        }
        if (!PupilVoiceWeighing.IsDone(Plan))
        {
            if (session.Step != TeacherStep.Hearing)
            {
                machine.Fire(Trigger.Weigh);
            }
            return;
        }
        var lines = Plan.PupilVoice!.Contributions.Select(a => "- " + a.Asked + " “" + MarkdownText.Escape(a.Words) + "”");
        Say(dialog.Text("pupil_voice_list") + "\n" + string.Join("\n", lines) + "\n\n" + dialog.Text("pupil_voice_all_weighed"));
    }

    // ── The parents ─────────────────────────────────────────────────────────────────────────────────────

    /// <summary>
    /// After she opens or resumes a plan: a parent added something or decided since she was last told; a parent with
    /// gezag who said niet akkoord is named with the reasons, since the plan cannot be vastgesteld then.
    /// </summary>
    private void SayParentNews()
    {
        if (opp?.Parents is not { } parents)
        {
            return;
        }
        var since = parents.TeacherToldAt ?? DateTimeOffset.MinValue;
        var news = parents.Contributions.Count(p =>
            p.GoesWellAtHome.Concat(p.HardAtHome).Select(e => e.Source.At)
                .Concat(p.Needs.Select(n => n.Source.At))
                .Concat(p.Zienswijze is { } z ? [z.Source.At] : [])
                .Concat(parents.Consents.Where(c => c.ParentId == p.Id).Select(c => c.At))
                .Any(at => at > since));
        if (news == 0)
        {
            return;
        }
        Say(dialog.Text("parents_new", ("n", news.ToString(CultureInfo.InvariantCulture))));
        foreach (var consent in Opp.ParentConsents.Latest(Plan).Where(c => c.HasCustody && c.Decision == ConsentDecision.NotAgreed && c.At > since))
        {
            Say(dialog.Text("parents_not_agreed",
                ("parent", consent.Label ?? catalog!.Draft.Label("parent_unnamed")),
                ("reasons", MarkdownText.Escape(consent.Reasons?.Text ?? ""))));
        }
        parents.TeacherToldAt = now;
        Changed = true;
    }

    /// <summary>A single-use code for one parent of this plan; she asks again for the other parent with gezag.</summary>
    private async Task InviteParentsAsync(TeacherTurn turn, CancellationToken cancellationToken)
    {
        if (opp is null || turn.ParentInvitations is null || session.Step is TeacherStep.NoPlan or TeacherStep.Paused)
        {
            Say(dialog.Text("invite_parents_no_plan"));
            return;
        }
        var invitation = await turn.ParentInvitations.CreateAsync(turn.Documents, Plan, cancellationToken).ConfigureAwait(false);
        Say(dialog.Text("invite_parents",
            ("code", Pupil.PupilInvitations.FormatCode(invitation.Code)),
            ("until", invitation.ExpiresAt.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("nl-NL"))),
            ("link", turn.WebChatUrl)));
    }

    /// <summary>A single-use code for the pupil of this plan, for the age band of the plan's group (or the one she chose).</summary>
    private async Task InvitePupilAsync(TeacherTurn turn, Pupil.AgeBand? band, CancellationToken cancellationToken)
    {
        if (opp is null || turn.Invitations is null || session.Step is TeacherStep.NoPlan or TeacherStep.Paused)
        {
            Say(dialog.Text("invite_pupil_no_plan"));
            return;
        }
        band ??= BandOf(Plan.Pupil);
        if (band is not { } chosen)
        {
            session.ChoosingBand = true;
            var card = new Cards.AdaptiveCardBuilder().AddText(dialog.Text("invite_pupil_band"), emphasis: true);
            foreach (var option in Enum.GetValues<Pupil.AgeBand>())
            {
                card.AddSubmit(catalog!.Pupil.Band(option).Title, [new("action", InviteBandAction), new("band", Pupil.AgeBands.Id(option))]);
            }
            replies.Add(new BotReply { AdaptiveCard = card.Build() });
            quiet = true;
            return;
        }
        var invitation = await turn.Invitations.CreateAsync(turn.Documents, Plan, chosen, cancellationToken).ConfigureAwait(false);
        Say(dialog.Text("invite_pupil",
            ("code", Pupil.PupilInvitations.FormatCode(invitation.Code)),
            ("band", catalog!.Pupil.Band(chosen).Title),
            ("until", invitation.ExpiresAt.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("nl-NL"))),
            ("link", turn.WebChatUrl)));
    }

    private Pupil.AgeBand? BandChosen(CardData? card, string? text)
    {
        if (card?.Action == InviteBandAction)
        {
            return Pupil.AgeBands.FromId(card.Get("band"));
        }
        return catalog is null
            ? null
            : Enum.GetValues<Pupil.AgeBand>().Cast<Pupil.AgeBand?>().FirstOrDefault(b =>
                TextMatcher.IsExactly(text, [catalog.Pupil.Band(b!.Value).Title, Pupil.AgeBands.Id(b.Value)]));
    }

    /// <summary>The band of the plan's group: VO by school type, else groep 1–2, 3–5 or 6–8 by the group's number.</summary>
    public static Pupil.AgeBand? BandOf(PupilProfile pupil)
    {
        if (pupil.SchoolType == SchoolType.Vo)
        {
            return Pupil.AgeBand.Vo;
        }
        var digits = new string((pupil.GroupOrYear ?? "").SkipWhile(c => !char.IsAsciiDigit(c)).TakeWhile(char.IsAsciiDigit).ToArray());
        if (pupil.GroupOrYear?.Contains("leerjaar", StringComparison.OrdinalIgnoreCase) == true || !int.TryParse(digits, CultureInfo.InvariantCulture, out var group))
        {
            return null;
        }
        return group switch
        {
            1 or 2 => Pupil.AgeBand.Groep1To2,
            >= 3 and <= 5 => Pupil.AgeBand.Groep3To5,
            >= 6 and <= 8 => Pupil.AgeBand.Groep6To8,
            _ => null,
        };
    }

    // ── What the bot says ───────────────────────────────────────────────────────────────────────────────

    private void Say(string text) => replies.Add(BotReply.FromText(text));

    private void IntroduceNewPlan(DraftPosition first) => IntroducePhase();

    private void IntroducePhase()
    {
        var teacherPhase = session.Step switch
        {
            TeacherStep.Start => TeacherPhase.Start,
            TeacherStep.Overview => TeacherPhase.Overview,
            TeacherStep.Insight => TeacherPhase.Insight,
            _ => TeacherPhase.Outlook,
        };
        Say(dialog.PhaseOf(teacherPhase).Intro);
    }

    private void SayPaused() => Say(dialog.Text("paused", ("code", OppRepository.FormatCode(Plan.ResumeCode))));

    private void SayDone()
    {
        Say(dialog.Text("done", ("code", OppRepository.FormatCode(Plan.ResumeCode))));
        ShowDraft();
        if (catalog is not null && TeacherReview.MaySubmit(Plan))
        {
            Say(catalog.Review.Text("offer_submit"));
        }
    }

    /// <summary>
    /// The plan as a draft OPP in the order of its required parts, each sentence marked with where it came from, with
    /// its length in pages, what is still missing, and the language checks over the whole plan.
    /// </summary>
    private void ShowDraft()
    {
        if (opp is null || catalog is null)
        {
            Say(dialog.Text("no_plan"));
            return;
        }
        var draft = new Drafting.DraftAssembler(catalog).Assemble(Plan);
        var text = new Drafting.DraftMarkdown(catalog).Render(draft, new Drafting.DraftMarkdownOptions(ProvenanceMarks: true));
        var findings = catalog.LanguageChecks.Check(Plan, [.. otherTexts, .. standardOffer.Paragraphs]);
        if (findings.Count > 0)
        {
            text += "\n\n" + dialog.Text("draft_language_hints") + "\n" + string.Join("\n", findings.Select(f => "- " + f.Hint));
        }
        Say(text);
    }

    private const int OtherPlansCompared = 20;

    private async Task<IReadOnlyList<string>> OtherPlansTextsAsync(TeacherTurn turn, CancellationToken cancellationToken)
    {
        var texts = new List<string>();
        foreach (var summary in plans.Where(p => p.Id != session.OppId).Take(OtherPlansCompared))
        {
            if (await turn.Plans.GetAsync(turn.Documents, summary.Id, cancellationToken).ConfigureAwait(false) is { } other)
            {
                texts.AddRange(other.Factors.Select(f => f.Text));
                texts.AddRange(other.Goals.SelectMany(g => new[] { g.Description?.Text, g.SuccessCriterion?.Text }).OfType<string>());
                texts.AddRange(other.ActionPart.Needs.Select(n => n.Text));
                if (other.ActionPart.SupportAndApproach is { } support)
                {
                    texts.Add(support.Text);
                }
            }
        }
        return texts;
    }

    /// <summary>A gentle hint when an answer reads like a label, problem language or a vague goal; the answer is kept.</summary>
    private void Hint(QuestionDialog question, string answer)
    {
        Drafting.TextKind? kind = question.Slot.Name switch
        {
            var factor when factor.StartsWith("factors.", StringComparison.Ordinal) => Drafting.TextKind.Factor,
            "goal.description" => Drafting.TextKind.GoalDescription,
            "goal.success_criterion" => Drafting.TextKind.SuccessCriterion,
            "action.support_and_approach" => Drafting.TextKind.SupportAndApproach,
            "action.needs" => Drafting.TextKind.Need,
            _ => null,
        };
        if (kind is { } checkedKind && catalog is not null)
        {
            foreach (var finding in catalog.LanguageChecks.CheckText(answer, checkedKind, standardOffer.For(catalog.LanguageChecks)))
            {
                Say(finding.Hint);
            }
        }
    }

    private void SayGeneralHelp() => Say(dialog.Text("help_question"));

    private void SayHelp()
    {
        var position = Current;
        Say(position.Mode == DraftMode.Question && !session.PickingEdit
            ? dialog.Question(position.QuestionId!).Help + "\n\n" + dialog.Text("help_question")
            : dialog.Text("help_question"));
    }

    private void ListPlans() => replies.Add(TeacherCards.PlanList(dialog, plans, catalog));

    /// <summary>Asks for what the current position waits for; said once at the end of every turn that stays in the draft.</summary>
    private void Present()
    {
        if (opp is null || session.Step is TeacherStep.NoPlan or TeacherStep.Paused)
        {
            return;
        }
        if (session.Evaluation is { } evaluation && catalog is not null)
        {
            // Back from another role in the middle of an evaluation: its question, not the draft's.
            replies.AddRange(Evaluation.EvaluationFlow.Ask(catalog, evaluation, Plan));
            return;
        }
        if (session.PickingEdit)
        {
            Say(PlanEntries.Format(PlanEntries.Of(Plan, dialog), dialog) + "\n\n" + dialog.Text("edit_which"));
            return;
        }
        if (session.Step == TeacherStep.Hearing)
        {
            Weighing().Present();
            return;
        }
        var position = Current;
        session.LastAsked = position;
        switch (position.Step, position.Mode)
        {
            case (TeacherStep.Finished, _):
                if (replies.Count == 0)
                {
                    Say(dialog.Text("finished"));
                }
                return;
            case (TeacherStep.Summary, _):
                Say(dialog.Text("summary_intro") + "\n\n" + PlanEntries.Format(PlanEntries.Of(Plan, dialog), dialog));
                replies.Add(TeacherCards.Confirm(dialog, position.Step, dialog.Text("confirm_summary")));
                return;
            case (_, DraftMode.Confirm):
                var phase = dialog.Question(position.QuestionId!).Phase;
                var entries = PlanEntries.Of(Plan, dialog).Where(e => e.Question.Phase == phase);
                Say(dialog.Text("phase_summary", ("phase", dialog.PhaseOf(phase).Title)) + "\n\n" + PlanEntries.Format(entries, dialog));
                replies.Add(TeacherCards.Confirm(dialog, position.Step, dialog.Text("confirm_phase")));
                return;
            case (_, DraftMode.More):
                replies.Add(TeacherCards.More(dialog, position.QuestionId!, WhatMore(dialog.Question(position.QuestionId!))));
                return;
        }
        var question = dialog.Question(position.QuestionId!);
        if (session.Editing is not null && PlanSlots.Display(Plan, question, position.Item) is { } current)
        {
            Say(dialog.Text("edit_current", ("current", current)));
            if (question.Slot.Input == InputType.Needs)
            {
                // A need is changed by typing the sentence over; the step's long introduction would only be in the way.
                return;
            }
        }
        var progress = dialog.Progress
            .Replace("{step}", (Asked.ToList().FindIndex(q => q.Id == question.Id) + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{total}", Asked.Count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{phase}", dialog.PhaseOf(question.Phase).Title, StringComparison.Ordinal);
        if (question.Slot.Input == InputType.Needs)
        {
            if (Plan.Draft.Needs is null)
            {
                Say(question.Ask);
                Changed = true;
            }
            Needs().Present(progress);
            return;
        }
        replies.Add(TeacherCards.Question(dialog, question, progress, session.Editing is null && question.Optional));
        var group = GroupOf(question);
        if (session.Editing is null && group.Count > 1 && group[0].Id == question.Id)
        {
            replies.Add(TeacherCards.Group(dialog, group));
        }
    }

    private NeedDrafting Needs() => new(
        Plan, dialog, frames, now, replies.Add, turnDrafting, followUp => turnAfter?.Invoke(followUp),
        text => catalog?.LanguageChecks.CheckText(text, Drafting.TextKind.Need).Select(f => f.Hint) ?? []);

    /// <summary>After the last kind of need of the last goal the step is over: on to the next question.</summary>
    private void LeaveNeedsWhenDone(NeedDrafting step, QuestionDialog question)
    {
        if (step.Done)
        {
            Plan.Draft.Needs = null;
            MoveOn(PastItems(question, 0));
        }
    }

    /// <summary>What "nog een?" would add: the list's own name, or the next goal or agreement ("Doel 2").</summary>
    private string WhatMore(QuestionDialog question) =>
        question.Slot.Group is { } group
            ? dialog.Text(group + "_item", ("n", (PlanSlots.Count(Plan, question.Slot) + 1).ToString(CultureInfo.InvariantCulture)))
            : question.Label;

    /// <summary>A typed number from the plan list ("2").</summary>
    private int? ListNumber(string? text) =>
        int.TryParse(text?.Trim().TrimEnd('.'), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= plans.Count
            ? number
            : null;
}

/// <summary>What the AI follow-up about a goal carries back.</summary>
internal sealed record AiGoalHints(string GoalId, IReadOnlyList<string> Hints);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(AiGoalHints))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class TeacherFlowJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
