using Microsoft.Extensions.Time.Testing;
using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Lifecycle;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Review;
using OppAssistant.Core.Teacher;
using OppAssistant.Core.Tests.Drafting;
using OppAssistant.Core.Tests.Fakes;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Tests.Review;

/// <summary>
/// The review of a stored plan, each call in a turn of its own: rounds with snapshots, comments per section, return and
/// approval with the decision recorded, the plan register and the teacher's notices kept up to date.
/// </summary>
public sealed class ReviewServiceTests
{
    private static readonly DialogCatalog Dialogs = DialogCatalog.Load(Repo.DialogsDirectory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Teacher = "aad:teacher-1";
    private const string Coordinator = "aad:ib-1";

    private readonly InMemoryDocumentStore store = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    private OppRepository Plans => new(time, new RandomSource());

    private ReviewService Service => new(Plans, new LifecycleService(Plans, Dialogs, time), time);

    private async Task<T> InTurnAsync<T>(Func<TurnDocuments, Task<T>> work)
    {
        var documents = new TurnDocuments(store);
        var result = await work(documents);
        await store.WriteAsync([.. documents.Writes], null, Ct);
        return result;
    }

    private Task<OppDocument> StoreAsync(string id = "opp-fenna", Action<OppDocument>? change = null) => InTurnAsync(async documents =>
    {
        var plan = DraftPlans.Complete();
        plan.Id = id;
        plan.OwnerKey = Teacher;
        plan.ResumeCode = "RNFUYZPCLG";
        change?.Invoke(plan);
        await Plans.SaveAsync(documents, plan, Teacher, Ct);
        return plan;
    });

    private Task<ReviewRecord> RecordAsync(string id = "opp-fenna") => InTurnAsync(documents => ReviewRecords.GetAsync(documents, id, Ct));

    private Task<OppDocument?> PlanAsync(string id = "opp-fenna") => InTurnAsync(documents => Plans.GetAsync(documents, id, Ct));

    private Task<LifecycleResult> SubmitAsync(string id = "opp-fenna") => InTurnAsync(d => Service.SubmitAsync(d, id, Teacher, Ct));

    [Fact]
    public async Task Submitting_opens_a_round_with_a_snapshot_of_the_plan_without_its_resume_code()
    {
        await StoreAsync();

        var result = await SubmitAsync();

        Assert.True(result.IsOk);
        var round = Assert.Single((await RecordAsync()).Rounds);
        Assert.Equal((1, time.GetUtcNow(), Teacher), (round.Number, round.SubmittedAt, round.SubmittedBy));
        Assert.Equal("", round.Snapshot.ResumeCode);
        Assert.Equal("Fenna", round.Snapshot.Pupil.Name);
        Assert.Equal(7, round.Snapshot.Factors.Count);
        Assert.Null(round.Decision);
        Assert.Equal(OppStatus.InReview, (await PlanAsync())!.Status);
    }

    [Fact]
    public async Task An_incomplete_plan_is_not_submitted_and_gets_no_round()
    {
        await StoreAsync(change: p => p.Insight.Analysis = null);

        var result = await SubmitAsync();

        Assert.NotEmpty(Assert.IsType<LifecycleResult.Refused>(result).Reasons);
        Assert.Empty((await RecordAsync()).Rounds);
        Assert.Equal(OppStatus.Concept, (await PlanAsync())!.Status);
    }

    [Fact]
    public async Task A_returned_plan_is_submitted_again_as_a_second_round_and_the_first_is_the_last_reviewed()
    {
        await StoreAsync();
        await SubmitAsync();
        time.Advance(TimeSpan.FromDays(1));
        Assert.True((await InTurnAsync(d => Service.ReturnAsync(d, "opp-fenna", "Doel 2 is niet meetbaar.", Coordinator, Ct))).IsOk);
        time.Advance(TimeSpan.FromDays(1));

        var again = await SubmitAsync();

        Assert.Equal(LifecycleTrigger.Resubmit, Assert.IsType<LifecycleResult.Ok>(again).Transition.Trigger);
        var record = await RecordAsync();
        Assert.Equal([1, 2], record.Rounds.Select(r => r.Number));
        Assert.Equal(1, record.LastReviewed!.Number);
        Assert.Equal(new ReviewDecision(ReviewDecisionKind.Returned, Coordinator, time.GetUtcNow().AddDays(-1), "Doel 2 is niet meetbaar."), record.LastReviewed.Decision);
        Assert.Null(record.Current!.Decision);
        Assert.Equal(OppStatus.InReview, (await PlanAsync())!.Status);
    }

    [Fact]
    public async Task A_comment_is_added_only_to_a_plan_in_review_and_only_with_words_that_fit()
    {
        await StoreAsync();

        Assert.Equal(CommentOutcome.NotFound, await InTurnAsync(d => Service.CommentAsync(d, "no-such-plan", DraftSectionKind.Goals, "Meetbaar?", Coordinator, Ct)));
        Assert.Equal(CommentOutcome.NotInReview, await InTurnAsync(d => Service.CommentAsync(d, "opp-fenna", DraftSectionKind.Goals, "Meetbaar?", Coordinator, Ct)));
        await SubmitAsync();
        Assert.Equal(CommentOutcome.Empty, await InTurnAsync(d => Service.CommentAsync(d, "opp-fenna", DraftSectionKind.Goals, "   ", Coordinator, Ct)));
        Assert.Equal(CommentOutcome.TooLong, await InTurnAsync(d => Service.CommentAsync(d, "opp-fenna", DraftSectionKind.Goals, new string('x', ReviewService.MaxCommentLength + 1), Coordinator, Ct)));
        Assert.Equal(CommentOutcome.Added, await InTurnAsync(d => Service.CommentAsync(d, "opp-fenna", DraftSectionKind.Goals, "  Maak doel 2 meetbaar.  ", Coordinator, Ct)));

        var comment = Assert.Single((await RecordAsync()).Current!.Comments);
        Assert.Equal((DraftSectionKind.Goals, "Maak doel 2 meetbaar.", Coordinator, time.GetUtcNow()), (comment.Section, comment.Text, comment.ByKey, comment.At));
    }

    [Fact]
    public async Task Returning_needs_a_reason_and_without_one_nothing_changes()
    {
        await StoreAsync();
        await SubmitAsync();

        var refused = await InTurnAsync(d => Service.ReturnAsync(d, "opp-fenna", null, Coordinator, Ct));

        Assert.Equal([Dialogs.Lifecycle.Text("reason_required")], Assert.IsType<LifecycleResult.Refused>(refused).Reasons);
        Assert.Equal(OppStatus.InReview, (await PlanAsync())!.Status);
        Assert.Null((await RecordAsync()).Current!.Decision);
        Assert.Empty(await InTurnAsync(d => TeacherNotices.ListAsync(d, Teacher, Ct)));
    }

    [Fact]
    public async Task Returning_records_the_decision_and_stages_a_notice_for_the_owner()
    {
        await StoreAsync();
        await SubmitAsync();

        var returned = await InTurnAsync(d => Service.ReturnAsync(d, "opp-fenna", "Doel 2 is niet meetbaar.", Coordinator, Ct));

        Assert.True(returned.IsOk);
        Assert.Equal(OppStatus.Returned, (await PlanAsync())!.Status);
        Assert.Equal(ReviewDecisionKind.Returned, (await RecordAsync()).Current!.Decision!.Kind);
        var notice = Assert.Single(await InTurnAsync(d => TeacherNotices.ListAsync(d, Teacher, Ct)));
        Assert.Equal(("opp-fenna", TeacherNoticeKind.Returned), (notice.OppId, notice.Kind));
        Assert.Empty(await InTurnAsync(d => TeacherNotices.ListAsync(d, Coordinator, Ct)));
    }

    [Fact]
    public async Task Approving_asks_the_parents_for_consent_records_the_decision_and_tells_the_owner()
    {
        await StoreAsync();
        await SubmitAsync();

        var approved = await InTurnAsync(d => Service.ApproveAsync(d, "opp-fenna", Coordinator, Ct));

        Assert.True(approved.IsOk);
        var plan = (await PlanAsync())!;
        Assert.Equal(OppStatus.AwaitingConsent, plan.Status);
        Assert.Equal(
            [(LifecycleTrigger.SubmitForReview, LifecycleRole.Teacher), (LifecycleTrigger.Approve, LifecycleRole.Coordinator), (LifecycleTrigger.RequestConsent, LifecycleRole.System)],
            plan.Lifecycle.History.Select(t => (t.Trigger, t.ByRole)));
        Assert.Equal(new ReviewDecision(ReviewDecisionKind.Approved, Coordinator, time.GetUtcNow(), null), (await RecordAsync()).Current!.Decision);
        Assert.Equal(TeacherNoticeKind.Approved, Assert.Single(await InTurnAsync(d => TeacherNotices.ListAsync(d, Teacher, Ct))).Kind);
    }

    [Fact]
    public async Task The_plan_register_follows_every_step_and_lists_the_longest_waiting_first()
    {
        await StoreAsync("opp-a");
        await StoreAsync("opp-b");
        await SubmitAsync("opp-b");
        var firstSince = time.GetUtcNow();
        time.Advance(TimeSpan.FromHours(3));
        await SubmitAsync("opp-a");

        var inReview = await InTurnAsync(d => PlanRegister.WithStatusAsync(d, OppStatus.InReview, Ct));
        Assert.Equal(["opp-b", "opp-a"], inReview.Select(p => p.OppId));
        Assert.Equal((Teacher, firstSince), (inReview[0].OwnerKey, inReview[0].Since));

        time.Advance(TimeSpan.FromHours(1));
        await InTurnAsync(d => Service.ReturnAsync(d, "opp-b", "Graag meetbare doelen.", Coordinator, Ct));

        Assert.Equal(["opp-a"], (await InTurnAsync(d => PlanRegister.WithStatusAsync(d, OppStatus.InReview, Ct))).Select(p => p.OppId));
        var returned = Assert.Single(await InTurnAsync(d => PlanRegister.WithStatusAsync(d, OppStatus.Returned, Ct)));
        Assert.Equal(("opp-b", time.GetUtcNow()), (returned.OppId, returned.Since));
        Assert.Equal(new DateOnly(2027, 1, 29), returned.NextEvaluation);
    }
}
