using Microsoft.Extensions.DependencyInjection;
using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Review;
using OppAssistant.Core.Turns;

namespace OppAssistant.Web.Tests.Transcripts;

/// <summary>
/// Review/teacher-submit-coordinator-return.transcript: the teacher (Teams) completes a plan and types "indienen"; the
/// coordinator (Teams, named in the school's configuration: a fake directory here) opens it from the queue, comments
/// on the goals and returns it with a reason; the teacher's next message shows the notice with the reason and the
/// comment, and the plan she opens says it was returned and why. Replayed with its own directory, so it lives in a
/// folder the replay-all test does not read. Record: OPPASSISTANT_UPDATE_TRANSCRIPTS=1 and this class.
/// </summary>
public sealed class ReviewTranscriptTests
{
    private const string Transcript = "teacher-submit-coordinator-return.transcript";
    private const string Coordinator = "aad:00000000-0000-0000-0000-00000000c001";
    private const string Comment = "Maak het eerste doel meetbaar: hoeveel sommen, in welke tijd?";
    private const string Reason = "De doelen zijn nog niet meetbaar.";

    private static string PathOf(bool recording) =>
        Path.Combine(recording ? TranscriptReplayer.SourceDirectory : TranscriptReplayer.OutputDirectory, "Review", Transcript);

    [Fact]
    public async Task The_teacher_submits_the_coordinator_returns_with_a_comment_and_the_teacher_reads_both()
    {
        var recording = TranscriptReplayer.UpdateRequested;
        await using var run = await TranscriptReplayer.ReplayAsync(PathOf(recording),
            services =>
            {
                services.AddSingleton<ICoordinatorDirectory>(new Coordinators(Coordinator));
                // The review page's links are signed anew each run; a fixed one keeps the transcript stable.
                services.AddSingleton<IReviewLinks>(new FixedLinks());
            });
        var stored = new StoredTeacherData(run);
        var dialogs = run.Services.GetRequiredService<DialogCatalog>();
        var ct = TestContext.Current.CancellationToken;

        var plan = await stored.PlanAsync(await stored.StateAsync("a:transcript-review-teacher"));
        Assert.Equal(OppStatus.Returned, plan.Status);
        var record = await ReviewRecords.GetAsync(stored.Documents, plan.Id, ct);
        var round = Assert.Single(record.Rounds);
        Assert.Equal("", round.Snapshot.ResumeCode);
        Assert.Equal((DraftSectionKind.Goals, Comment, Coordinator), (Assert.Single(round.Comments).Section, round.Comments[0].Text, round.Comments[0].ByKey));
        Assert.Equal((ReviewDecisionKind.Returned, Reason), (round.Decision!.Kind, round.Decision.Reason));

        var texts = run.Replies.SelectMany(r => r).Select(a => (string?)a["text"] ?? a["attachments"]?.ToJsonString() ?? "").ToList();
        Assert.Contains(texts, t => t.StartsWith(dialogs.Review.Text("submitted", ("pupil", "Noor")), StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains(dialogs.Review.Text("returned", ("pupil", "Noor")), StringComparison.Ordinal));
        var notice = Assert.Single(texts, t => t.StartsWith(dialogs.Review.Text("notice_returned", ("pupil", "Noor"), ("reason", Reason)), StringComparison.Ordinal));
        Assert.Contains(dialogs.Review.Text("notice_comment", ("section", dialogs.Draft.Section(DraftSectionKind.Goals).Title), ("comment", MarkdownText.Escape(Comment))), notice, StringComparison.Ordinal);
        Assert.Contains(texts, t => t == dialogs.Review.Text("opened_returned", ("reason", Reason)));
        // The parents are asked for consent only after approval: in review, its absence is not on the card.
        Assert.DoesNotContain(texts, t => t.Contains("**" + dialogs.Checklist.Check("parent_consent").Title + "**", StringComparison.Ordinal));
        // The plan's card offers the review page for the same plan.
        Assert.Contains(texts, t => t.Contains("\"url\":\"https://school.example/review/" + plan.Id + "\"", StringComparison.Ordinal));
    }

    private sealed class FixedLinks : IReviewLinks
    {
        public string? LinkFor(string oppId, string coordinatorKey) => "https://school.example/review/" + oppId;
    }

    private sealed class Coordinators(params string[] keys) : ICoordinatorDirectory
    {
        public ValueTask<bool> IsCoordinatorAsync(TurnInput input, CancellationToken cancellationToken) => ValueTask.FromResult(keys.Contains(input.UserKey));

        public ValueTask<bool> IsCoordinatorAsync(string entraObjectId, CancellationToken cancellationToken) => ValueTask.FromResult(keys.Contains("aad:" + entraObjectId));
    }
}
