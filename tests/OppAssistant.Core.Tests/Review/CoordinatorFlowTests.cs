using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Lifecycle;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Review;
using OppAssistant.Core.Teacher;
using OppAssistant.Core.Tests.Drafting;
using OppAssistant.Core.Tests.Fakes;
using OppAssistant.Core.Tests.Teacher;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Tests.Review;

/// <summary>
/// The coordinator's review in the chat, through the real pipeline, with a teacher in her own conversation on the same
/// store: only a configured coordinator gets in; the queue, one plan's card, comments, return, approval and adoption;
/// and what the teacher sees of it ("indienen", her notices, once).
/// </summary>
public sealed class CoordinatorFlowTests
{
    private const string TeacherKey = "aad:teacher-1";
    private const string CoordinatorKey = "aad:ib-1";
    private const string PlanId = "opp-fenna";

    private static readonly DialogCatalog Dialogs = TeacherConversation.Dialogs;
    private static ReviewDialog Review => Dialogs.Review;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly InMemoryDocumentStore store = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeProactiveTurns nudges = new();
    private readonly TeacherConversation teacher;
    private readonly TeacherConversation coordinator;

    public CoordinatorFlowTests()
    {
        var directory = new FakeCoordinators(CoordinatorKey);
        teacher = new TeacherConversation(store, time, conversation: "teacher-chat", user: TeacherKey, coordinators: directory, proactive: nudges);
        coordinator = new TeacherConversation(store, time, channel: "msteams", conversation: "ib-chat", user: CoordinatorKey, coordinators: directory, proactive: nudges);
    }

    private OppRepository Plans => teacher.Plans;

    /// <summary>Fenna's complete plan, owned by the teacher; the first factor is from 2024, which the checklist must flag.</summary>
    private async Task SeedAsync(Action<OppDocument>? change = null)
    {
        var documents = new TurnDocuments(store);
        var plan = DraftPlans.Complete();
        plan.Id = PlanId;
        plan.OwnerKey = TeacherKey;
        plan.Factors[0] = plan.Factors[0] with { ObservedOn = new DateOnly(2024, 9, 1) };
        change?.Invoke(plan);
        await Plans.SaveAsync(documents, plan, TeacherKey, Ct);
        await store.WriteAsync([.. documents.Writes], null, Ct);
    }

    /// <summary>The teacher opens her plan from "mijn OPP's" and types "indienen".</summary>
    private async Task SubmitByTeacherAsync()
    {
        await teacher.StartAsync();
        await teacher.SayAsync("1");
        await teacher.SayAsync("indienen");
    }

    private async Task<OppDocument> PlanAsync() => (await Plans.GetAsync(new TurnDocuments(store), PlanId, Ct))!;

    private async Task<ReviewRecord> RecordAsync() => await ReviewRecords.GetAsync(new TurnDocuments(store), PlanId, Ct);

    private Task<IReadOnlyList<BotReply>> CardAsync(string action, params (string Key, string Value)[] fields) =>
        coordinator.SubmitAsync([("action", CoordinatorFlow.CardAction), ("do", action), ("opp", PlanId), .. fields]);

    private async Task EnterAsCoordinatorAsync()
    {
        await coordinator.OpenAsync();
        await coordinator.SayAsync("ib'er");
    }

    private static string Before(string text) => text.Split('{')[0];

    [Fact]
    public async Task Someone_who_is_not_a_coordinator_is_refused_kindly_and_stays_at_the_role_choice()
    {
        var stranger = new TeacherConversation(store, time, conversation: "stranger-chat", user: "aad:someone", coordinators: new FakeCoordinators(CoordinatorKey));
        await stranger.OpenAsync();

        await stranger.SayAsync("ib'er");

        Assert.Equal(Review.Text("not_coordinator"), stranger.Last[0].Text);
        Assert.DoesNotContain(Dialogs.Common.For(Role.Coordinator).Intro, stranger.LastText, StringComparison.Ordinal);
        Assert.Contains(Dialogs.Common.Text("ask_role"), stranger.LastText, StringComparison.Ordinal);
        var state = await stranger.StateAsync();
        Assert.Equal((SessionStage.ChoosingRole, (Role?)null, (CoordinatorSession?)null), (state.Stage, state.Role, state.Coordinator));

        // The role button does not let him in either, and another role still works.
        await stranger.SubmitAsync(("action", SessionFlow.ChooseRoleAction), ("role", "coordinator"));
        Assert.Equal(Review.Text("not_coordinator"), stranger.Last[0].Text);
        await stranger.SayAsync("leraar");
        Assert.Equal(Role.Teacher, (await stranger.StateAsync()).Role);
    }

    [Fact]
    public async Task A_coordinator_who_is_taken_off_the_list_is_refused_on_the_next_turn()
    {
        var list = new List<string> { CoordinatorKey };
        var changing = new ChangingCoordinators(list);
        var chat = new TeacherConversation(store, time, conversation: "ib-chat-2", user: CoordinatorKey, coordinators: changing);
        await chat.OpenAsync();
        await chat.SayAsync("ib'er");
        Assert.Equal(Dialogs.Common.For(Role.Coordinator).Intro, chat.Last[0].Text);

        list.Clear();
        await chat.SayAsync("lijst");

        Assert.Equal(Review.Text("not_coordinator"), chat.Last[0].Text);
        Assert.Equal(SessionStage.ChoosingRole, (await chat.StateAsync()).Stage);
    }

    [Fact]
    public async Task The_queue_lists_a_submitted_plan_with_its_round_and_failed_checks()
    {
        await SeedAsync();
        await EnterAsCoordinatorAsync();
        Assert.Contains(Review.Text("queue_empty"), coordinator.LastText, StringComparison.Ordinal);

        await SubmitByTeacherAsync();
        Assert.Contains(Review.Text("submitted", ("pupil", "Fenna")), teacher.LastText, StringComparison.Ordinal);
        await coordinator.SayAsync("lijst");

        Assert.Contains(Review.Text("queue_title", ("count", "1")), coordinator.LastText, StringComparison.Ordinal);
        var line = coordinator.LastText.Split('\n').Single(l => l.StartsWith("1. **Fenna** (groep 6)", StringComparison.Ordinal));
        Assert.Contains("wacht sinds 23 november 2026 · ronde 1 ·", line, StringComparison.Ordinal);
        var failed = ReviewChecklist.Run(await PlanAsync(), new DateOnly(2026, 11, 23), Dialogs).Count(c => c.Outcome == CheckOutcome.Fail);
        Assert.True(failed >= 1);
        Assert.Contains($"· {failed} niet in orde,", line, StringComparison.Ordinal);
        Assert.Equal([PlanId], (await coordinator.StateAsync()).Coordinator!.Listed);
    }

    [Fact]
    public async Task Opening_a_plan_shows_the_checklist_with_the_deliberate_deficiency_first_the_first_round_and_the_actions()
    {
        await SeedAsync();
        await SubmitByTeacherAsync();
        await EnterAsCoordinatorAsync();

        await coordinator.SayAsync("1");

        var recent = Dialogs.Checklist.Check("factors_recent");
        Assert.Contains($"❌ **{recent.Title}**:", coordinator.LastText, StringComparison.Ordinal);
        Assert.Contains("1 september 2024", coordinator.LastText, StringComparison.Ordinal);
        Assert.Contains(recent.Source, coordinator.LastText, StringComparison.Ordinal);
        Assert.Contains(Review.Text("changes_first"), coordinator.LastText, StringComparison.Ordinal);
        Assert.Contains(Review.Text("comments_none"), coordinator.LastText, StringComparison.Ordinal);
        Assert.Contains(Dialogs.Draft.Section(DraftSectionKind.Goals).Title, coordinator.LastText, StringComparison.Ordinal);
        var actions = coordinator.LastCardActions.Select(a => a.GetProperty("do").GetString()).ToList();
        Assert.Equal(["read", "approve", "list", "comment", "return"], actions);
        Assert.DoesNotContain(coordinator.LastCardButtons, b => b.GetProperty("type").GetString() == "Action.OpenUrl");
        Assert.Equal((CoordinatorStep.Plan, PlanId), ((await coordinator.StateAsync()).Coordinator!.Step, (await coordinator.StateAsync()).Coordinator!.OppId));
    }

    [Fact]
    public async Task The_coordinator_reads_the_whole_draft_with_where_each_sentence_came_from()
    {
        await SeedAsync();
        await SubmitByTeacherAsync();
        await EnterAsCoordinatorAsync();
        await coordinator.SayAsync("1");

        await coordinator.SayAsync("plan lezen");

        var draft = Assert.Single(coordinator.Last).Text!;
        Assert.Contains("Fenna is nieuwsgierig en leest graag over paarden; dan houdt ze het lang vol. [P]", draft, StringComparison.Ordinal);
        Assert.Contains(Dialogs.Draft.Section(DraftSectionKind.PupilVoice).Title, draft, StringComparison.Ordinal);
        Assert.Equal(CoordinatorStep.Plan, (await coordinator.StateAsync()).Coordinator!.Step);
    }

    [Fact]
    public async Task The_review_page_is_offered_when_there_is_one()
    {
        await SeedAsync();
        await SubmitByTeacherAsync();
        var chat = new TeacherConversation(store, time, conversation: "ib-chat-3", user: CoordinatorKey, coordinators: new FakeCoordinators(CoordinatorKey), links: new Links());
        await chat.OpenAsync();
        await chat.SayAsync("ib'er");

        await chat.SayAsync("1");

        var open = Assert.Single(chat.LastCardButtons, b => b.GetProperty("type").GetString() == "Action.OpenUrl");
        Assert.Equal(Review.Text("review_page_button"), open.GetProperty("title").GetString());
        Assert.Equal($"https://school.example/review/{PlanId}?for={CoordinatorKey}", open.GetProperty("url").GetString());
    }

    [Fact]
    public async Task A_comment_is_placed_from_the_card_and_by_typing_and_a_bad_one_is_asked_again()
    {
        await SeedAsync();
        await SubmitByTeacherAsync();
        await EnterAsCoordinatorAsync();
        await coordinator.SayAsync("1");

        await CardAsync("comment", ("section", "goals"), ("comment", ""));
        Assert.Equal(Review.Text("comment_empty"), Assert.Single(coordinator.Last).Text);
        await CardAsync("comment", ("section", "goals"), ("comment", "Maak doel 2 meetbaar."));
        Assert.Equal(Review.Text("comment_added", ("section", Dialogs.Draft.Section(DraftSectionKind.Goals).Title)), Assert.Single(coordinator.Last).Text);

        await coordinator.SayAsync("opmerking");
        Assert.Contains("2. " + Dialogs.Draft.Section(DraftSectionKind.Overview).Title, coordinator.LastText, StringComparison.Ordinal);
        await coordinator.SayAsync("12");
        Assert.Equal(Review.Text("section_unknown"), coordinator.LastText);
        await coordinator.SayAsync("2");
        await coordinator.SayAsync(new string('x', ReviewService.MaxCommentLength + 1));
        Assert.Equal(Review.Text("comment_too_long", ("max", "2000")), coordinator.LastText);
        Assert.Equal(CoordinatorStep.WritingComment, (await coordinator.StateAsync()).Coordinator!.Step);
        await coordinator.SayAsync("De factor over de *verbouwing* is oud.");

        var comments = (await RecordAsync()).Current!.Comments;
        Assert.Equal(
            [(DraftSectionKind.Goals, "Maak doel 2 meetbaar."), (DraftSectionKind.Overview, "De factor over de *verbouwing* is oud.")],
            comments.Select(c => (c.Section, c.Text)));
        Assert.All(comments, c => Assert.Equal(CoordinatorKey, c.ByKey));
        Assert.Equal(CoordinatorStep.Plan, (await coordinator.StateAsync()).Coordinator!.Step);

        // Shown on the card, the coordinator's words escaped.
        await coordinator.SayAsync("1");
        Assert.Contains(@"De factor over de \*verbouwing\* is oud.", coordinator.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Returning_without_a_reason_is_asked_again_and_with_one_the_teacher_is_told_once_with_reason_and_comments()
    {
        await SeedAsync();
        await SubmitByTeacherAsync();
        await EnterAsCoordinatorAsync();
        await coordinator.SayAsync("1");
        await CardAsync("comment", ("section", "goals"), ("comment", "Maak doel 2 meetbaar."));

        await CardAsync("return", ("reason", "  "));
        Assert.Contains(Dialogs.Lifecycle.Text("reason_required"), coordinator.LastText, StringComparison.Ordinal);
        Assert.Equal(OppStatus.InReview, (await PlanAsync()).Status);
        Assert.Empty(coordinator.LastFollowUps);

        await coordinator.SayAsync("terugsturen");
        Assert.Equal(Review.Text("return_ask_reason"), coordinator.LastText);
        await coordinator.SayAsync("annuleren");
        Assert.Equal(OppStatus.InReview, (await PlanAsync()).Status);
        await coordinator.SayAsync("terugsturen");
        await coordinator.SayAsync("De doelen zijn nog niet meetbaar.");

        Assert.Contains(Review.Text("returned", ("pupil", "Fenna")), coordinator.LastText, StringComparison.Ordinal);
        Assert.Equal(OppStatus.Returned, (await PlanAsync()).Status);
        Assert.Equal(CoordinatorStep.Queue, (await coordinator.StateAsync()).Coordinator!.Step);
        // Once stored, the teacher is nudged; the follow-up that comes back here says nothing.
        Assert.Equal(CoordinatorFlow.NudgeFollowUp, Assert.Single(coordinator.LastFollowUps).Name);
        Assert.Empty(await coordinator.RunFollowUpAsync());
        Assert.Equal([(TeacherKey, TeacherNotices.FollowUpName)], nudges.Nudged);

        // The proactive turn in the teacher's conversation shows only the notice.
        var shown = await teacher.SendFollowUpAsync(JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["followUp"] = TeacherNotices.FollowUpName, ["ok"] = true }));
        var notice = Assert.Single(shown).Text!;
        Assert.Contains(Review.Text("notice_returned", ("pupil", "Fenna"), ("reason", "De doelen zijn nog niet meetbaar.")), notice, StringComparison.Ordinal);
        Assert.Contains(Review.Text("notice_comment", ("section", Dialogs.Draft.Section(DraftSectionKind.Goals).Title), ("comment", "Maak doel 2 meetbaar.")), notice, StringComparison.Ordinal);
        Assert.Contains(Review.Text("notice_returned_fix"), notice, StringComparison.Ordinal);

        // Shown once: her next message does not repeat it.
        await teacher.SayAsync("mijn OPP's");
        Assert.DoesNotContain(Before(Review.Text("notice_returned")), teacher.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_returned_plan_shows_its_status_and_reason_when_opened_and_goes_back_as_a_second_round_with_its_changes()
    {
        await SeedAsync();
        await SubmitByTeacherAsync();
        await EnterAsCoordinatorAsync();
        await coordinator.SayAsync("1");
        await CardAsync("return", ("reason", "Voeg een open vraag toe."));

        // Without a nudge the notice waits for her next message, and is shown first.
        await teacher.SayAsync("mijn OPP's");
        Assert.StartsWith(Before(Review.Text("notice_returned")), teacher.Last[0].Text, StringComparison.Ordinal);
        Assert.Contains("1. Fenna · bijgewerkt op 23 november 2026 · " + Dialogs.Lifecycle.States[OppStatus.Returned], teacher.LastText, StringComparison.Ordinal);
        await teacher.SayAsync("1");
        Assert.Contains(Review.Text("opened_status", ("status", Dialogs.Lifecycle.States[OppStatus.Returned])), teacher.LastText, StringComparison.Ordinal);
        Assert.Contains(Review.Text("opened_returned", ("reason", "Voeg een open vraag toe.")), teacher.LastText, StringComparison.Ordinal);

        var documents = new TurnDocuments(store);
        var plan = (await Plans.GetAsync(documents, PlanId, Ct))!;
        plan.Insight.OpenQuestions.Add(DraftPlans.Text("Helpt een koptelefoon na de gymles?", "insight_open_questions"));
        await Plans.StoreAsync(documents, plan, Ct);
        await store.WriteAsync([.. documents.Writes], null, Ct);
        await teacher.SayAsync("opnieuw indienen");
        Assert.Contains(Review.Text("submitted", ("pupil", "Fenna")), teacher.LastText, StringComparison.Ordinal);

        await coordinator.SayAsync("lijst");
        Assert.Contains("· ronde 2 ·", coordinator.LastText, StringComparison.Ordinal);
        await coordinator.SayAsync("1");
        Assert.Contains(Review.Text("changes_section", ("added", "1"), ("removed", "0"), ("section", Dialogs.Draft.Section(DraftSectionKind.Insight).Title)), coordinator.LastText, StringComparison.Ordinal);
        Assert.Contains("+ Helpt een koptelefoon na de gymles?", coordinator.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approving_asks_the_parents_for_consent_and_the_teacher_reads_how()
    {
        await SeedAsync();
        await SubmitByTeacherAsync();
        await EnterAsCoordinatorAsync();
        await coordinator.SayAsync("1");

        await coordinator.SayAsync("goedkeuren");

        Assert.Contains(Review.Text("approved", ("pupil", "Fenna")), coordinator.LastText, StringComparison.Ordinal);
        Assert.Equal(OppStatus.AwaitingConsent, (await PlanAsync()).Status);
        Assert.Equal((ReviewDecisionKind.Approved, CoordinatorKey), ((await RecordAsync()).Current!.Decision!.Kind, (await RecordAsync()).Current!.Decision!.ByKey));
        Assert.Equal(CoordinatorFlow.NudgeFollowUp, Assert.Single(coordinator.LastFollowUps).Name);
        // The seeded plan has the mother's consent already: it is listed as ready to adopt.
        Assert.Contains(Review.Text("consent_title"), coordinator.LastText, StringComparison.Ordinal);

        await teacher.SayAsync("mijn OPP's");
        Assert.Equal(Review.Text("notice_approved", ("pupil", "Fenna")), teacher.Last[0].Text);
        Assert.Contains("ouders uitnodigen", teacher.Last[0].Text, StringComparison.Ordinal);

        await coordinator.SayAsync("1");
        await coordinator.SayAsync("vaststellen");
        Assert.Contains(Review.Text("adopted", ("pupil", "Fenna")), coordinator.LastText, StringComparison.Ordinal);
        Assert.Equal(OppStatus.Adopted, (await PlanAsync()).Status);
    }

    [Fact]
    public async Task Adopting_without_the_parents_consent_is_refused_with_the_reason_and_nothing_changes()
    {
        await SeedAsync(p => p.Parents!.Consents.Clear());
        await SubmitByTeacherAsync();
        await EnterAsCoordinatorAsync();
        await CardAsync("approve");
        Assert.DoesNotContain(Review.Text("consent_title"), coordinator.LastText, StringComparison.Ordinal);

        await CardAsync("adopt");

        Assert.Contains(Review.Text("refused"), coordinator.LastText, StringComparison.Ordinal);
        Assert.Contains(Dialogs.Lifecycle.Text("no_consent"), coordinator.LastText, StringComparison.Ordinal);
        Assert.Equal(OppStatus.AwaitingConsent, (await PlanAsync()).Status);
    }

    [Fact]
    public async Task A_missing_consent_is_not_flagged_while_in_review_and_fails_once_the_parents_are_asked()
    {
        await SeedAsync(p => p.Parents!.Consents.Clear());
        await SubmitByTeacherAsync();
        await EnterAsCoordinatorAsync();
        var consent = Dialogs.Checklist.Check("parent_consent");

        await coordinator.SayAsync("1");
        Assert.DoesNotContain($"**{consent.Title}**", coordinator.LastText, StringComparison.Ordinal);
        Assert.Equal(CheckOutcome.NotApplicable, ReviewChecklist.Run(await PlanAsync(), new DateOnly(2026, 11, 23), Dialogs).Single(c => c.Id == "parent_consent").Outcome);

        await CardAsync("approve");
        // Not ready to adopt, so not in the list: opened from the card.
        await CardAsync("open");

        Assert.Equal(OppStatus.AwaitingConsent, (await PlanAsync()).Status);
        Assert.Contains($"❌ **{consent.Title}**: {consent.Texts[CheckOutcome.Fail]}", coordinator.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_teachers_words_in_a_check_explanation_are_escaped_and_the_template_keeps_its_markdown()
    {
        // "wil … niet" is problem language (dialogs/language-checks.yaml); the words found span the teacher's asterisks.
        await SeedAsync(p => p.Factors.Add(new Factor("f-extra", Circle.Pupil, Influence.Hindering, "Fenna wil *rekenen* niet oefenen.",
            new DateOnly(2026, 10, 1), p.Factors[1].Source)));
        await SubmitByTeacherAsync();
        await EnterAsCoordinatorAsync();
        var check = ReviewChecklist.Run(await PlanAsync(), new DateOnly(2026, 11, 23), Dialogs).Single(c => c.Id == "need_language");
        Assert.Equal(CheckOutcome.Warn, check.Outcome);
        Assert.Contains("wil *rekenen* niet", check.Explanation, StringComparison.Ordinal);

        await coordinator.SayAsync("1");

        Assert.Contains($"⚠️ **{check.Title}**: ", coordinator.LastText, StringComparison.Ordinal);
        Assert.Contains(@"wil \*rekenen\* niet", coordinator.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("wil *rekenen* niet", coordinator.LastText, StringComparison.Ordinal);
        Assert.Contains($"_({check.Source})_", coordinator.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_plan_id_or_an_unknown_number_changes_nothing()
    {
        await SeedAsync();
        await EnterAsCoordinatorAsync();

        // Stored but never submitted: not the coordinator's to decide on.
        await CardAsync("approve");
        Assert.Contains(Dialogs.Lifecycle.Text("not_found"), coordinator.LastText, StringComparison.Ordinal);
        await coordinator.SayAsync("7");
        Assert.Contains(Review.Text("unknown_number"), coordinator.LastText, StringComparison.Ordinal);
        await coordinator.SayAsync("goedkeuren");
        Assert.Equal(Review.Text("no_plan_open"), coordinator.LastText);

        Assert.Equal(OppStatus.Concept, (await PlanAsync()).Status);
        Assert.Empty((await RecordAsync()).Rounds);
    }

    [Fact]
    public async Task The_teacher_cannot_submit_an_incomplete_plan_and_reads_what_is_missing()
    {
        await SeedAsync(p => p.Insight.Analysis = null);

        await SubmitByTeacherAsync();

        Assert.Contains(Review.Text("submit_refused"), teacher.LastText, StringComparison.Ordinal);
        Assert.Equal(OppStatus.Concept, (await PlanAsync()).Status);
        Assert.Empty((await RecordAsync()).Rounds);
    }

    [Fact]
    public async Task Indienen_without_an_open_plan_says_how()
    {
        await teacher.StartAsync();

        await teacher.SayAsync("indienen");

        Assert.Contains(Review.Text("submit_no_plan"), teacher.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_evaluation_notice_is_shown_at_the_start_of_her_next_turn_only_once()
    {
        await SeedAsync();
        var documents = new TurnDocuments(store);
        await TeacherNotices.AddAsync(documents, TeacherKey, new TeacherNotice("n1", PlanId, TeacherNoticeKind.EvaluationDue, time.GetUtcNow()), Ct);
        await store.WriteAsync([.. documents.Writes], null, Ct);

        await teacher.StartAsync();
        // After the role's introduction, before her plans.
        Assert.Equal(Review.Text("notice_evaluation_due", ("pupil", "Fenna")), teacher.Last[1].Text);
        await teacher.SayAsync("mijn OPP's");
        Assert.DoesNotContain("geëvalueerd", teacher.LastText, StringComparison.Ordinal);

        // A notices turn with nothing pending says nothing.
        Assert.Empty(await teacher.SendFollowUpAsync(JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["followUp"] = TeacherNotices.FollowUpName, ["ok"] = true })));
    }

    [Fact]
    public async Task Help_and_unknown_text_answer_kindly()
    {
        await EnterAsCoordinatorAsync();

        await coordinator.SayAsync("help");
        Assert.Equal(Review.Text("help"), coordinator.LastText);
        await coordinator.SayAsync("wat is dit");
        Assert.Equal(Review.Text("not_understood"), coordinator.LastText);
    }

    private sealed class ChangingCoordinators(List<string> keys) : ICoordinatorDirectory
    {
        public ValueTask<bool> IsCoordinatorAsync(TurnInput input, CancellationToken cancellationToken) => ValueTask.FromResult(keys.Contains(input.UserKey));

        public ValueTask<bool> IsCoordinatorAsync(string entraObjectId, CancellationToken cancellationToken) => ValueTask.FromResult(keys.Contains(entraObjectId));
    }

    private sealed class Links : IReviewLinks
    {
        public string? LinkFor(string oppId, string coordinatorKey) => $"https://school.example/review/{oppId}?for={coordinatorKey}";
    }
}
