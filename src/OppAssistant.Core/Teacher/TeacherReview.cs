using System.Text.Json;
using OppAssistant.Core.Lifecycle;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Review;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Teacher;

/// <summary>
/// The teacher's side of the review: offering the open plan ("indienen"), and her notices (<see cref="TeacherNotices"/>)
/// written out: a return with the coordinator's reason and comments per section, an approval with what comes next,
/// an evaluation that is due. Texts from dialogs/review.yaml; the plan's and the coordinator's words are escaped.
/// </summary>
internal static class TeacherReview
{
    /// <summary>Whether this turn is the proactive one that only shows her notices (<see cref="IProactiveTurns"/>).</summary>
    public static bool IsNoticesTurn(TurnInput input) =>
        input.Kind == InputKind.FollowUp && input.Value is { ValueKind: JsonValueKind.Object } value
        && Cards.CardValues.String(value, "followUp") == TeacherNotices.FollowUpName;

    /// <summary>Her pending notices, oldest first, one message each; they are marked shown in this turn.</summary>
    public static async Task<IReadOnlyList<BotReply>> NoticesAsync(TeacherTurn turn, CancellationToken cancellationToken)
    {
        var replies = new List<BotReply>();
        foreach (var notice in await TeacherNotices.TakePendingAsync(turn.Documents, turn.Input.UserKey, cancellationToken).ConfigureAwait(false))
        {
            if (await turn.Plans.GetAsync(turn.Documents, notice.OppId, cancellationToken).ConfigureAwait(false) is not { } plan)
            {
                continue;
            }
            var text = notice.Kind switch
            {
                TeacherNoticeKind.Returned => await ReturnedAsync(turn, plan, notice, cancellationToken).ConfigureAwait(false),
                TeacherNoticeKind.Approved => turn.Dialogs.Review.Text("notice_approved", ("pupil", PupilName(turn, plan))),
                _ => turn.Dialogs.Review.Text("notice_evaluation_due", ("pupil", PupilName(turn, plan))),
            };
            replies.Add(BotReply.FromText(text));
        }
        return replies;
    }

    /// <summary>Offers the plan for review (again after a return); what to say about it.</summary>
    public static async Task<(bool Submitted, string Said)> SubmitAsync(TeacherTurn turn, OppDocument? plan, CancellationToken cancellationToken)
    {
        var dialog = turn.Dialogs.Review;
        if (plan is null || turn.Review is null)
        {
            return (false, dialog.Text("submit_no_plan"));
        }
        var result = await turn.Review.SubmitAsync(turn.Documents, plan.Id, turn.Input.UserKey, cancellationToken).ConfigureAwait(false);
        return result is LifecycleResult.Refused refused
            ? (false, dialog.Text("submit_refused") + "\n" + string.Join("\n", refused.Reasons.Select(r => "- " + r)))
            : (true, dialog.Text("submitted", ("pupil", PupilName(turn, plan))));
    }

    /// <summary>For a plan she opens: its status when it left the concept stage, and why it came back when it was returned.</summary>
    public static IEnumerable<string> StatusOnOpening(Content.DialogCatalog dialogs, OppDocument plan)
    {
        if (plan.Status == OppStatus.Concept)
        {
            yield break;
        }
        yield return dialogs.Review.Text("opened_status", ("status", dialogs.Lifecycle.States[plan.Status]));
        if (plan.Status == OppStatus.Returned)
        {
            yield return dialogs.Review.Text("opened_returned", ("reason", Reason(dialogs, LastReturnReason(plan))));
        }
    }

    /// <summary>Whether "indienen" is the next step for this plan.</summary>
    public static bool MaySubmit(OppDocument plan) => plan.Status is OppStatus.Concept or OppStatus.Returned;

    private static async Task<string> ReturnedAsync(TeacherTurn turn, OppDocument plan, TeacherNotice notice, CancellationToken cancellationToken)
    {
        var dialog = turn.Dialogs.Review;
        var record = await ReviewRecords.GetAsync(turn.Documents, plan.Id, cancellationToken).ConfigureAwait(false);
        // The round this notice is about: the one returned at the notice's moment, else the last returned one.
        var round = record.Rounds.LastOrDefault(r => r.Decision is { Kind: ReviewDecisionKind.Returned } d && d.At == notice.At)
            ?? record.Rounds.LastOrDefault(r => r.Decision is { Kind: ReviewDecisionKind.Returned });
        var lines = new List<string>
        {
            dialog.Text("notice_returned", ("pupil", PupilName(turn, plan)), ("reason", Reason(turn.Dialogs, round?.Decision?.Reason ?? LastReturnReason(plan)))),
        };
        if (round is { Comments.Count: > 0 })
        {
            lines.Add(dialog.Text("notice_comments"));
            lines.AddRange(round.Comments.Select(c => dialog.Text("notice_comment",
                ("section", turn.Dialogs.Draft.Section(c.Section).Title), ("comment", MarkdownText.Escape(c.Text)))));
        }
        lines.Add(dialog.Text("notice_returned_fix"));
        return string.Join("\n\n", lines);
    }

    private static string? LastReturnReason(OppDocument plan) =>
        plan.Lifecycle.History.LastOrDefault(t => t.Trigger == LifecycleTrigger.Return)?.Reason;

    private static string Reason(Content.DialogCatalog dialogs, string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? dialogs.Review.Text("no_reason") : MarkdownText.Escape(reason);

    private static string PupilName(TeacherTurn turn, OppDocument plan) =>
        plan.Pupil.Name is { Length: > 0 } name ? MarkdownText.Escape(name) : turn.Dialogs.Review.Text("pupil_unknown");
}
