using OppAssistant.Core.Drafting;
using OppAssistant.Core.Lifecycle;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Teacher;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Review;

public enum CommentOutcome
{
    Added,
    NotFound,

    /// <summary>Comments belong to a round under review.</summary>
    NotInReview,
    Empty,
    TooLong,
}

/// <summary>
/// The review of a plan, the same from Teams cards and from the review page: the teacher offers it (a new round with a
/// snapshot), the coordinator comments per section, returns it with a reason or approves it. Approval asks the parents
/// for consent at once (<see cref="LifecycleTrigger.RequestConsent"/>, by the assistant). Returned and approved plans
/// leave a <see cref="TeacherNotice"/> for the owner. Everything is staged in <see cref="TurnDocuments"/>: the caller
/// stores it in one transaction and, once stored, may nudge the teacher (<see cref="IProactiveTurns"/>).
/// </summary>
public sealed class ReviewService(OppRepository plans, LifecycleService lifecycle, TimeProvider time)
{
    /// <summary>The lifecycle the review takes its steps through (the evaluation takes its own step through it too).</summary>
    public LifecycleService Lifecycle => lifecycle;

    /// <summary>The longest comment a coordinator may write on one section.</summary>
    public const int MaxCommentLength = 2000;

    /// <summary>The user key of the assistant's own steps: the lifecycle refuses a step without a key.</summary>
    public const string SystemKey = "system";

    /// <summary>The teacher offers the plan for review (first time or again after a return): a new round with the plan as it is now.</summary>
    public async Task<LifecycleResult> SubmitAsync(TurnDocuments documents, string oppId, string teacherKey, CancellationToken cancellationToken)
    {
        var plan = await plans.GetAsync(documents, oppId, cancellationToken).ConfigureAwait(false);
        var trigger = plan?.Status == OppStatus.Returned ? LifecycleTrigger.Resubmit : LifecycleTrigger.SubmitForReview;
        var result = await lifecycle.FireAsync(documents, oppId, trigger, new LifecycleActor(LifecycleRole.Teacher, teacherKey), null, cancellationToken).ConfigureAwait(false);
        if (result is LifecycleResult.Ok ok)
        {
            plan = await plans.GetAsync(documents, oppId, cancellationToken).ConfigureAwait(false);
            var record = await ReviewRecords.GetAsync(documents, oppId, cancellationToken).ConfigureAwait(false);
            record.Rounds.Add(new ReviewRound
            {
                Number = record.Rounds.Count + 1,
                SubmittedAt = ok.Transition.At,
                SubmittedBy = teacherKey,
                Snapshot = ReviewRecords.Snapshot(plan!),
            });
            ReviewRecords.Put(documents, record);
        }
        return result;
    }

    public async Task<CommentOutcome> CommentAsync(
        TurnDocuments documents, string oppId, DraftSectionKind section, string? text, string coordinatorKey, CancellationToken cancellationToken)
    {
        if (await plans.GetAsync(documents, oppId, cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            return CommentOutcome.NotFound;
        }
        var record = await ReviewRecords.GetAsync(documents, oppId, cancellationToken).ConfigureAwait(false);
        if (plan.Status != OppStatus.InReview || record.Current is not { Decision: null } round)
        {
            return CommentOutcome.NotInReview;
        }
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return CommentOutcome.Empty;
        }
        if (trimmed.Length > MaxCommentLength)
        {
            return CommentOutcome.TooLong;
        }
        round.Comments.Add(new ReviewComment(plans.NewDocumentId(), section, trimmed, coordinatorKey, time.GetUtcNow()));
        ReviewRecords.Put(documents, record);
        return CommentOutcome.Added;
    }

    /// <summary>Sends the plan back with <paramref name="reason"/> (required); the teacher is told.</summary>
    public Task<LifecycleResult> ReturnAsync(TurnDocuments documents, string oppId, string? reason, string coordinatorKey, CancellationToken cancellationToken) =>
        DecideAsync(documents, oppId, ReviewDecisionKind.Returned, reason, coordinatorKey, cancellationToken);

    /// <summary>Approves the plan and asks the parents for consent; the teacher is told.</summary>
    public Task<LifecycleResult> ApproveAsync(TurnDocuments documents, string oppId, string coordinatorKey, CancellationToken cancellationToken) =>
        DecideAsync(documents, oppId, ReviewDecisionKind.Approved, null, coordinatorKey, cancellationToken);

    /// <summary>Adopts (vaststellen) a plan waiting for consent, once every parent with gezag agreed and the pupil's voice is weighed.</summary>
    public Task<LifecycleResult> AdoptAsync(TurnDocuments documents, string oppId, string coordinatorKey, CancellationToken cancellationToken) =>
        lifecycle.FireAsync(documents, oppId, LifecycleTrigger.Adopt, new LifecycleActor(LifecycleRole.Coordinator, coordinatorKey), null, cancellationToken);

    private async Task<LifecycleResult> DecideAsync(
        TurnDocuments documents, string oppId, ReviewDecisionKind kind, string? reason, string coordinatorKey, CancellationToken cancellationToken)
    {
        var actor = new LifecycleActor(LifecycleRole.Coordinator, coordinatorKey);
        var trigger = kind == ReviewDecisionKind.Returned ? LifecycleTrigger.Return : LifecycleTrigger.Approve;
        var result = await lifecycle.FireAsync(documents, oppId, trigger, actor, reason, cancellationToken).ConfigureAwait(false);
        if (result is not LifecycleResult.Ok ok)
        {
            return result;
        }
        if (kind == ReviewDecisionKind.Approved)
        {
            // Approval is followed by the request for consent (faq-brief §1.3: the parents agree to the handelingsdeel).
            _ = await lifecycle.FireAsync(documents, oppId, LifecycleTrigger.RequestConsent, new LifecycleActor(LifecycleRole.System, SystemKey), null, cancellationToken)
                .ConfigureAwait(false);
        }
        var record = await ReviewRecords.GetAsync(documents, oppId, cancellationToken).ConfigureAwait(false);
        if (record.Current is { Decision: null } round)
        {
            round.Decision = new ReviewDecision(kind, coordinatorKey, ok.Transition.At, ok.Transition.Reason);
            ReviewRecords.Put(documents, record);
        }
        var plan = await plans.GetAsync(documents, oppId, cancellationToken).ConfigureAwait(false);
        if (plan is { OwnerKey.Length: > 0 })
        {
            var notice = new TeacherNotice(plans.NewDocumentId(), oppId, kind == ReviewDecisionKind.Returned ? TeacherNoticeKind.Returned : TeacherNoticeKind.Approved, ok.Transition.At);
            await TeacherNotices.AddAsync(documents, plan.OwnerKey, notice, cancellationToken).ConfigureAwait(false);
        }
        return result;
    }
}
