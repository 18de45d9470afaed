using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Pupil;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Turns;

namespace OppAssistant.Browser.Tests;

/// <summary>
/// Issue 5's "done when", per age band, in two real Web Chat pages: the teacher starts an OPP for a pupil of that age
/// and invites him with "leerling uitnodigen"; the pupil opens a fresh chat, types the code, chooses who sits with
/// him and answers to the goodbye, with a skip, an "ik snap het niet" and a smiley button; then the teacher reads his
/// words with "mening leerling", weighs each one and finds them in her draft OPP.
/// The band's questions, buttons and texts come from dialogs/pupil/ (they change with the content): the test follows
/// the questions the band file lists, answering each by its kind, and hard-codes no Dutch of the pupil's dialog.
/// </summary>
[Collection(BrowserConversations.Name)]
public sealed partial class PupilBrowserTests(SharedBrowser shared)
{
    [Theory]
    [InlineData(AgeBand.Groep1To2, "po", "groep 1/2", "Mees")]
    [InlineData(AgeBand.Groep3To5, "po", "groep 4", "Fenna")]
    [InlineData(AgeBand.Groep6To8, "po", "groep 7", "Jip")]
    [InlineData(AgeBand.Vo, "vo", "leerjaar 2", "Isa")]
    public async Task A_pupil_answers_to_the_goodbye_and_the_teacher_reads_his_words_in_her_opp(AgeBand band, string schoolType, string group, string name)
    {
        Chromium.Require();
        var stopwatch = Stopwatch.StartNew();
        var output = TestContext.Current.TestOutputHelper;
        var cancellationToken = TestContext.Current.CancellationToken;
        var (host, browser) = await shared.StartAsync();
        var catalog = host.Services.GetRequiredService<DialogCatalog>();
        var common = catalog.Common;
        var teacher = catalog.Teacher;
        var dialog = catalog.Pupil.Band(band);
        string Ask(string question) => teacher.Question(question).Ask;
        string Text(string key) => teacher.Text(key);

        // What the pupil does at which question, chosen from the band file: "ik snap het niet" at the first open
        // question (then answered in his own words), a smiley button at the first smiley question, the skip at the
        // last question that is neither.
        var questions = dialog.Questions;
        var smiley = questions.FirstOrDefault(q => q.Kind == PupilQuestionKind.Smiley && q.Options.Count > 0);
        Assert.True(smiley is not null, $"dialogs/pupil/{AgeBands.Id(band)}.yaml has no smiley question; issue 5 asks for a smiley answer in every band.");
        var notUnderstood = questions.FirstOrDefault(q => q.Options.Count == 0);
        Assert.True(notUnderstood is not null, $"dialogs/pupil/{AgeBands.Id(band)}.yaml has no open question: the teacher would read no words of the pupil.");
        var skip = questions.LastOrDefault(q => q != smiley && q != notUnderstood);
        Assert.True(skip is not null, $"dialogs/pupil/{AgeBands.Id(band)}.yaml has fewer than three questions: no room for a skip besides the smiley and the open question.");

        var teacherPage = await ChatPage.OpenAsync(browser, host.BaseAddress, $"pupil-{AgeBands.Id(band)}-teacher", common.Text("welcome"), common.Text("ask_role"));
        ChatPage? pupilPage = null;
        var said = new List<string>();
        try
        {
            var (code, resumeCode) = await InviteAsync(teacherPage.Chat, catalog, band, schoolType, group, name);
            var t = teacherPage.Chat;

            // The pupil: a fresh page, the code as his first message, no role to choose.
            var company = dialog.Company[(int)band % dialog.Company.Count];
            pupilPage = await ChatPage.OpenAsync(browser, host.BaseAddress, $"pupil-{AgeBands.Id(band)}", common.Text("welcome"), common.Text("ask_role"));
            var p = pupilPage.Chat;
            await StartPupilAsync(p, dialog, code, company);

            var sentences = new Queue<string>(Sentences);
            for (var i = 0; i < questions.Count; i++)
            {
                var question = questions[i];
                var next = i + 1 < questions.Count ? questions[i + 1].Text : dialog.Text("goodbye");
                await AssertShownAsync(p, dialog, question, question.Text, i, simplified: false);
                if (question == skip)
                {
                    await p.ClickAsync(dialog.Buttons["not_saying"], dialog.Text("skipped"), next);
                    continue;
                }
                if (question == notUnderstood)
                {
                    // The same question in simpler words, with the skip still there and "ik snap het niet" gone.
                    await p.ClickAsync(dialog.Buttons["not_understood"], question.Simpler);
                    await AssertShownAsync(p, dialog, question, question.Simpler, i, simplified: true);
                }
                if (question.Options.Count > 0)
                {
                    // A smiley or a choice: the card button, titled with the emoji and the words.
                    var option = question.Options[i % question.Options.Count];
                    await p.ClickAsync(option.Title, next);
                    said.Add(option.Label);
                }
                else
                {
                    var words = sentences.Count > 0 ? sentences.Dequeue() : $"Bij vraag {i + 1} weet ik nog iets: ik speel graag buiten.";
                    await p.SayAsync(words, next);
                    said.Add(words);
                }
            }
            Assert.StartsWith(WebChat.Expectation(dialog.Text("goodbye")), await p.LastReplyAsync(), StringComparison.Ordinal);
            await pupilPage.AssertAllSentAsync();

            // What the plan now holds: every question once, the skip, the simpler wording, the smiley's label.
            var plans = host.Services.GetRequiredService<OppRepository>();
            var documents = new TurnDocuments(host.Services.GetRequiredService<IDocumentStore>());
            var plan = await plans.FindByCodeAsync(documents, resumeCode, cancellationToken);
            Assert.NotNull(plan);
            var record = Assert.Single(plan.PupilVoice!.Conversations);
            Assert.Equal((band, company.Id, PupilConversationEnd.Finished), (record.Band, record.Company, record.End));
            Assert.Equal(questions.Select(q => q.Id), record.Answers.Select(a => a.QuestionId));
            Assert.Equal(PupilAnswerStatus.NotSaying, record.Answers.Single(a => a.QuestionId == skip!.Id).Status);
            var simplified = record.Answers.Single(a => a.QuestionId == notUnderstood!.Id);
            Assert.Equal((true, notUnderstood!.Simpler, PupilAnswerStatus.Answered), (simplified.Simplified, simplified.Asked, simplified.Status));
            Assert.NotNull(record.Answers.Single(a => a.QuestionId == smiley!.Id).ScaleValue);
            Assert.Equal(said, plan.PupilVoice.Contributions.Select(a => a.Words));
            Assert.All(record.Answers, a => Assert.Equal(dialog.WithAdult ? TypedBy.Adult : TypedBy.Pupil, a.TypedBy));

            // The teacher: "mening leerling" shows his words one by one; she weighs each, then reads them all.
            var contributions = plan.PupilVoice.Contributions.ToList();
            var uses = new[] { "used", "partly", "not_used" };
            await t.SayAsync(teacher.Commands["pupil_voice"][0],
                teacher.Text("pupil_voice_intro", ("n", contributions.Count.ToString(CultureInfo.InvariantCulture))), contributions[0].Words);
            for (var i = 0; i < contributions.Count; i++)
            {
                var card = await t.NewestCardAsync();
                Assert.Contains(WebChat.Expectation(contributions[i].Asked), card.Text, StringComparison.Ordinal);
                Assert.Contains('"' + WebChat.Expectation(contributions[i].Words) + '"', card.Text, StringComparison.Ordinal);
                var use = Text("use_" + uses[i % uses.Length]);
                await t.ClickAsync(use, teacher.Text("pupil_voice_ask_why", ("use", use)));
                string[] after = i + 1 < contributions.Count
                    ? [Text("pupil_voice_weighed"), contributions[i + 1].Words]
                    : [Text("pupil_voice_weighed"), Text("pupil_voice_done"), Ask("pupil_reason")];
                await t.SayAsync($"Besproken met {name}: dit nemen we mee bij de aanpak in de klas.", after);
            }
            await t.SayAsync(teacher.Commands["pupil_voice"][0], Text("pupil_voice_list"), Ask("pupil_reason"));
            var list = (await t.TranscriptAsync()).Last(a => !a.User && a.Text.Contains(WebChat.Expectation(Text("pupil_voice_list")), StringComparison.Ordinal));
            foreach (var words in said)
            {
                Assert.Contains('"' + WebChat.Expectation(words) + '"', list.Text, StringComparison.Ordinal);
            }

            // And in her OPP: the draft's part on the pupil's voice quotes him.
            await t.SayAsync(teacher.Commands["draft"][0], catalog.Draft.Label("title"), Ask("pupil_reason"));
            var draft = (await t.TranscriptAsync()).Last(a => !a.User && a.Text.Contains(WebChat.Expectation(catalog.Draft.Label("title")), StringComparison.Ordinal));
            foreach (var words in said)
            {
                Assert.Contains('"' + WebChat.Expectation(words) + '"', draft.Text, StringComparison.Ordinal);
            }
            await teacherPage.AssertAllSentAsync();
        }
        finally
        {
            output?.WriteLine($"{AgeBands.Id(band)}: {stopwatch.Elapsed.TotalSeconds:F1} s, {questions.Count} questions.");
            await teacherPage.ReportAsync(output, "LERAAR");
            if (pupilPage is not null)
            {
                await pupilPage.ReportAsync(output, "LEERLING");
                await pupilPage.DisposeAsync();
            }
            await teacherPage.DisposeAsync();
        }
    }

    /// <summary>
    /// A pupil's words are his, character for character: "Ik vind *rekenen* leuk." keeps its asterisks on the
    /// teacher's weighing card and in her draft, and is not turned into emphasis.
    /// </summary>
    [Fact]
    public async Task The_teacher_reads_the_pupils_words_as_typed_not_as_markdown()
    {
        Chromium.Require();
        var output = TestContext.Current.TestOutputHelper;
        var (host, browser) = await shared.StartAsync();
        var catalog = host.Services.GetRequiredService<DialogCatalog>();
        var teacher = catalog.Teacher;
        const AgeBand band = AgeBand.Groep6To8;
        var dialog = catalog.Pupil.Band(band);
        const string words = "Ik vind *rekenen* leuk, en _tekenen_ ook.";
        var open = dialog.Questions.FirstOrDefault(q => q.Options.Count == 0);
        Assert.True(open is not null, $"dialogs/pupil/{AgeBands.Id(band)}.yaml has no open question.");

        var teacherPage = await ChatPage.OpenAsync(browser, host.BaseAddress, "markdown-teacher", catalog.Common.Text("welcome"), catalog.Common.Text("ask_role"));
        ChatPage? pupilPage = null;
        try
        {
            var (code, _) = await InviteAsync(teacherPage.Chat, catalog, band, "po", "groep 8", "Ravi");
            pupilPage = await ChatPage.OpenAsync(browser, host.BaseAddress, "markdown-pupil", catalog.Common.Text("welcome"), catalog.Common.Text("ask_role"));
            var p = pupilPage.Chat;
            await StartPupilAsync(p, dialog, code, dialog.Company[0]);
            // His words at the first open question; every other question skipped.
            for (var i = 0; i < dialog.Questions.Count; i++)
            {
                var next = i + 1 < dialog.Questions.Count ? dialog.Questions[i + 1].Text : dialog.Text("goodbye");
                if (dialog.Questions[i] == open)
                {
                    await p.SayAsync(words, next);
                }
                else
                {
                    await p.ClickAsync(dialog.Buttons["not_saying"], dialog.Text("skipped"), next);
                }
            }
            var own = (await p.TranscriptAsync()).Single(a => a.User && a.Text.Contains("rekenen", StringComparison.Ordinal));
            Assert.Equal(words, own.Text);

            var t = teacherPage.Chat;
            await t.SayAsync(teacher.Commands["pupil_voice"][0], teacher.Text("pupil_voice_intro", ("n", "1")), "rekenen");
            var card = await t.NewestCardAsync();
            // In the middle of weighing, the draft comes with the weighing card again.
            await t.SayAsync(teacher.Commands["draft"][0], catalog.Draft.Label("title"), "rekenen");
            var draft = (await t.TranscriptAsync()).Last(a => !a.User && a.Text.Contains(WebChat.Expectation(catalog.Draft.Label("title")), StringComparison.Ordinal));
            var shown = new[] { ("the weighing card", card.Text), ("the draft OPP", draft.Text) };
            var changed = shown.Where(s => !s.Item2.Contains('"' + words + '"', StringComparison.Ordinal)).Select(s => s.Item1).ToList();
            Assert.True(changed.Count == 0, $"The pupil typed \"{words}\", but {string.Join(" and ", changed)} showed it as Markdown:\n"
                + string.Join("\n", shown.Select(s => $"  {s.Item1}: ...{Around(s.Item2, "rekenen")}...")));
        }
        finally
        {
            await teacherPage.ReportAsync(output, "LERAAR");
            if (pupilPage is not null)
            {
                await pupilPage.ReportAsync(output, "LEERLING");
                await pupilPage.DisposeAsync();
            }
            await teacherPage.DisposeAsync();
        }
    }

    private static string Around(string text, string word)
    {
        var at = Math.Max(0, text.IndexOf(word, StringComparison.Ordinal));
        return text[Math.Max(0, at - 30)..Math.Min(text.Length, at + 40)];
    }

    /// <summary>
    /// The teacher's part before the pupil: a new OPP just far enough for the band to follow from the school type and
    /// group, then "leerling uitnodigen". Returns the pupil's code and the plan's resume code.
    /// </summary>
    private static async Task<(string Code, string ResumeCode)> InviteAsync(WebChat t, DialogCatalog catalog, AgeBand band, string schoolType, string group, string name)
    {
        var common = catalog.Common;
        var teacher = catalog.Teacher;
        string Ask(string question) => teacher.Question(question).Ask;
        string Text(string key) => teacher.Text(key);
        await t.ClickAsync(common.For(Role.Teacher).Label, common.For(Role.Teacher).Intro, Text("my_opps_empty"));
        await t.ClickAsync(Text("new_opp_button"), Text("new_opp"), teacher.PhaseOf(TeacherPhase.Start).Intro, Ask("pupil_name"));
        await t.SayAsync(name, Ask("pupil_school_type"));
        await t.ClickAsync(teacher.Question("pupil_school_type").Choices.Single(c => c.Value == schoolType).Label, Ask("pupil_group"));
        await t.SayAsync(group, Ask("pupil_reason"));
        // The band follows from the group, so no band card: the code at once, then the question she was at.
        await t.SayAsync(teacher.Commands["invite_pupil"][0], Text("invite_pupil"), Ask("pupil_reason"));
        var transcript = await t.TranscriptAsync();
        var invitation = transcript.Last(a => !a.User && a.Text.Contains(WebChat.Expectation(Text("invite_pupil")), StringComparison.Ordinal)).Text;
        var code = PupilCode().Match(invitation);
        Assert.True(code.Success, $"No pupil code in the invitation: {invitation}");
        Assert.Contains(catalog.Pupil.Band(band).Title, invitation, StringComparison.Ordinal);
        var resumeCode = ResumeCode().Match(transcript.First(a => a.Text.Contains(WebChat.Expectation(Text("new_opp")), StringComparison.Ordinal)).Text);
        Assert.True(resumeCode.Success, "No resume code when the plan was started.");
        return (code.Value, resumeCode.Value);
    }

    /// <summary>The pupil's fresh chat: the code as his first message (no role to choose), then who is with him.</summary>
    private static async Task StartPupilAsync(WebChat p, PupilBandDialog dialog, string code, PupilOption company)
    {
        await p.SayAsync(code, dialog.Text("welcome"), dialog.Text("about_answers"), dialog.Text("ask_company"));
        await p.ClickAsync(company.Title, dialog.Text("start"), dialog.Questions[0].Text);
    }

    /// <summary>The question on the newest card: its words, its progress line, and the buttons that always work.</summary>
    private static async Task AssertShownAsync(WebChat chat, PupilBandDialog dialog, PupilQuestion question, string words, int index, bool simplified)
    {
        var card = await chat.NewestCardAsync();
        var progress = dialog.Text("progress",
            ("number", (index + 1).ToString(CultureInfo.InvariantCulture)),
            ("total", dialog.Questions.Count.ToString(CultureInfo.InvariantCulture)));
        Assert.Contains(WebChat.Expectation(progress), card.Text, StringComparison.Ordinal);
        Assert.Contains(WebChat.Expectation(words), card.Text, StringComparison.Ordinal);
        Assert.Equal(
            [.. question.Options.Select(o => WebChat.Expectation(o.Title)), WebChat.Expectation(dialog.Buttons["not_saying"]), .. simplified ? Array.Empty<string>() : [WebChat.Expectation(dialog.Buttons["not_understood"])]],
            card.Buttons);
    }

    /// <summary>What the pupils type: invented, plain sentences (no Markdown characters; see the Markdown test).</summary>
    private static readonly string[] Sentences =
    [
        "Ik teken graag en ik help Bram met lezen.",
        "Het helpt als het stil is in de klas.",
        "Rekenen met grote getallen vind ik moeilijk.",
        "Ik wil graag vaker buiten werken.",
        "Als de juf het voordoet snap ik het beter.",
        "Met voetbal in de pauze ben ik vrolijk.",
    ];

    [GeneratedRegex(@"\b[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}\b")]
    private static partial Regex PupilCode();

    [GeneratedRegex(@"\b[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}\b")]
    private static partial Regex ResumeCode();
}
