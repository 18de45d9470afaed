using System.Globalization;
using System.Text.Json;
using OppAssistant.Core.Cards;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Lifecycle;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Teacher;
using OppAssistant.Core.Turns;
using Stateless;
using Stateless.Graph;

namespace OppAssistant.Core.Evaluation;

/// <summary>What an evaluation turn said, and the next version of the plan when the evaluation was saved.</summary>
public sealed record EvaluationResult(IReadOnlyList<BotReply> Replies, OppDocument? NextVersion = null);

/// <summary>
/// The evaluation of an adopted plan with the teacher (faq-brief §1.2: at least once a school year, with the parents;
/// §2.1 "evalueren"): per short-term goal reached, partly or not, with an optional note; on course for the
/// uitstroomperspectief and why; what changes; then "klopt dit?". One Stateless machine built for one turn over an
/// <see cref="EvaluationSession"/> that lives outside it, in the teacher's session. Nothing is stored before the
/// confirmation; on it, in the same turn, the evaluation is appended to the plan, the lifecycle step Evaluate is
/// taken (<see cref="LifecycleService"/>) and the next version of the plan is created as a concept
/// (<see cref="NextVersion"/>). The teacher's words are recorded as she gives them; nothing is suggested.
/// Everything it says comes from dialogs/evaluation.yaml.
/// </summary>
public sealed class EvaluationFlow
{
    /// <summary>The card action that starts an evaluation (the EvaluationDue notice's button), with the plan's id in "opp".</summary>
    public const string StartAction = "evaluate";

    /// <summary>The card action of this flow's own buttons.</summary>
    public const string AnswerAction = "evaluation";

    public const int MaxNoteLength = 300;
    public const int MaxTextLength = 1000;

    private enum Trigger
    {
        Next,
        Restart,
        Save,
        Stop,
    }

    private readonly EvaluationSession session;
    private readonly EvaluationDialog dialog;
    private readonly StateMachine<EvaluationStep, Trigger> machine;
    private readonly List<BotReply> replies = [];
    private OppDocument plan;

    private EvaluationFlow(EvaluationSession session, EvaluationDialog dialog, OppDocument plan)
    {
        this.session = session;
        this.dialog = dialog;
        this.plan = plan;
        machine = new StateMachine<EvaluationStep, Trigger>(() => session.Step, step => session.Step = step);
        Configure();
    }

    /// <summary>
    /// Starts evaluating <paramref name="plan"/> for the teacher of <paramref name="turn"/>: when the lifecycle allows it
    /// (only an adopted plan), a new session in her <see cref="TeacherSession"/> and the first question; else the
    /// lifecycle's reasons why not.
    /// </summary>
    public static EvaluationResult Start(TeacherTurn turn, OppDocument plan)
    {
        var dialog = turn.Dialogs.Evaluation;
        var why = OppLifecycle.WhyNot(plan, LifecycleTrigger.Evaluate, Actor(turn), null, turn.Dialogs);
        if (why.Count > 0)
        {
            return new EvaluationResult([Refusal(dialog, why)]);
        }
        var session = new EvaluationSession
        {
            OppId = plan.Id,
            GoalIds = [.. Evaluated(plan).Select(g => g.Id)],
        };
        turn.Session.Evaluation = session;
        var flow = new EvaluationFlow(session, dialog, plan);
        flow.Say(dialog.Text("intro", ("name", plan.Pupil.Name ?? dialog.Text("unnamed")), ("version", plan.Version.ToString(CultureInfo.InvariantCulture))));
        if (session.GoalIds.Count == 0)
        {
            flow.Say(dialog.Text("no_goals"));
            flow.machine.Fire(Trigger.Next);
        }
        flow.Present();
        return new EvaluationResult(flow.replies);
    }

    /// <summary>One message or card action of the teacher while her evaluation runs.</summary>
    public static async Task<EvaluationResult> ReceiveAsync(TeacherTurn turn, CancellationToken cancellationToken)
    {
        var session = turn.Session.Evaluation ?? throw new InvalidOperationException("No evaluation is running.");
        if (await turn.Plans.GetAsync(turn.Documents, session.OppId, cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            turn.Session.Evaluation = null;
            return new EvaluationResult([BotReply.FromText(turn.Dialogs.Lifecycle.Text("not_found"))]);
        }
        var flow = new EvaluationFlow(session, turn.Dialogs.Evaluation, plan);
        var next = await flow.HandleAsync(turn, cancellationToken).ConfigureAwait(false);
        if (session.Step is EvaluationStep.Saved or EvaluationStep.Stopped)
        {
            turn.Session.Evaluation = null;
        }
        else
        {
            flow.Present();
        }
        return new EvaluationResult(flow.replies, next);
    }

    /// <summary>The question the running evaluation waits for, asked again (the teacher came back from another role).</summary>
    public static IReadOnlyList<BotReply> Ask(DialogCatalog dialogs, EvaluationSession session, OppDocument plan)
    {
        var flow = new EvaluationFlow(session, dialogs.Evaluation, plan);
        flow.Present();
        return flow.replies;
    }

    /// <summary>Whether the plan's evaluation date has come on <paramref name="today"/>: adopted, and its next evaluation moment reached.</summary>
    public static bool IsDue(OppDocument plan, DateOnly today) =>
        plan.Status == OppStatus.Adopted && DueOn(plan) is { } due && due <= today;

    /// <summary>The evaluation date the register keeps for the plan (<see cref="PlanRegister.NextEvaluation"/>).</summary>
    public static DateOnly? DueOn(OppDocument plan) =>
        PlanRegister.NextEvaluation(plan, plan.Lifecycle.History.Count > 0 ? plan.Lifecycle.History[^1].At : plan.UpdatedAt);

    /// <summary>The machine as a Mermaid diagram; the README shows it and a test keeps the two equal.</summary>
    public static string ToMermaid(DialogCatalog dialogs) =>
        MermaidGraph.Format(new EvaluationFlow(new EvaluationSession(), dialogs.Evaluation, new OppDocument()).machine.GetInfo());

    /// <summary>
    /// The next version of <paramref name="evaluated"/>, created with its own id and resume code for the same owner: the
    /// same content (pupil, factors, insight, perspective, goals with their ids, handelingsdeel), its evaluation moments
    /// and goal dates moved on by a year for the teacher to adjust, and the evaluations so far. The pupil's voice and the
    /// parents' part are not copied: the new version is heard and consented to anew. It starts as a concept at the
    /// summary, so the teacher changes what changes and finishes it.
    /// </summary>
    public static async Task<OppDocument> NextVersionAsync(TurnDocuments documents, OppRepository plans, OppDocument evaluated, string userKey, CancellationToken cancellationToken)
    {
        var created = await plans.CreateAsync(documents, evaluated.OwnerKey, cancellationToken).ConfigureAwait(false);
        // A deep copy through the stored form, so no list or entry is shared between the two versions.
        var next = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(evaluated, OppJsonContext.Default.OppDocument), OppJsonContext.Default.OppDocument)!;
        next.Id = created.Id;
        next.OwnerKey = created.OwnerKey;
        next.ResumeCode = created.ResumeCode;
        next.CreatedAt = created.CreatedAt;
        next.UpdatedAt = created.UpdatedAt;
        next.Lifecycle = new PlanLifecycle();
        next.Version = evaluated.Version + 1;
        next.PreviousVersionId = evaluated.Id;
        next.PupilVoice = null;
        next.Parents = null;
        next.EvaluationMoments = [.. evaluated.EvaluationMoments.Select(d => d.AddYears(1))];
        foreach (var goal in next.Goals.Where(g => g.EvaluateOn is not null))
        {
            goal.EvaluateOn = goal.EvaluateOn!.Value.AddYears(1);
        }
        next.Draft = new DraftProgress
        {
            Frontier = new DraftPosition(TeacherStep.Summary, null, 0, DraftMode.Confirm),
            Answered = [.. evaluated.Draft.Answered],
        };
        await plans.SaveAsync(documents, next, userKey, cancellationToken).ConfigureAwait(false);
        return next;
    }

    private void Configure()
    {
        machine.Configure(EvaluationStep.Active)
            .Permit(Trigger.Stop, EvaluationStep.Stopped);

        // Each goal in turn; after the last one, the perspective.
        machine.Configure(EvaluationStep.Goal)
            .SubstateOf(EvaluationStep.Active)
            .PermitReentryIf(Trigger.Next, () => session.Goals.Count < session.GoalIds.Count, "another goal")
            .PermitIf(Trigger.Next, EvaluationStep.OnCourse, () => session.Goals.Count >= session.GoalIds.Count, "every goal judged");

        machine.Configure(EvaluationStep.OnCourse)
            .SubstateOf(EvaluationStep.Active)
            .Permit(Trigger.Next, EvaluationStep.OnCourseWhy);

        machine.Configure(EvaluationStep.OnCourseWhy)
            .SubstateOf(EvaluationStep.Active)
            .Permit(Trigger.Next, EvaluationStep.Changes);

        machine.Configure(EvaluationStep.Changes)
            .SubstateOf(EvaluationStep.Active)
            .Permit(Trigger.Next, EvaluationStep.Confirm);

        // "klopt dit?": yes stores it all in one turn, no starts again from the first goal.
        machine.Configure(EvaluationStep.Confirm)
            .SubstateOf(EvaluationStep.Active)
            .Permit(Trigger.Save, EvaluationStep.Saved)
            .PermitIf(Trigger.Restart, EvaluationStep.Goal, () => session.GoalIds.Count > 0, "with goals")
            .PermitIf(Trigger.Restart, EvaluationStep.OnCourse, () => session.GoalIds.Count == 0, "without goals");

        machine.Configure(EvaluationStep.Saved);
        machine.Configure(EvaluationStep.Stopped);
    }

    private async Task<OppDocument?> HandleAsync(TeacherTurn turn, CancellationToken cancellationToken)
    {
        var input = turn.Input;
        var data = input.Kind == InputKind.CardAction && input.Value is { } value ? value : (JsonElement?)null;
        var action = data is { } d ? CardValues.String(d, "action") : null;
        var text = data is null ? input.Text : null;
        if (dialog.IsCommand(text, "stop") || action == AnswerAction && CardValues.String(data!.Value, "value") == "stop")
        {
            machine.Fire(Trigger.Stop);
            Say(dialog.Text("stopped"));
            return null;
        }
        // A button of an earlier question, or of another card, is not an answer to this one; nor is "help", which
        // would otherwise be stored as a reason: ask again.
        if (data is not null && (action != AnswerAction || CardValues.String(data.Value, "step") != session.Step.ToString())
            || TextMatcher.IsExactly(text, turn.Dialogs.Common.Commands["help"]))
        {
            return null;
        }
        var chosen = data is { } card ? CardValues.String(card, "value") : null;
        var source = new Provenance(Role.Teacher, null, turn.Now, TextOrigin.Person);
        switch (session.Step)
        {
            case EvaluationStep.Goal:
                var parsed = chosen is not null ? OutcomeOf(chosen, data is { } c ? CardValues.String(c, "note") : null) : ParseGoal(text);
                if (parsed is not { } answer)
                {
                    Say(dialog.Text("goal_invalid"));
                    return null;
                }
                if (answer.Note is { Length: > MaxNoteLength })
                {
                    Say(dialog.Text("too_long", ("max", MaxNoteLength.ToString(CultureInfo.InvariantCulture))));
                    return null;
                }
                var id = session.GoalIds[session.Goals.Count];
                var note = string.IsNullOrWhiteSpace(answer.Note) ? null : new TextEntry(answer.Note.Trim(), source with { QuestionId = "evaluation.goal." + id });
                session.Goals.Add(new GoalEvaluation(id, NumberOf(id), answer.Outcome, note));
                machine.Fire(Trigger.Next);
                return null;
            case EvaluationStep.OnCourse:
                var yes = chosen is not null ? chosen == "yes" ? true : chosen == "no" ? false : (bool?)null : YesOrNo(text);
                if (yes is null)
                {
                    Say(dialog.Text("on_course_invalid"));
                    return null;
                }
                session.OnCourse = yes;
                machine.Fire(Trigger.Next);
                return null;
            case EvaluationStep.OnCourseWhy:
                if (Written(text, "evaluation.on_course_why", source) is { } why)
                {
                    session.OnCourseWhy = why;
                    machine.Fire(Trigger.Next);
                }
                return null;
            case EvaluationStep.Changes:
                if (Written(text, "evaluation.changes", source) is { } changes)
                {
                    session.Changes = changes;
                    machine.Fire(Trigger.Next);
                }
                return null;
            default:
                var confirmed = chosen is not null ? chosen == "yes" ? true : chosen == "no" ? false : (bool?)null : YesOrNo(text);
                if (confirmed is null)
                {
                    Say(dialog.Text("confirm_invalid"));
                    return null;
                }
                if (confirmed == false)
                {
                    session.Goals.Clear();
                    (session.OnCourse, session.OnCourseWhy, session.Changes) = (null, null, null);
                    Say(dialog.Text("restart"));
                    machine.Fire(Trigger.Restart);
                    return null;
                }
                return await SaveAsync(turn, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// In one turn: the step Evaluate (the lifecycle may still refuse it, say when the plan moved on meanwhile), the
    /// evaluation appended to the plan, and the next version created. A refusal stores nothing.
    /// </summary>
    private async Task<OppDocument?> SaveAsync(TeacherTurn turn, CancellationToken cancellationToken)
    {
        var lifecycle = turn.Lifecycle ?? throw new InvalidOperationException("The teacher's turn has no lifecycle service.");
        var result = await lifecycle.FireAsync(turn.Documents, plan.Id, LifecycleTrigger.Evaluate, Actor(turn), null, cancellationToken).ConfigureAwait(false);
        if (result is LifecycleResult.Refused refused)
        {
            replies.Add(Refusal(dialog, refused.Reasons));
            machine.Fire(Trigger.Stop);
            return null;
        }
        // The plan as the step left it (staged in this turn), with the evaluation added.
        plan = (await turn.Plans.GetAsync(turn.Documents, plan.Id, cancellationToken).ConfigureAwait(false))!;
        plan.Evaluations.Add(new PlanEvaluation(
            DateOnly.FromDateTime(turn.Now.UtcDateTime), plan.Version, turn.Input.UserKey, [.. session.Goals],
            session.OnCourse!.Value, session.OnCourseWhy!, session.Changes!));
        await turn.Plans.SaveAsync(turn.Documents, plan, plan.OwnerKey.Length > 0 ? plan.OwnerKey : turn.Input.UserKey, cancellationToken).ConfigureAwait(false);
        var next = await NextVersionAsync(turn.Documents, turn.Plans, plan, turn.Input.UserKey, cancellationToken).ConfigureAwait(false);
        machine.Fire(Trigger.Save);
        Say(dialog.Text("saved",
            ("version", plan.Version.ToString(CultureInfo.InvariantCulture)),
            ("state", OppLifecycle.StateName(plan.Status, turn.Dialogs))));
        Say(dialog.Text("new_version",
            ("version", next.Version.ToString(CultureInfo.InvariantCulture)),
            ("code", OppRepository.FormatCode(next.ResumeCode))));
        return next;
    }

    /// <summary>Asks for what the current step waits for.</summary>
    private void Present()
    {
        switch (session.Step)
        {
            case EvaluationStep.Goal:
                var id = session.GoalIds[session.Goals.Count];
                var goal = plan.Goals.FirstOrDefault(g => g.Id == id);
                var ask = dialog.Text("goal",
                    ("n", (session.Goals.Count + 1).ToString(CultureInfo.InvariantCulture)),
                    ("total", session.GoalIds.Count.ToString(CultureInfo.InvariantCulture)),
                    ("goal", goal?.Description?.Text ?? ""),
                    ("criterion", goal?.SuccessCriterion?.Text ?? dialog.Text("no_criterion")));
                replies.Add(new BotReply
                {
                    AdaptiveCard = new AdaptiveCardBuilder()
                        .AddText(ask)
                        .AddNote(dialog.Text("goal_hint"))
                        .AddTextInput("note", dialog.Buttons["note_label"], MaxNoteLength, multiline: false)
                        .AddSubmit(dialog.Buttons["reached"], Data("reached"))
                        .AddSubmit(dialog.Buttons["partly"], Data("partly"))
                        .AddSubmit(dialog.Buttons["not_reached"], Data("not_reached"))
                        .Build(),
                    SuggestedActions = StopAction(),
                });
                return;
            case EvaluationStep.OnCourse:
                replies.Add(new BotReply
                {
                    AdaptiveCard = new AdaptiveCardBuilder()
                        .AddText(dialog.Text("on_course", ("name", plan.Pupil.Name ?? dialog.Text("unnamed")), ("perspective", Perspective())))
                        .AddSubmit(dialog.Buttons["on_course_yes"], Data("yes"))
                        .AddSubmit(dialog.Buttons["on_course_no"], Data("no"))
                        .Build(),
                    SuggestedActions = StopAction(),
                });
                return;
            case EvaluationStep.OnCourseWhy:
                replies.Add(new BotReply { Text = dialog.Text("on_course_why"), SuggestedActions = StopAction() });
                return;
            case EvaluationStep.Changes:
                replies.Add(new BotReply { Text = dialog.Text("changes"), SuggestedActions = StopAction() });
                return;
            case EvaluationStep.Confirm:
                Say(dialog.Text("summary") + "\n\n" + string.Join("\n", Summary().Select(line => "- " + line)));
                replies.Add(new BotReply
                {
                    AdaptiveCard = new AdaptiveCardBuilder()
                        .AddText(dialog.Text("confirm"))
                        .AddSubmit(dialog.Buttons["confirm_yes"], Data("yes"))
                        .AddSubmit(dialog.Buttons["confirm_no"], Data("no"))
                        .Build(),
                    SuggestedActions = StopAction(),
                });
                return;
        }
    }

    private IEnumerable<string> Summary()
    {
        foreach (var goal in session.Goals)
        {
            var n = goal.Number.ToString(CultureInfo.InvariantCulture);
            yield return goal.Note is { } note
                ? dialog.Text("summary_goal_note", ("n", n), ("outcome", dialog.Outcomes[goal.Outcome]), ("note", note.Text))
                : dialog.Text("summary_goal", ("n", n), ("outcome", dialog.Outcomes[goal.Outcome]));
        }
        yield return dialog.Text(session.OnCourse == true ? "summary_on_course_yes" : "summary_on_course_no");
        yield return dialog.Text("summary_why", ("text", session.OnCourseWhy?.Text ?? ""));
        yield return dialog.Text("summary_changes", ("text", session.Changes?.Text ?? ""));
    }

    /// <summary>The perspective as the team chose it (levels as stored); the flow only shows it.</summary>
    private string Perspective() =>
        plan.Perspective.Levels.Count > 0 ? string.Join(", ", plan.Perspective.Levels) : dialog.Text("no_perspective");

    private KeyValuePair<string, string>[] Data(string value) =>
        [new("action", AnswerAction), new("step", session.Step.ToString()), new("value", value)];

    private SuggestedAction[] StopAction() => [new(dialog.Buttons["stop"], dialog.Commands["stop"][0])];

    /// <summary>The goal's number in the plan (1-based), as the draft numbers it.</summary>
    private int NumberOf(string goalId) => plan.Goals.FindIndex(g => g.Id == goalId) + 1;

    /// <summary>A written answer: not empty and not too long; otherwise says why and returns null.</summary>
    private TextEntry? Written(string? text, string questionId, Provenance source)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            Say(dialog.Text("empty"));
            return null;
        }
        if (text.Trim().Length > MaxTextLength)
        {
            Say(dialog.Text("too_long", ("max", MaxTextLength.ToString(CultureInfo.InvariantCulture))));
            return null;
        }
        return new TextEntry(text.Trim(), source with { QuestionId = questionId });
    }

    private bool? YesOrNo(string? text) => dialog.Is(text, "yes") ? true : dialog.Is(text, "no") ? false : null;

    private static (GoalOutcome Outcome, string? Note)? OutcomeOf(string value, string? note) => value switch
    {
        "reached" => (GoalOutcome.Reached, note),
        "partly" => (GoalOutcome.Partly, note),
        "not_reached" => (GoalOutcome.NotReached, note),
        _ => null,
    };

    /// <summary>
    /// A typed judgement: an answer of dialogs/evaluation.yaml as the first words (the longest answer first, so "not
    /// reached" is never read as "reached"), then optionally a note after it, e.g. after a colon.
    /// </summary>
    private (GoalOutcome Outcome, string? Note)? ParseGoal(string? text)
    {
        var words = (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var count = Math.Min(words.Length, 4); count >= 1; count--)
        {
            var head = string.Join(' ', words[..count]);
            foreach (var (key, outcome) in new[] { ("reached", GoalOutcome.Reached), ("partly", GoalOutcome.Partly), ("not_reached", GoalOutcome.NotReached) })
            {
                if (dialog.Is(head, key))
                {
                    var note = string.Join(' ', words[count..]).TrimStart(':', ';', ',', '-', '–', '—', '.', ' ');
                    return (outcome, note.Length == 0 ? null : note);
                }
            }
        }
        return null;
    }

    private void Say(string text) => replies.Add(BotReply.FromText(text));

    private static BotReply Refusal(EvaluationDialog dialog, IReadOnlyList<string> reasons) =>
        BotReply.FromText(dialog.Text("refused", ("reasons", string.Join("\n", reasons.Select(r => "- " + r)))));

    private static LifecycleActor Actor(TeacherTurn turn) => new(LifecycleRole.Teacher, turn.Input.UserKey);

    /// <summary>The goals an evaluation asks about: those with a description, in the plan's order.</summary>
    private static IEnumerable<ShortTermGoal> Evaluated(OppDocument plan) => plan.Goals.Where(g => g.Description is not null);
}
