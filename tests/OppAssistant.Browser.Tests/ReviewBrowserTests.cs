using System.Globalization;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Review;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Teacher;
using OppAssistant.Core.Tests.Drafting;

namespace OppAssistant.Browser.Tests;

/// <summary>
/// Issue 7's done-when, end to end in two browsers: a teacher offers a complete OPP with one deliberate deficiency (its
/// only evaluation is two years away) for review in Web Chat; the coordinator opens the review page from the link the
/// bot gives her, sees that check flagged, comments on the evaluation section and returns the plan; the teacher is told
/// in her chat without typing, fixes the date with "wijzigen" and offers it again; the coordinator sees what changed,
/// approves, and downloads the Word file, which holds every required part.
/// </summary>
[Collection(BrowserConversations.Name)]
public sealed partial class ReviewBrowserTests(SharedBrowser shared)
{
    private const string DeficientCheck = "evaluation_planned";

    [Fact]
    public async Task Coordinator_returns_a_flawed_opp_from_the_review_page_the_teacher_fixes_it_in_chat_and_the_approved_plan_downloads_as_word()
    {
        Chromium.Require();
        var cancellationToken = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper;
        var (host, browser) = await shared.StartAsync();
        var catalog = host.Services.GetRequiredService<DialogCatalog>();
        var common = catalog.Common;
        var teacher = catalog.Teacher;
        var review = catalog.Review;
        var page = catalog.ReviewPage;
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var plans = host.Services.GetRequiredService<OppRepository>();
        var evaluationTitle = catalog.Draft.Section(DraftSectionKind.Evaluation).Title;

        await using var teacherPage = await ChatPage.OpenAsync(browser, host.BaseAddress, "teacher-review", common.Text("welcome"), common.Text("ask_role"));
        await using var coordinatorPage = await ChatPage.OpenAsync(browser, host.BaseAddress, "coordinator-review", common.Text("welcome"), common.Text("ask_role"));
        var chat = teacherPage.Chat;
        var coordinatorChat = coordinatorPage.Chat;
        IPage? reviewPage = null;
        try
        {
            // The teacher starts a plan in her chat; the test fills it in as if she had answered every question.
            await chat.ClickAsync(common.For(Role.Teacher).Label, common.For(Role.Teacher).Intro, teacher.Text("my_opps_empty"));
            await chat.ClickAsync(teacher.Text("new_opp_button"), teacher.Text("new_opp"), teacher.PhaseOf(TeacherPhase.Start).Intro, teacher.Question("pupil_name").Ask);
            var code = ResumeCode().Match(await chat.LastReplyOfAsync(WebChat.Expectation(teacher.Text("new_opp"))));
            Assert.True(code.Success, "No resume code when the plan was started.");
            var planId = await FillInAsync(store, plans, code.Value, cancellationToken);

            // She opens it again with its code and offers it for review.
            await chat.SayAsync(code.Value, teacher.Text("resumed"), teacher.Text("parents_new"), teacher.Text("finished"));
            await chat.SayAsync("indienen", review.Text("submitted"));
            Assert.Equal(OppStatus.InReview, (await StoredAsync(store, plans, planId, cancellationToken)).Status);

            // The coordinator (Web Chat counts as one only in local mode, as here) opens the plan and its review page.
            await coordinatorChat.ClickAsync(common.For(Role.Coordinator).Label, common.For(Role.Coordinator).Intro, review.Text("queue_title"));
            await coordinatorChat.SayAsync("1", review.Text("plan_title"), review.Text("comment_card_title"), review.Text("return_card_title"), review.Text("plan_hint"));
            reviewPage = await coordinatorPage.Page.RunAndWaitForPopupAsync(
                () => coordinatorPage.Page.Locator(".ac-pushButton", new() { HasText = review.Text("review_page_button") }).Last.ClickAsync());
            await reviewPage.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
            Assert.Matches(new Regex($"/review/{planId}$"), reviewPage.Url);
            await Assertions.Expect(reviewPage.Locator("h1")).ToContainTextAsync(page.Text("plan_heading", ("name", DraftPlans.Complete().Pupil.Name!)));

            // The deliberate deficiency is flagged, among what needs attention.
            var flagged = reviewPage.Locator($"li.check-fail[data-check='{DeficientCheck}']");
            await Assertions.Expect(flagged).ToBeVisibleAsync();
            await Assertions.Expect(flagged).ToContainTextAsync(page.Text("outcome_fail"));

            // A comment on the evaluation section, then the plan goes back with a reason.
            const string Comment = "Plan de evaluatie binnen dit schooljaar, samen met de ouders.";
            await reviewPage.GetByLabel(page.Text("comment_label", ("section", evaluationTitle)), new() { Exact = true }).FillAsync(Comment);
            await reviewPage.Locator("form", new() { Has = reviewPage.GetByLabel(page.Text("comment_label", ("section", evaluationTitle)), new() { Exact = true }) })
                .GetByRole(AriaRole.Button, new() { Name = page.Text("comment_submit") }).ClickAsync();
            await Assertions.Expect(reviewPage.GetByText(page.Text("comment_added"))).ToBeVisibleAsync();
            const string Reason = "De evaluatie staat te ver weg.";
            await reviewPage.GetByLabel(page.Text("return_label")).FillAsync(Reason);
            await reviewPage.GetByRole(AriaRole.Button, new() { Name = page.Text("return_submit"), Exact = true }).ClickAsync();
            await Assertions.Expect(reviewPage.GetByText(page.Text("returned_done"))).ToBeVisibleAsync();
            Assert.Equal(OppStatus.Returned, (await StoredAsync(store, plans, planId, cancellationToken)).Status);

            // The teacher is told in her chat without typing anything: the reason and the comment on its section.
            await chat.WaitForUnaskedAsync(review.Text("notice_returned"));
            var notice = await chat.LastReplyOfAsync(WebChat.Expectation(review.Text("notice_returned")));
            Assert.Contains(Reason, notice, StringComparison.Ordinal);
            Assert.Contains(Comment, notice, StringComparison.Ordinal);

            // She reads her summary, fixes the date with "wijzigen" and offers the plan again.
            var label = teacher.Question("evaluation_moments").Label;
            await chat.SayAsync("samenvatting", teacher.Text("show_intro"));
            var summary = await chat.LastReplyOfAsync(WebChat.Expectation(teacher.Text("show_intro")));
            var number = Regex.Match(summary, $@"(\d+)\. {Regex.Escape(label)}:");
            Assert.True(number.Success, $"The evaluation date is not in the teacher's summary: {summary}");
            var newDate = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(6);
            await chat.SayAsync("wijzigen", teacher.Text("edit_which"));
            // "Nu staat er: _{current}_": up to the emphasis, which the page shows as italics.
            await chat.SayAsync(number.Groups[1].Value, teacher.Text("edit_current").Split('{')[0].TrimEnd('_'), teacher.Question("evaluation_moments").Ask);
            await chat.PickDateAsync(newDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), teacher.Text("submit"), teacher.Text("edited"), teacher.Text("summary_intro"), teacher.Text("confirm_summary"));
            await chat.ClickAsync(teacher.Text("confirm_yes"), teacher.Text("done"), catalog.Draft.Label("title"), review.Text("offer_submit"));
            await chat.SayAsync("indienen", review.Text("submitted"));
            Assert.Equal([newDate], (await StoredAsync(store, plans, planId, cancellationToken)).EvaluationMoments);

            // The coordinator sees the check pass and the change since the returned version, and approves.
            await reviewPage.ReloadAsync();
            await Assertions.Expect(reviewPage.Locator($"li.check-pass[data-check='{DeficientCheck}']")).ToHaveCountAsync(1);
            await Assertions.Expect(reviewPage.Locator("section.changes")).ToContainTextAsync(evaluationTitle);
            await reviewPage.GetByRole(AriaRole.Button, new() { Name = page.Text("approve_submit"), Exact = true }).ClickAsync();
            await Assertions.Expect(reviewPage.GetByText(page.Text("approved_done"))).ToBeVisibleAsync();
            Assert.Equal(OppStatus.AwaitingConsent, (await StoredAsync(store, plans, planId, cancellationToken)).Status);
            await chat.WaitForUnaskedAsync(review.Text("notice_approved"));

            // The Word file for the school's records downloads and holds every required part, in order.
            var download = await reviewPage.RunAndWaitForDownloadAsync(() => reviewPage.GetByRole(AriaRole.Link, new() { Name = page.Text("download_school") }).ClickAsync());
            var path = Path.Combine(host.DataDirectory, "school.docx");
            await download.SaveAsAsync(path);
            Assert.Equal($"opp-{planId}-school.docx", download.SuggestedFilename);
            using var word = WordprocessingDocument.Open(path, isEditable: false);
            var headings = word.MainDocumentPart!.Document!.Body!.Elements<Paragraph>()
                .Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value == "Heading1")
                .Select(p => p.InnerText)
                .ToList();
            Assert.Equal(Enum.GetValues<DraftSectionKind>().Select((kind, i) => $"{i + 1}. {catalog.Draft.Section(kind).Title}"), headings);
            var body = word.MainDocumentPart.Document.Body.InnerText;
            Assert.Contains(newDate.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("nl-NL")), body, StringComparison.Ordinal);

            await teacherPage.AssertAllSentAsync();
            await coordinatorPage.AssertAllSentAsync();
        }
        catch
        {
            await teacherPage.ReportAsync(output, "LERAAR");
            await coordinatorPage.ReportAsync(output, "IB'ER");
            if (reviewPage is not null)
            {
                output?.WriteLine("Review page at failure:\n" + await reviewPage.InnerTextAsync("body"));
            }
            throw;
        }
    }

    /// <summary>
    /// The invented complete plan, written into the teacher's own new plan (same id, owner, code and start) as if she had
    /// answered everything and finished; its one evaluation moment two years after the start is the deliberate flaw.
    /// </summary>
    private static async Task<string> FillInAsync(IDocumentStore store, OppRepository plans, string code, CancellationToken cancellationToken)
    {
        var transaction = new DocumentTransaction(store);
        return await transaction.RunAsync(async (documents, ct) =>
        {
            var started = await plans.FindByCodeAsync(documents, code, ct) ?? throw new InvalidOperationException("The new plan was not stored.");
            var plan = DraftPlans.Complete();
            plan.Id = started.Id;
            plan.OwnerKey = started.OwnerKey;
            plan.ResumeCode = started.ResumeCode;
            plan.CreatedAt = started.CreatedAt;
            plan.EvaluationMoments = [DateOnly.FromDateTime(started.CreatedAt.UtcDateTime).AddYears(2)];
            plan.Draft = new DraftProgress { Frontier = new DraftPosition(TeacherStep.Finished, null, 0, DraftMode.Confirm) };
            await plans.SaveAsync(documents, plan, started.OwnerKey, ct);
            return plan.Id;
        }, cancellationToken);
    }

    private static async Task<OppDocument> StoredAsync(IDocumentStore store, OppRepository plans, string id, CancellationToken cancellationToken) =>
        await plans.GetAsync(new Core.Turns.TurnDocuments(store), id, cancellationToken) ?? throw new InvalidOperationException("The plan is gone.");

    [GeneratedRegex(@"\b[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}\b")]
    private static partial Regex ResumeCode();
}
