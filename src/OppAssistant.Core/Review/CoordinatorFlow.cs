using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OppAssistant.Core.Cards;
using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Lifecycle;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Parent;
using OppAssistant.Core.Teacher;
using OppAssistant.Core.Turns;
using Stateless;
using Stateless.Graph;

namespace OppAssistant.Core.Review;

/// <summary>
/// The coordinator's review in the chat (Teams cards, the same in Web Chat): the queue (plans in review longest waiting
/// first, plans whose parents agreed, notices) → one plan's card (checklist, changes since the last reviewed version,
/// comments) → comment on a section, return with a reason, approve, or adopt. One Stateless machine, built for one
/// turn over a <see cref="CoordinatorSession"/> that lives outside it. The machine only moves and marks what to show;
/// reading plans and taking steps (<see cref="ReviewService"/>) happens around it, and a refused step changes nothing
/// and asks again. Every card action also works typed. Everything said comes from dialogs/review.yaml.
/// </summary>
public sealed class CoordinatorFlow
{
    public const string CardAction = "coordinator";

    /// <summary>The follow-up that tells the teacher at once; its turn in this conversation says nothing.</summary>
    public const string NudgeFollowUp = "review-nudge";

    /// <summary>Plans shown per part of the queue; the rest are counted.</summary>
    public const int MaxListed = 20;

    /// <summary>Added and removed sentences shown per changed section.</summary>
    private const int MaxChangesPerSection = 3;

    private static readonly TimeSpan NudgeTimeout = TimeSpan.FromSeconds(30);
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    private enum Trigger
    {
        ShowList,
        Open,
        Comment,
        SectionChosen,
        Commented,
        StartReturn,
        Decided,
        Cancel,
        Help,
    }

    private readonly CoordinatorTurn turn;
    private readonly CoordinatorSession session;
    private readonly ReviewDialog dialog;
    private readonly List<BotReply> replies = [];
    private readonly StateMachine<CoordinatorStep, Trigger> machine;
    private bool showQueue;
    private bool showPlan;

    private CoordinatorFlow(CoordinatorTurn turn)
    {
        this.turn = turn;
        session = turn.Session;
        dialog = turn.Dialogs.Review;
        machine = new StateMachine<CoordinatorStep, Trigger>(() => session.Step, step => session.Step = step);
        Configure();
    }

    /// <summary>The coordinator was admitted to the role: the queue.</summary>
    public static async Task<IReadOnlyList<BotReply>> EnterAsync(CoordinatorTurn turn, CancellationToken cancellationToken)
    {
        var flow = new CoordinatorFlow(turn);
        flow.machine.Fire(Trigger.ShowList);
        await flow.PresentAsync(cancellationToken).ConfigureAwait(false);
        return flow.replies;
    }

    /// <summary>One message or card action of the coordinator; a follow-up turn (the teacher was nudged) says nothing.</summary>
    public static async Task<IReadOnlyList<BotReply>> ReceiveAsync(CoordinatorTurn turn, CancellationToken cancellationToken)
    {
        var flow = new CoordinatorFlow(turn);
        if (turn.Input.Kind is not (InputKind.Message or InputKind.CardAction))
        {
            return [];
        }
        await flow.DispatchAsync(cancellationToken).ConfigureAwait(false);
        await flow.PresentAsync(cancellationToken).ConfigureAwait(false);
        return flow.replies;
    }

    /// <summary>The machine as a Mermaid diagram; the README shows it and a test keeps the two equal.</summary>
    public static string ToMermaid(DialogCatalog dialogs) =>
        MermaidGraph.Format(new CoordinatorFlow(new CoordinatorTurn(
            new CoordinatorSession(), new TurnInput(new ConversationKey("", ""), "", InputKind.Message), dialogs, null!, null!, null!, DateTimeOffset.UnixEpoch))
            .machine.GetInfo());

    private void Configure()
    {
        // From anywhere: help, and back to the list (after a decision, or asked for).
        machine.Configure(CoordinatorStep.Review)
            .InternalTransition(Trigger.Help, () => Say(dialog.Text("help")))
            .Permit(Trigger.ShowList, CoordinatorStep.Queue)
            .Permit(Trigger.Decided, CoordinatorStep.Queue);

        machine.Configure(CoordinatorStep.Queue)
            .SubstateOf(CoordinatorStep.Review)
            .OnEntry(MarkQueue)
            .PermitReentry(Trigger.ShowList)
            .PermitReentry(Trigger.Decided)
            .InternalTransition(Trigger.Cancel, SayCancelled)
            .Permit(Trigger.Open, CoordinatorStep.Plan)
            .Permit(Trigger.Commented, CoordinatorStep.Plan);

        machine.Configure(CoordinatorStep.Plan)
            .SubstateOf(CoordinatorStep.Review)
            .OnEntryFrom(Trigger.Open, MarkPlan)
            .OnEntryFrom(Trigger.Cancel, SayCancelled)
            .PermitReentry(Trigger.Open)
            .PermitReentry(Trigger.Commented)
            .PermitReentry(Trigger.Cancel)
            .Permit(Trigger.Comment, CoordinatorStep.ChoosingSection)
            .Permit(Trigger.StartReturn, CoordinatorStep.WritingReason);

        // While a section, a comment or a reason is typed: cancelling, a comment from the card or opening a plan goes back to the plan.
        machine.Configure(CoordinatorStep.Writing)
            .SubstateOf(CoordinatorStep.Review)
            .Permit(Trigger.Cancel, CoordinatorStep.Plan)
            .Permit(Trigger.Commented, CoordinatorStep.Plan)
            .Permit(Trigger.Open, CoordinatorStep.Plan);

        machine.Configure(CoordinatorStep.ChoosingSection)
            .SubstateOf(CoordinatorStep.Writing)
            .OnEntry(AskSection)
            .Permit(Trigger.SectionChosen, CoordinatorStep.WritingComment);

        machine.Configure(CoordinatorStep.WritingComment)
            .SubstateOf(CoordinatorStep.Writing)
            .OnEntry(AskComment);

        machine.Configure(CoordinatorStep.WritingReason)
            .SubstateOf(CoordinatorStep.Writing)
            .OnEntry(AskReason);
    }

    // ── Dispatch ────────────────────────────────────────────────────────────────────────────────────────

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        var input = turn.Input;
        if (input.Kind == InputKind.CardAction)
        {
            await ReceiveCardAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        var text = input.Text;
        if (TextMatcher.IsExactly(text, turn.Dialogs.Common.Commands["help"]))
        {
            machine.Fire(Trigger.Help);
            return;
        }
        if (dialog.IsCommand(text, "list"))
        {
            machine.Fire(Trigger.ShowList);
            return;
        }
        if (dialog.IsCommand(text, "cancel"))
        {
            machine.Fire(Trigger.Cancel);
            return;
        }
        switch (session.Step)
        {
            case CoordinatorStep.ChoosingSection:
                ChooseSection(text);
                return;
            case CoordinatorStep.WritingComment:
                await CommentAsync(session.OppId, session.CommentSection, text, cancellationToken).ConfigureAwait(false);
                return;
            case CoordinatorStep.WritingReason:
                await ReturnAsync(session.OppId, text, cancellationToken).ConfigureAwait(false);
                return;
        }
        if (Number(text) is { } number)
        {
            if (number < 1 || number > session.Listed.Count)
            {
                Say(dialog.Text("unknown_number"));
                machine.Fire(Trigger.ShowList);
                return;
            }
            await OpenAsync(session.Listed[number - 1], cancellationToken).ConfigureAwait(false);
            return;
        }
        if (session.Step == CoordinatorStep.Plan && session.OppId is { } open)
        {
            if (dialog.IsCommand(text, "read"))
            {
                await ReadAsync(open, cancellationToken).ConfigureAwait(false);
                return;
            }
            if (dialog.IsCommand(text, "comment"))
            {
                await StartAsync(open, Trigger.Comment, cancellationToken).ConfigureAwait(false);
                return;
            }
            if (dialog.IsCommand(text, "return"))
            {
                await StartAsync(open, Trigger.StartReturn, cancellationToken).ConfigureAwait(false);
                return;
            }
            if (dialog.IsCommand(text, "approve"))
            {
                await ApproveAsync(open, cancellationToken).ConfigureAwait(false);
                return;
            }
            if (dialog.IsCommand(text, "adopt"))
            {
                await AdoptAsync(open, cancellationToken).ConfigureAwait(false);
                return;
            }
        }
        else if (dialog.IsCommand(text, "read") || dialog.IsCommand(text, "comment") || dialog.IsCommand(text, "return") || dialog.IsCommand(text, "approve") || dialog.IsCommand(text, "adopt"))
        {
            Say(dialog.Text("no_plan_open"));
            return;
        }
        Say(dialog.Text("not_understood"));
    }

    private async Task ReceiveCardAsync(CancellationToken cancellationToken)
    {
        var value = turn.Input.Value!.Value;
        if (CardValues.String(value, "action") != CardAction)
        {
            Say(dialog.Text("not_understood"));
            return;
        }
        var opp = CardValues.String(value, "opp");
        switch (CardValues.String(value, "do"))
        {
            case "open":
                await OpenAsync(opp, cancellationToken).ConfigureAwait(false);
                return;
            case "list":
                machine.Fire(Trigger.ShowList);
                return;
            case "read":
                await ReadAsync(opp, cancellationToken).ConfigureAwait(false);
                return;
            case "comment":
                await CommentAsync(opp, SectionOf(CardValues.String(value, "section")), CardValues.String(value, "comment"), cancellationToken).ConfigureAwait(false);
                return;
            case "return":
                await ReturnAsync(opp, CardValues.String(value, "reason"), cancellationToken).ConfigureAwait(false);
                return;
            case "approve":
                await ApproveAsync(opp, cancellationToken).ConfigureAwait(false);
                return;
            case "adopt":
                await AdoptAsync(opp, cancellationToken).ConfigureAwait(false);
                return;
            default:
                Say(dialog.Text("not_understood"));
                return;
        }
    }

    // ── Opening ─────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>
    /// The plan behind an id from a card or the list, when it took a lifecycle step (only those are the coordinator's):
    /// a forged or stale id gets "not found" and the queue, and nothing changes.
    /// </summary>
    private async Task<OppDocument?> ReviewableAsync(string? oppId, CancellationToken cancellationToken)
    {
        var registered = oppId is not null && (await PlanRegister.ListAsync(turn.Documents, cancellationToken).ConfigureAwait(false)).Any(p => p.OppId == oppId);
        var plan = registered ? await turn.Plans.GetAsync(turn.Documents, oppId!, cancellationToken).ConfigureAwait(false) : null;
        if (plan is null)
        {
            Say(turn.Dialogs.Lifecycle.Text("not_found"));
            machine.Fire(Trigger.ShowList);
        }
        return plan;
    }

    private async Task OpenAsync(string? oppId, CancellationToken cancellationToken)
    {
        if (await ReviewableAsync(oppId, cancellationToken).ConfigureAwait(false) is { } plan)
        {
            session.OppId = plan.Id;
            session.CommentSection = null;
            machine.Fire(Trigger.Open);
        }
    }

    /// <summary>The whole draft as the teacher sees it, each sentence marked with where it came from (person, template, AI).</summary>
    private async Task ReadAsync(string? oppId, CancellationToken cancellationToken)
    {
        if (await ReviewableAsync(oppId, cancellationToken).ConfigureAwait(false) is { } plan)
        {
            var draft = new DraftAssembler(turn.Dialogs).Assemble(plan);
            Say(new DraftMarkdown(turn.Dialogs).Render(draft, new DraftMarkdownOptions(ProvenanceMarks: true)));
        }
    }

    /// <summary>Typed "opmerking" or "terugsturen" on the open plan: only while it is in review.</summary>
    private async Task StartAsync(string oppId, Trigger trigger, CancellationToken cancellationToken)
    {
        if (await ReviewableAsync(oppId, cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            return;
        }
        if (plan.Status != OppStatus.InReview)
        {
            Say(trigger == Trigger.Comment
                ? dialog.Text("comment_not_in_review")
                : turn.Dialogs.Lifecycle.Text("not_allowed", ("trigger", turn.Dialogs.Lifecycle.Triggers[LifecycleTrigger.Return]), ("state", turn.Dialogs.Lifecycle.States[plan.Status])));
            return;
        }
        machine.Fire(trigger);
    }

    // ── Comments ────────────────────────────────────────────────────────────────────────────────────────

    private void ChooseSection(string? text)
    {
        var sections = Enum.GetValues<DraftSectionKind>();
        DraftSectionKind? chosen = Number(text) is { } n && n >= 1 && n <= sections.Length
            ? sections[n - 1]
            : sections.Cast<DraftSectionKind?>().FirstOrDefault(s => TextMatcher.IsExactly(text, [SectionTitle(s!.Value)]));
        if (chosen is not { } section)
        {
            Say(dialog.Text("section_unknown"));
            return;
        }
        session.CommentSection = section;
        machine.Fire(Trigger.SectionChosen);
    }

    private async Task CommentAsync(string? oppId, DraftSectionKind? section, string? text, CancellationToken cancellationToken)
    {
        if (await ReviewableAsync(oppId, cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            return;
        }
        if (section is not { } kind)
        {
            Say(dialog.Text("section_unknown"));
            return;
        }
        var outcome = await turn.Review.CommentAsync(turn.Documents, plan.Id, kind, text, turn.Input.UserKey, cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case CommentOutcome.Added:
                session.OppId = plan.Id;
                session.CommentSection = null;
                Say(dialog.Text("comment_added", ("section", SectionTitle(kind))));
                machine.Fire(Trigger.Commented);
                return;
            case CommentOutcome.Empty:
                Say(dialog.Text("comment_empty"));
                return;
            case CommentOutcome.TooLong:
                Say(dialog.Text("comment_too_long", ("max", ReviewService.MaxCommentLength.ToString(Dutch))));
                return;
            case CommentOutcome.NotInReview:
                Say(dialog.Text("comment_not_in_review"));
                return;
            default:
                Say(turn.Dialogs.Lifecycle.Text("not_found"));
                return;
        }
    }

    // ── Decisions ───────────────────────────────────────────────────────────────────────────────────────

    private async Task ReturnAsync(string? oppId, string? reason, CancellationToken cancellationToken)
    {
        if (await ReviewableAsync(oppId, cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            return;
        }
        // An empty reason is no reason: the lifecycle refuses it and says why.
        var given = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        var result = await turn.Review.ReturnAsync(turn.Documents, plan.Id, given, turn.Input.UserKey, cancellationToken).ConfigureAwait(false);
        Decided(plan, result, "returned");
    }

    private async Task ApproveAsync(string? oppId, CancellationToken cancellationToken)
    {
        if (await ReviewableAsync(oppId, cancellationToken).ConfigureAwait(false) is { } plan)
        {
            Decided(plan, await turn.Review.ApproveAsync(turn.Documents, plan.Id, turn.Input.UserKey, cancellationToken).ConfigureAwait(false), "approved");
        }
    }

    private async Task AdoptAsync(string? oppId, CancellationToken cancellationToken)
    {
        if (await ReviewableAsync(oppId, cancellationToken).ConfigureAwait(false) is { } plan)
        {
            Decided(plan, await turn.Review.AdoptAsync(turn.Documents, plan.Id, turn.Input.UserKey, cancellationToken).ConfigureAwait(false), "adopted");
        }
    }

    /// <summary>A step taken: say so, tell the teacher (return, approval) and show the queue. Refused: the reasons, and the same question again.</summary>
    private void Decided(OppDocument plan, LifecycleResult result, string said)
    {
        if (result is LifecycleResult.Refused refused)
        {
            Say(dialog.Text("refused") + "\n" + string.Join("\n", refused.Reasons.Select(r => "- " + r)));
            return;
        }
        Say(dialog.Text(said, ("pupil", PupilName(plan))));
        if (said != "adopted")
        {
            Nudge(plan.OwnerKey);
        }
        session.OppId = null;
        session.CommentSection = null;
        machine.Fire(Trigger.Decided);
    }

    /// <summary>Once this turn is stored, the teacher's conversation is asked to show her notices (when her channel can be reached).</summary>
    private void Nudge(string ownerKey)
    {
        if (string.IsNullOrWhiteSpace(ownerKey))
        {
            return;
        }
        var proactive = turn.Proactive;
        turn.Documents.After(new FollowUp(NudgeFollowUp, async cancellationToken =>
        {
            var reached = await proactive().NudgeAsync(ownerKey, TeacherNotices.FollowUpName, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.SerializeToElement(reached, CoordinatorJsonContext.Default.Boolean);
        }, NudgeTimeout));
    }

    // ── Presenting ──────────────────────────────────────────────────────────────────────────────────────

    private void MarkQueue() => showQueue = true;

    private void MarkPlan() => showPlan = true;

    private void SayCancelled() => Say(dialog.Text("cancelled"));

    private void AskSection()
    {
        var sections = Enum.GetValues<DraftSectionKind>();
        Say(dialog.Text("comment_ask_section") + "\n\n" + string.Join("\n", sections.Select((s, i) =>
            dialog.Text("section_item", ("n", (i + 1).ToString(Dutch)), ("section", SectionTitle(s))))));
    }

    private void AskComment() => Say(dialog.Text("comment_ask_text", ("section", SectionTitle(session.CommentSection ?? DraftSectionKind.Pupil))));

    private void AskReason() => Say(dialog.Text("return_ask_reason"));

    private async Task PresentAsync(CancellationToken cancellationToken)
    {
        if (showQueue)
        {
            await ShowQueueAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (showPlan && session.OppId is { } id)
        {
            await ShowPlanAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The queue: plans in review (longest waiting first), plans whose parents agreed, and notices, numbered as one list.</summary>
    private async Task ShowQueueAsync(CancellationToken cancellationToken)
    {
        var documents = turn.Documents;
        var listed = new List<(string Id, string Label)>();
        var card = new AdaptiveCardBuilder();

        var inReview = await PlanRegister.WithStatusAsync(documents, OppStatus.InReview, cancellationToken).ConfigureAwait(false);
        card.AddText(dialog.Text("queue_title", ("count", inReview.Count.ToString(Dutch))), emphasis: true);
        if (inReview.Count == 0)
        {
            card.AddText(dialog.Text("queue_empty"));
        }
        foreach (var entry in inReview.Take(MaxListed))
        {
            if (await turn.Plans.GetAsync(documents, entry.OppId, cancellationToken).ConfigureAwait(false) is not { } plan)
            {
                continue;
            }
            var record = await ReviewRecords.GetAsync(documents, plan.Id, cancellationToken).ConfigureAwait(false);
            var checks = ReviewChecklist.Run(plan, Today, turn.Dialogs);
            var n = (listed.Count + 1).ToString(Dutch);
            card.AddText(dialog.Text("queue_item",
                ("n", n), ("since", Date(entry.Since)), ("round", (record.Current?.Number ?? 1).ToString(Dutch)),
                ("failed", checks.Count(c => c.Outcome == CheckOutcome.Fail).ToString(Dutch)),
                ("warned", checks.Count(c => c.Outcome == CheckOutcome.Warn).ToString(Dutch)),
                ("group", Group(plan)), ("pupil", PupilName(plan))));
            listed.Add((plan.Id, $"{n}. {plan.Pupil.Name}"));
        }
        More(card, inReview.Count);

        var awaiting = await PlanRegister.WithStatusAsync(documents, OppStatus.AwaitingConsent, cancellationToken).ConfigureAwait(false);
        var ready = new List<OppDocument>();
        foreach (var entry in awaiting)
        {
            if (await turn.Plans.GetAsync(documents, entry.OppId, cancellationToken).ConfigureAwait(false) is { } plan
                && ParentConsents.CanBeAdopted(plan).CanBeAdopted && PupilVoiceWeighing.IsDone(plan))
            {
                ready.Add(plan);
            }
        }
        if (ready.Count > 0)
        {
            card.AddText(dialog.Text("consent_title"), emphasis: true);
            foreach (var plan in ready.Take(MaxListed))
            {
                var n = (listed.Count + 1).ToString(Dutch);
                card.AddText(dialog.Text("consent_item", ("n", n), ("group", Group(plan)), ("pupil", PupilName(plan))));
                listed.Add((plan.Id, $"{n}. {plan.Pupil.Name}"));
            }
            More(card, ready.Count);
        }

        // A notice matters while its plan waits for consent; one line per plan, newest first.
        var notices = new List<(CoordinatorNotice Notice, OppDocument Plan)>();
        foreach (var noticeId in (await CoordinatorNotices.ListAsync(documents, cancellationToken).ConfigureAwait(false)).Take(MaxListed))
        {
            if (await CoordinatorNotices.GetAsync(documents, noticeId, cancellationToken).ConfigureAwait(false) is { } notice
                && notices.All(n => n.Notice.OppId != notice.OppId)
                && await turn.Plans.GetAsync(documents, notice.OppId, cancellationToken).ConfigureAwait(false) is { Status: OppStatus.AwaitingConsent } plan)
            {
                notices.Add((notice, plan));
            }
        }
        if (notices.Count > 0)
        {
            card.AddText(dialog.Text("notices_title"), emphasis: true);
            foreach (var (notice, plan) in notices)
            {
                var n = (listed.Count + 1).ToString(Dutch);
                card.AddText(dialog.Text("notice_not_agreed", ("n", n), ("date", Date(notice.At)), ("pupil", PupilName(plan))));
                listed.Add((plan.Id, $"{n}. {plan.Pupil.Name}"));
            }
        }

        session.Listed = listed.Select(l => l.Id).ToList();
        if (listed.Count > 0)
        {
            card.AddChoiceInput("opp", dialog.Text("queue_choose"), listed.Select(l => new KeyValuePair<string, string>(l.Label, l.Id)).ToList(), multiSelect: false, expanded: false)
                .AddSubmit(dialog.Text("open_button"), [new("action", CardAction), new("do", "open")]);
            card.AddNote(dialog.Text("queue_hint"));
        }
        replies.Add(new BotReply { AdaptiveCard = card.Build() });
    }

    private void More(AdaptiveCardBuilder card, int count)
    {
        if (count > MaxListed)
        {
            card.AddNote(dialog.Text("queue_more", ("count", (count - MaxListed).ToString(Dutch))));
        }
    }

    /// <summary>One plan: the checklist (failed and warned first, with their source), what changed since the last reviewed version, the comments, and the actions.</summary>
    private async Task ShowPlanAsync(string oppId, CancellationToken cancellationToken)
    {
        if (await turn.Plans.GetAsync(turn.Documents, oppId, cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            Say(turn.Dialogs.Lifecycle.Text("not_found"));
            return;
        }
        var record = await ReviewRecords.GetAsync(turn.Documents, oppId, cancellationToken).ConfigureAwait(false);
        var card = new AdaptiveCardBuilder()
            .AddText(dialog.Text("plan_title", ("status", turn.Dialogs.Lifecycle.States[plan.Status]), ("group", Group(plan)), ("pupil", PupilName(plan))), emphasis: true)
            .AddNote(record.Current is { } round
                ? dialog.Text("plan_round", ("round", round.Number.ToString(Dutch)), ("date", Date(round.SubmittedAt)))
                : dialog.Text("plan_no_round"));

        var checks = ReviewChecklist.Run(plan, Today, turn.Dialogs);
        card.AddText(dialog.Text("checklist_title",
            ("failed", checks.Count(c => c.Outcome == CheckOutcome.Fail).ToString(Dutch)),
            ("warned", checks.Count(c => c.Outcome == CheckOutcome.Warn).ToString(Dutch)),
            ("passed", checks.Count(c => c.Outcome == CheckOutcome.Pass).ToString(Dutch))));
        foreach (var check in checks.Where(c => c.Outcome == CheckOutcome.Fail).Concat(checks.Where(c => c.Outcome == CheckOutcome.Warn)))
        {
            card.AddText(dialog.Text(check.Outcome == CheckOutcome.Fail ? "check_failed" : "check_warned",
                ("title", check.Title), ("source", check.Source), ("explanation", check.ExplanationWith(MarkdownText.Escape))));
        }

        card.AddText(dialog.Text("changes_title"));
        card.AddText(Changes(plan, record));

        if (record.Current is { Decision: null } current)
        {
            card.AddText(dialog.Text("comments_title"));
            card.AddText(current.Comments.Count == 0
                ? dialog.Text("comments_none")
                : string.Join("\n", current.Comments.Select(c => dialog.Text("comment_line", ("section", SectionTitle(c.Section)), ("text", MarkdownText.Escape(c.Text))))));
        }

        var awaiting = plan.Status == OppStatus.AwaitingConsent;
        if (awaiting && ParentConsents.CanBeAdopted(plan).CanBeAdopted)
        {
            card.AddText(dialog.Text("consent_ready"));
        }
        var inReview = plan.Status == OppStatus.InReview;
        card.AddSubmit(dialog.Text("read_button"), Data("read", plan.Id))
            .AddSubmitWhen(inReview, dialog.Text("approve_button"), Data("approve", plan.Id))
            .AddSubmitWhen(awaiting, dialog.Text("adopt_button"), Data("adopt", plan.Id));
        if (turn.Links.LinkFor(plan.Id, turn.Input.UserKey) is { } link)
        {
            card.AddOpenUrl(dialog.Text("review_page_button"), link);
        }
        card.AddSubmit(dialog.Text("list_button"), [new("action", CardAction), new("do", "list")]);
        replies.Add(new BotReply { AdaptiveCard = card.Build() });

        if (inReview)
        {
            var sections = Enum.GetValues<DraftSectionKind>().Select(s => new KeyValuePair<string, string>(SectionTitle(s), DraftDialog.Key(s))).ToList();
            replies.Add(new BotReply
            {
                AdaptiveCard = new AdaptiveCardBuilder()
                    .AddText(dialog.Text("comment_card_title"))
                    .AddChoiceInput("section", dialog.Text("comment_section_label"), sections, multiSelect: false, expanded: false)
                    .AddTextInput("comment", dialog.Text("comment_text_label"), ReviewService.MaxCommentLength, multiline: true)
                    .AddSubmit(dialog.Text("comment_button"), Data("comment", plan.Id))
                    .Build(),
            });
            replies.Add(new BotReply
            {
                AdaptiveCard = new AdaptiveCardBuilder()
                    .AddText(dialog.Text("return_card_title"))
                    .AddTextInput("reason", dialog.Text("return_reason_label"), OppLifecycle.MaxReasonLength, multiline: true)
                    .AddSubmit(dialog.Text("return_button"), Data("return", plan.Id))
                    .Build(),
            });
        }
        if (inReview || awaiting)
        {
            Say(dialog.Text("plan_hint", ("adopt", awaiting ? dialog.Text("plan_hint_adopt") : "")));
        }
    }

    /// <summary>The changes since the last reviewed version, a few sentences per section; the plan's own words escaped.</summary>
    private string Changes(OppDocument plan, ReviewRecord record)
    {
        if (record.LastReviewed is not { } last)
        {
            return dialog.Text("changes_first");
        }
        var changes = DraftChanges.Between(last.Snapshot, plan, new DraftAssembler(turn.Dialogs));
        if (changes.Count == 0)
        {
            return dialog.Text("changes_none");
        }
        var lines = new List<string>();
        foreach (var section in changes)
        {
            lines.Add(dialog.Text("changes_section",
                ("added", section.Added.Count.ToString(Dutch)), ("removed", section.Removed.Count.ToString(Dutch)), ("section", section.Title)));
            var shown = section.Added.Select(s => dialog.Text("change_added", ("text", MarkdownText.Escape(s.Text))))
                .Concat(section.Removed.Select(s => dialog.Text("change_removed", ("text", MarkdownText.Escape(s.Text)))))
                .ToList();
            lines.AddRange(shown.Take(MaxChangesPerSection));
            if (shown.Count > MaxChangesPerSection)
            {
                lines.Add(dialog.Text("changes_more", ("count", (shown.Count - MaxChangesPerSection).ToString(Dutch))));
            }
        }
        return string.Join("\n\n", lines);
    }

    // ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────

    private DateOnly Today => DateOnly.FromDateTime(turn.Now.UtcDateTime);

    private static KeyValuePair<string, string>[] Data(string action, string oppId) => [new("action", CardAction), new("do", action), new("opp", oppId)];

    private string PupilName(OppDocument plan) =>
        plan.Pupil.Name is { Length: > 0 } name ? MarkdownText.Escape(name) : dialog.Text("pupil_unknown");

    private string Group(OppDocument plan) =>
        plan.Pupil.GroupOrYear is { Length: > 0 } group ? MarkdownText.Escape(group) : dialog.Text("group_unknown");

    private string SectionTitle(DraftSectionKind kind) => turn.Dialogs.Draft.Section(kind).Title;

    private static DraftSectionKind? SectionOf(string? key) =>
        Enum.GetValues<DraftSectionKind>().Cast<DraftSectionKind?>().FirstOrDefault(s => DraftDialog.Key(s!.Value) == key);

    private static string Date(DateTimeOffset at) => at.ToString("d MMMM yyyy", Dutch);

    private static int? Number(string? text) =>
        int.TryParse(text?.Trim().TrimEnd('.'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private void Say(string text) => replies.Add(BotReply.FromText(text));
}

[JsonSerializable(typeof(bool))]
internal sealed partial class CoordinatorJsonContext : JsonSerializerContext;
