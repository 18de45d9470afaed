using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Teacher;
using OppAssistant.Core.Turns;

namespace OppAssistant.Browser.Tests;

/// <summary>
/// A teacher completes an OPP for "Noor" in the real Web Chat, as a person would: typing into the send box and using
/// the cards (a choice button, the level checkboxes, the date picker, "nog een?" and the phase confirm). Every step
/// waits for the next thing the bot says in dialogs/teacher.yaml; afterwards the stored plan must hold each answer.
/// Only over WebSocket, the default transport; WebChatBrowserTests covers polling.
/// </summary>
[Collection(BrowserConversations.Name)]
public sealed partial class TeacherOppBrowserTests(SharedBrowser shared)
{
    [Fact]
    public async Task Teacher_completes_an_opp_in_web_chat_with_typing_and_cards()
    {
        Chromium.Require();
        var stopwatch = Stopwatch.StartNew();
        var output = TestContext.Current.TestOutputHelper;
        var cancellationToken = TestContext.Current.CancellationToken;
        var (host, browser) = await shared.StartAsync();
        var hostStarted = stopwatch.Elapsed;
        var catalog = host.Services.GetRequiredService<DialogCatalog>();
        var common = catalog.Common;
        var teacher = catalog.Teacher;
        string Ask(string question) => teacher.Question(question).Ask;
        string Text(string key) => teacher.Text(key);
        string Intro(TeacherPhase phase) => teacher.PhaseOf(phase).Intro;
        string Kind(NeedKind kind) => catalog.Needs.For(kind).Title;
        string Done(NeedKind kind) => teacher.Text("need_next_button", ("kind", Kind(kind).ToLower(CultureInfo.GetCultureInfo("nl-NL"))));
        string PhaseSummary(TeacherPhase phase) => teacher.Text("phase_summary", ("phase", teacher.PhaseOf(phase).Title));
        string Choice(string question, string value) => teacher.Question(question).Choices.Single(c => c.Value == value).Label;

        await using var teacherPage = await ChatPage.OpenAsync(browser, host.BaseAddress, "teacher-opp", common.Text("welcome"), common.Text("ask_role"));
        var chat = teacherPage.Chat;
        var startup = stopwatch.Elapsed;
        try
        {
            await chat.ClickAsync(common.For(Role.Teacher).Label, common.For(Role.Teacher).Intro, Text("my_opps_empty"));
            await chat.ClickAsync(Text("new_opp_button"), Text("new_opp"), Intro(TeacherPhase.Start), Ask("pupil_name"));

            // Start: a choice button for the school type, the rest typed, and the phase confirmed with its button.
            await chat.SayAsync(Answers.Name, Ask("pupil_school_type"));
            await chat.ClickAsync(Choice("pupil_school_type", "po"), Ask("pupil_group"));
            await chat.SayAsync(Answers.Group, Ask("pupil_reason"));
            await chat.SayAsync(Answers.Reason, PhaseSummary(TeacherPhase.Start), Text("confirm_phase"));
            await chat.ClickAsync(Text("confirm_yes"), Intro(TeacherPhase.Overview), Ask("factor_pupil_supporting"));

            // Overzicht: two strengths of Noor herself with the "nog een?" buttons, then typed ja/nee.
            await chat.SayAsync(Answers.PupilSupporting[0], Text("ask_more"));
            await chat.ClickAsync(Text("more_yes"), Ask("factor_pupil_supporting"));
            await chat.SayAsync(Answers.PupilSupporting[1], Text("ask_more"));
            await chat.ClickAsync(Text("more_no"), Ask("factor_pupil_hindering"));
            await chat.SayAsync(Answers.PupilHindering, Text("ask_more"));
            await chat.SayAsync("nee", Ask("factor_school_supporting"));
            await chat.SayAsync(Answers.SchoolSupporting, Text("ask_more"));
            await chat.SayAsync("nee", Ask("factor_school_hindering"));
            await chat.SayAsync(Answers.SchoolHindering, Text("ask_more"));
            await chat.SayAsync("nee", Ask("factor_home_supporting"));
            await chat.SayAsync(Answers.HomeSupporting, Text("ask_more"));
            await chat.SayAsync("nee", Ask("factor_home_hindering"));
            await chat.SayAsync(Answers.HomeHindering, Text("ask_more"));
            await chat.SayAsync("nee", PhaseSummary(TeacherPhase.Overview), Text("confirm_phase"));
            await chat.SayAsync("klopt", Intro(TeacherPhase.Insight), Ask("insight_analysis"));

            // Inzicht.
            await chat.SayAsync(Answers.Analysis, Ask("insight_open_questions"));
            await chat.SayAsync(Answers.OpenQuestion, Text("ask_more"));
            await chat.SayAsync("nee", PhaseSummary(TeacherPhase.Insight), Text("confirm_phase"));
            await chat.SayAsync("ja", Intro(TeacherPhase.Outlook), Ask("perspective_levels"));

            // Uitzicht: a double level with the checkboxes, a goal started with a button and dated with the date picker;
            // the agreement typed although a form card for all its parts is offered, the evaluation date typed the Dutch way.
            await chat.TickAsync([Choice("perspective_levels", "vmbo_gl_tl"), Choice("perspective_levels", "havo")], Text("submit"), Ask("perspective_follow_on"));
            await chat.SayAsync("regulier", Ask("perspective_rationale"));
            await chat.SayAsync(Answers.Rationale, Ask("goal_domain"), Text("group_card_intro"));
            await chat.ClickAsync(Choice("goal_domain", "learning"), Ask("goal_description"));
            await chat.SayAsync(Answers.GoalDescription, Ask("goal_success_criterion"));
            await chat.SayAsync(Answers.GoalCriterion, Ask("goal_monitoring"));
            await chat.SayAsync(Answers.GoalMonitoring, Ask("goal_evaluate_on"));
            await chat.PickDateAsync(Answers.GoalDate, Text("submit"), Text("ask_more"));
            // The needs: a category button, a suggestion drawn from Noor's factors, the accept button; the rest typed.
            await chat.ClickAsync(Text("more_no"), Ask("needs"), Kind(NeedKind.Educational));
            await chat.ClickAsync(catalog.Needs.For(NeedKind.Educational).Category("instruction")!.Label, Text("need_complete"), Text("need_suggestions"));
            var suggestion = catalog.Needs.Suggest(NeedKind.Educational, "instruction", [Answers.PupilHindering])[0].Completion;
            await chat.ClickAsync(suggestion, Text("need_review"));
            await chat.ClickAsync(Text("need_accept"), Text("need_accepted"), Kind(NeedKind.Educational));
            await chat.ClickAsync(Done(NeedKind.Educational), Kind(NeedKind.Parenting));
            await chat.SayAsync("uitleg thuis", Text("need_complete"));
            await chat.SayAsync(Answers.ParentingNeed, Text("need_review"));
            await chat.SayAsync("ja", Text("need_accepted"), Kind(NeedKind.Parenting));
            await chat.SayAsync("klaar", Kind(NeedKind.TeacherSupport));
            await chat.SayAsync("kennis", Text("need_complete"), Text("need_suggestions"));
            await chat.SayAsync(Answers.TeacherNeed, Text("need_review"));
            await chat.SayAsync("goed zo", Text("need_accepted"), Kind(NeedKind.TeacherSupport));
            await chat.SayAsync("klaar", Kind(NeedKind.ParentSupport));
            await chat.SayAsync("vaardigheden", Text("need_complete"));
            await chat.SayAsync(Answers.ParentNeed, Text("need_review"));
            await chat.SayAsync("ja", Text("need_accepted"), Kind(NeedKind.ParentSupport));
            await chat.SayAsync("klaar", Text("need_done"), Ask("action_support"));
            await chat.SayAsync(Answers.Support, Ask("agreement_who"), Text("group_card_intro"));
            await chat.SayAsync(Answers.Who, Ask("agreement_what"));
            await chat.SayAsync(Answers.What, Ask("agreement_when"));
            await chat.SayAsync(Answers.When, Ask("agreement_how"));
            await chat.SayAsync(Answers.How, Text("ask_more"));
            await chat.SayAsync("nee", Ask("evaluation_moments"));
            await chat.SayAsync(Answers.EvaluationTyped, Text("ask_more"));

            // The last phase has no confirm of its own: the summary of the whole plan follows at once.
            await chat.SayAsync("nee", Text("summary_intro"), Text("confirm_summary"));
            // Not finished before the pupil's voice is recorded: Noor has not used the chat, so the teacher writes how
            // she was heard; then the summary comes back to be confirmed.
            await chat.ClickAsync(Text("confirm_yes"), Text("guard_pupil_voice"), Text("pupil_voice_not_heard"));
            await chat.SayAsync(Answers.HowInvolved, Text("pupil_voice_done"), Text("summary_intro"), Text("confirm_summary"));
            // The finished plan is shown as the draft OPP, right after the done message; then "indienen" is offered.
            await chat.ClickAsync(Text("confirm_yes"), Text("done"), catalog.Draft.Label("title"), catalog.Review.Text("offer_submit"));

            // What the teacher reads: the resume code in the done message, the same one as at the start.
            var transcript = await chat.TranscriptAsync();
            var doneStart = WebChat.Expectation(Text("done"));
            var done = transcript.Last(a => !a.User && a.Text.Contains(doneStart, StringComparison.Ordinal)).Text;
            var code = ResumeCode().Match(done);
            Assert.True(code.Success, $"No resume code in the done message: {done}");
            Assert.Contains("[S]", transcript[^2].Text, StringComparison.Ordinal);
            var started = transcript.First(a => a.Text.Contains(WebChat.Expectation(Text("new_opp")), StringComparison.Ordinal));
            Assert.Contains(code.Value, started.Text, StringComparison.Ordinal);

            // No question asked twice, none missing: each question shows up as often as the teacher was asked it, and
            // nothing else came (late replies included).
            Assert.Equal(chat.ExpectedReplies, transcript.Count(a => !a.User));
            var asked = transcript.Where(a => !a.User && !a.Text.Contains(WebChat.Expectation(Text("group_card_intro")), StringComparison.Ordinal)).ToList();
            foreach (var question in teacher.Questions)
            {
                var expected = chat.Awaited(question.Ask);
                var shown = asked.Count(a => a.Text.Contains(WebChat.Expectation(question.Ask), StringComparison.Ordinal));
                Assert.True(expected == shown, $"'{question.Id}' was shown {shown} time(s), expected {expected}.");
            }
            await teacherPage.AssertAllSentAsync();

            var store = host.Services.GetRequiredService<IDocumentStore>();
            var plans = host.Services.GetRequiredService<OppRepository>();
            var plan = await plans.FindByCodeAsync(new TurnDocuments(store), code.Value, cancellationToken);
            Assert.NotNull(plan);
            AssertPlan(plan);
        }
        finally
        {
            output?.WriteLine($"Whole test {stopwatch.Elapsed.TotalSeconds:F1} s: host and browser ready after {hostStarted.TotalSeconds:F1} s, page with welcome after {startup.TotalSeconds:F1} s.");
            await teacherPage.ReportAsync(output, "LERAAR");
        }
    }

    private static void AssertPlan(OppDocument plan)
    {
        Assert.Equal(Answers.Name, plan.Pupil.Name);
        Assert.Equal(SchoolType.Po, plan.Pupil.SchoolType);
        Assert.Equal(Answers.Group, plan.Pupil.GroupOrYear);
        Assert.Equal(Answers.Reason, plan.Pupil.Reason);

        Assert.Equal(
            new[]
            {
                (Circle.Pupil, Influence.Supporting, Answers.PupilSupporting[0]),
                (Circle.Pupil, Influence.Supporting, Answers.PupilSupporting[1]),
                (Circle.Pupil, Influence.Hindering, Answers.PupilHindering),
                (Circle.School, Influence.Supporting, Answers.SchoolSupporting),
                (Circle.School, Influence.Hindering, Answers.SchoolHindering),
                (Circle.Home, Influence.Supporting, Answers.HomeSupporting),
                (Circle.Home, Influence.Hindering, Answers.HomeHindering),
            },
            plan.Factors.Select(f => (f.Circle, f.Influence, f.Text)));
        Assert.All(plan.Factors, f => Assert.Equal(DateOnly.FromDateTime(f.Source.At.UtcDateTime), f.ObservedOn));

        Assert.Equal(Answers.Analysis, plan.Insight.Analysis?.Text);
        Assert.Equal([Answers.OpenQuestion], plan.Insight.OpenQuestions.Select(q => q.Text));

        Assert.Equal(["vmbo_gl_tl", "havo"], plan.Perspective.Levels);
        Assert.Equal(FollowOnEducation.Regular, plan.Perspective.FollowOn);
        Assert.Equal(Answers.Rationale, plan.Perspective.Rationale?.Text);

        var goal = Assert.Single(plan.Goals);
        Assert.True(goal.IsComplete);
        Assert.Equal(GoalDomain.Learning, goal.Domain);
        Assert.Equal(Answers.GoalDescription, goal.Description?.Text);
        Assert.Equal(Answers.GoalCriterion, goal.SuccessCriterion?.Text);
        Assert.Equal(Answers.GoalMonitoring, goal.Monitoring?.Text);
        Assert.Equal(DateOnly.Parse(Answers.GoalDate, CultureInfo.InvariantCulture), goal.EvaluateOn);

        Assert.Equal(Answers.Support, plan.ActionPart.SupportAndApproach?.Text);
        Assert.Equal([NeedKind.Educational, NeedKind.Parenting, NeedKind.TeacherSupport, NeedKind.ParentSupport], plan.ActionPart.Needs.Select(n => n.Kind));
        Assert.All(plan.ActionPart.Needs, n => Assert.Equal((plan.Goals[0].Id, TextOrigin.Template), (n.GoalId, n.Source.Origin)));
        Assert.Equal(
            [TextOrigin.Template, TextOrigin.Person, TextOrigin.Person, TextOrigin.Person],
            plan.ActionPart.Needs.Select(n => n.Completion!.Source.Origin));
        Assert.EndsWith(Answers.ParentNeed + ".", plan.ActionPart.Needs[3].Text, StringComparison.Ordinal);
        var agreement = Assert.Single(plan.ActionPart.Agreements);
        Assert.Equal(
            (Answers.Who, Answers.What, Answers.When, Answers.How),
            (agreement.Who?.Text, agreement.What?.Text, agreement.When?.Text, agreement.How?.Text));

        Assert.Equal([DateOnly.ParseExact(Answers.EvaluationTyped, "d-M-yyyy", CultureInfo.InvariantCulture)], plan.EvaluationMoments);

        // Every text is the teacher's own, with the question it answered.
        TextEntry?[] entries =
        [
            plan.Insight.Analysis, plan.Perspective.Rationale, goal.Description, goal.SuccessCriterion, goal.Monitoring,
            plan.ActionPart.SupportAndApproach, agreement.Who, agreement.What, agreement.When, agreement.How, .. plan.Insight.OpenQuestions,
        ];
        Assert.All(entries, e => Assert.Equal((Role.Teacher, TextOrigin.Person, true), (e!.Source.Role, e.Source.Origin, e.Source.QuestionId is not null)));
        Assert.Equal(Answers.HowInvolved, plan.PupilVoice?.HowInvolved?.Text);
        Assert.Equal(OppStatus.Concept, plan.Status);
        Assert.Equal(TeacherStep.Finished, plan.Draft.Frontier?.Step);
    }

    [GeneratedRegex(@"\b[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}\b")]
    private static partial Regex ResumeCode();

    /// <summary>What the teacher types, chosen for Noor (the answers of TeacherFlowTests, plus a school factor and an open question).</summary>
    private static class Answers
    {
        public const string Name = "Noor";
        public const string Group = "groep 6";
        public const string Reason = "Noor krijgt extra begeleiding bij rekenen.";
        public static readonly string[] PupilSupporting = ["Noor tekent graag en goed.", "Noor helpt klasgenoten graag."];
        public const string PupilHindering = "Noor raakt de draad kwijt bij lange instructies.";
        public const string SchoolSupporting = "Ze zit naast een rustige klasgenoot.";
        public const string SchoolHindering = "Na de pauze blijft het in de groep lang onrustig.";
        public const string HomeSupporting = "Haar zus leest met haar.";
        public const string HomeHindering = "Thuis is weinig rust.";
        public const string Analysis = "Lange instructies en weinig slaap maken concentreren moeilijk.";
        public const string OpenQuestion = "Slaapt Noor door de week genoeg?";
        public const string Rationale = "Noor is gemotiveerd en krijgt steun thuis.";
        public const string GoalDescription = "Noor rekent sommen tot 100 vlot.";
        public const string GoalCriterion = "8 van de 10 sommen goed in de toets.";
        public const string GoalMonitoring = "Elke twee weken een korte toets.";
        public const string GoalDate = "2027-03-15";
        public const string Support = "Extra rekeninstructie vier keer per week.";
        public const string ParentingNeed = "rustig en met een voorbeeld wordt gegeven";
        public const string TeacherNeed = "helpt om rekenangst te herkennen";
        public const string ParentNeed = "helpen om thuis op dezelfde manier te oefenen";
        public const string Who = "de leerkracht";
        public const string What = "geeft verlengde instructie";
        public const string When = "elke ochtend";
        public const string How = "aan de instructietafel";
        public const string EvaluationTyped = "1-7-2027";
        public const string HowInvolved = "Noor is gehoord in een gesprek met de leraar; ze wil vaker met de klas meedoen.";
    }
}
