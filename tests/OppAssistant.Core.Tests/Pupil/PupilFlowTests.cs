using System.Text.Json;
using System.Text.RegularExpressions;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Pupil;
using OppAssistant.Core.Teacher;
using OppAssistant.Core.Tests.Teacher;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Tests.Pupil;

/// <summary>A teacher invites the pupil of her plan; the pupil answers in his own conversation; she weighs what he said.</summary>
public sealed partial class PupilFlowTests
{
    private static readonly DialogCatalog Dialogs = TeacherConversation.Dialogs;
    private static readonly PupilDialog Pupil = Dialogs.Pupil;

    private static string TeacherText(string key) => Dialogs.Teacher.Text(key);

    [Theory]
    [InlineData("groep 1", AgeBand.Groep1To2)]
    [InlineData("groep 4", AgeBand.Groep3To5)]
    [InlineData("Groep 8", AgeBand.Groep6To8)]
    public async Task The_code_opens_a_conversation_in_the_band_of_the_plans_group_and_every_answer_lands_in_the_plan(string group, AgeBand band)
    {
        var (teacher, code) = await InvitedAsync("po", group);
        var pupil = PupilChat(teacher);
        var dialog = Pupil.Band(band);

        await pupil.OpenAsync();
        await pupil.SayAsync("leerling");
        Assert.Contains(Pupil.Text("ask_code"), pupil.LastText, StringComparison.Ordinal);
        await pupil.SayAsync(code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));

        Assert.Equal([dialog.Text("welcome"), dialog.Text("about_answers")], pupil.Last.Take(2).Select(r => r.Text));
        Assert.Contains(dialog.Text("ask_company"), pupil.LastText, StringComparison.Ordinal);
        var company = dialog.Company[^1];
        await pupil.SubmitAsync(("action", PupilFlow.AnswerAction), ("question", "company"), ("value", company.Id));
        Assert.Contains(dialog.Text("start"), pupil.LastText, StringComparison.Ordinal);

        var questions = dialog.Questions;
        for (var i = 0; i < questions.Count; i++)
        {
            var question = questions[i];
            Assert.Contains(dialog.Text("progress", ("number", (i + 1).ToString()), ("total", questions.Count.ToString())), pupil.LastText, StringComparison.Ordinal);
            Assert.Contains(question.Text, pupil.LastText, StringComparison.Ordinal);
            if (i == 0)
            {
                // "Ik snap het niet": the same question in simpler words, and the answer then notes that.
                await pupil.SubmitAsync(("action", PupilFlow.CommandAction), ("question", question.Id), ("command", "not_understood"));
                Assert.Contains(question.Simpler, pupil.LastText, StringComparison.Ordinal);
            }
            if (i == 1)
            {
                await pupil.SayAsync(Pupil.Commands["not_saying"][0]);
                Assert.Equal(dialog.Text("skipped"), pupil.Last[0].Text);
                continue;
            }
            if (question.Options.Count > 0)
            {
                await pupil.SubmitAsync(("action", PupilFlow.AnswerAction), ("question", question.Id), ("value", question.Options[0].Id));
            }
            else
            {
                await pupil.SayAsync($"  Antwoord {i + 1} van Sem, met een typfoutje: ik vind rekene moeilijk  ");
            }
        }
        Assert.Contains(dialog.Text("goodbye"), pupil.LastText, StringComparison.Ordinal);
        await pupil.SayAsync("hallo?");
        Assert.Equal(dialog.Text("after_goodbye"), pupil.Last[0].Text);

        var plan = await teacher.PlanAsync();
        var record = Assert.Single(plan.PupilVoice!.Conversations);
        Assert.Equal((band, company.Id, PupilConversationEnd.Finished), (record.Band, record.Company, record.End!.Value));
        Assert.Equal(questions.Select(q => q.Id), record.Answers.Select(a => a.QuestionId));
        Assert.Equal(PupilAnswerStatus.NotSaying, record.Answers[1].Status);
        Assert.Null(record.Answers[1].Text);
        Assert.True(record.Answers[0].Simplified);
        Assert.Equal(questions[0].Simpler, record.Answers[0].Asked);
        Assert.All(record.Answers, a => Assert.Equal(band == AgeBand.Groep1To2 ? TypedBy.Adult : TypedBy.Pupil, a.TypedBy));
        foreach (var (answer, question) in record.Answers.Zip(questions).Skip(2))
        {
            Assert.Equal((question.Part, question.Circle), (answer.Part, answer.Circle));
            if (question.Options.Count > 0)
            {
                Assert.Equal(question.Options[0].Label, answer.Choice);
            }
            else
            {
                // Verbatim, only the spaces around it trimmed.
                Assert.StartsWith("Antwoord ", answer.Text, StringComparison.Ordinal);
                Assert.EndsWith("ik vind rekene moeilijk", answer.Text, StringComparison.Ordinal);
            }
        }
        // The pupil's conversation state keeps positions only, never his words.
        var state = await pupil.StateAsync();
        Assert.DoesNotContain("rekene", JsonSerializer.Serialize(state), StringComparison.Ordinal);
        Assert.Equal(PupilStep.Finished, state.Pupil!.Step);
    }

    [Fact]
    public async Task The_teacher_reads_the_pupils_words_weighs_each_one_and_only_then_finishes_the_plan()
    {
        var (teacher, code) = await InvitedAsync("po", "groep 6", complete: true);
        var pupil = PupilChat(teacher);
        await pupil.OpenAsync();
        await pupil.SayAsync(code);
        await AnswerAllAsync(pupil, AgeBand.Groep6To8, "Ik wil beter leren lezen.");

        // Back in her plan she is told, and "mening leerling" walks her through the contributions.
        teacher.MoveTo("teacher-2");
        await teacher.StartAsync();
        await teacher.SayAsync("1");
        var contributions = (await teacher.PlanAsync()).PupilVoice!.Contributions.ToList();
        Assert.Contains(TeacherText("pupil_voice_new").Replace("{n}", contributions.Count.ToString(), StringComparison.Ordinal), teacher.LastText, StringComparison.Ordinal);
        await teacher.SayAsync("mening leerling");
        Assert.Contains("“" + contributions[0].Words + "”", teacher.LastText, StringComparison.Ordinal);

        // A finish before all is weighed is refused with the guard's words and brings her back to the weighing.
        await teacher.SayAsync("samenvatting");
        Assert.Contains("“" + contributions[0].Words + "”", teacher.LastText, StringComparison.Ordinal);

        // A button of another contribution is stale; a reason is required.
        await teacher.SubmitAsync(("action", PupilVoiceWeighing.WeighAction), ("answer", "elsewhere"), ("use", "used"));
        Assert.Equal(TeacherText("wrong_card"), teacher.Last[0].Text);
        await teacher.SubmitAsync(("action", PupilVoiceWeighing.WeighAction), ("answer", contributions[0].Id), ("use", "partly"));
        Assert.Contains(TeacherText("pupil_voice_ask_why").Replace("{use}", TeacherText("use_partly"), StringComparison.Ordinal), teacher.LastText, StringComparison.Ordinal);
        await teacher.SayAsync("  ");
        Assert.Equal(TeacherText("empty_answer"), teacher.Last[0].Text);
        await teacher.SayAsync("Lezen is als tweede doel toegevoegd.");
        for (var i = 1; i < contributions.Count; i++)
        {
            await teacher.SayAsync(i % 2 == 0 ? "gebruikt" : "niet gebruikt");
            await teacher.SayAsync($"Reden {i}: besproken met het team.");
        }
        Assert.Contains(TeacherText("pupil_voice_done"), teacher.LastText, StringComparison.Ordinal);
        Assert.Contains(TeacherText("summary_intro"), teacher.LastText, StringComparison.Ordinal);
        await teacher.SayAsync("ja");

        var plan = await teacher.PlanAsync();
        Assert.Equal(TeacherStep.Finished, plan.Draft.Frontier!.Step);
        var weighed = plan.PupilVoice!.Contributions.ToList();
        Assert.Equal((WeighingUse.Partly, "Lezen is als tweede doel toegevoegd."), (weighed[0].Weighing!.Use, weighed[0].Weighing!.Why.Text));
        Assert.All(weighed, a => Assert.Equal(Role.Teacher, a.Weighing!.Why.Source.Role));
        // The finished plan shows the draft, with the pupil's own words and the weighing.
        Assert.Contains("“Ik wil beter leren lezen.”", teacher.LastText, StringComparison.Ordinal);
        Assert.Contains("Lezen is als tweede doel toegevoegd.", teacher.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pupils_words_are_shown_to_the_teacher_as_he_typed_them_not_as_Markdown()
    {
        var (teacher, code) = await InvitedAsync("po", "groep 6");
        var pupil = PupilChat(teacher);
        await pupil.OpenAsync();
        await pupil.SayAsync(code);
        await AnswerAllAsync(pupil, AgeBand.Groep6To8, "Ik vind *rekenen* leuk.");

        teacher.MoveTo("teacher-2");
        await teacher.StartAsync();
        await teacher.SayAsync("1");
        await teacher.SayAsync("mening leerling");
        // Smiley answers come first in some bands: weigh them until his typed words are on the card.
        for (var i = 0; i < 10 && !teacher.LastText.Contains("rekenen", StringComparison.Ordinal); i++)
        {
            await teacher.SayAsync("gebruikt");
            await teacher.SayAsync("Besproken met het team.");
        }

        // Stored as typed; shown with the asterisks escaped, so Teams and Web Chat print them instead of bold text.
        Assert.All((await teacher.PlanAsync()).PupilVoice!.Contributions.Where(a => a.Text is not null), a => Assert.Equal("Ik vind *rekenen* leuk.", a.Text));
        Assert.Contains(@"“Ik vind \*rekenen\* leuk.”", teacher.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("“Ik vind *rekenen* leuk.”", teacher.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_typed_as_the_first_message_needs_no_role_choice()
    {
        var (teacher, code) = await InvitedAsync("vo", "leerjaar 2");
        var pupil = PupilChat(teacher);
        await pupil.OpenAsync();

        await pupil.SayAsync(code);

        Assert.Equal(Pupil.Band(AgeBand.Vo).Text("welcome"), pupil.Last[0].Text);
        Assert.Equal((SessionStage.InRole, Role.Pupil), ((await pupil.StateAsync()).Stage, (await pupil.StateAsync()).Role!.Value));
    }

    [Fact]
    public async Task Wrong_used_and_expired_codes_get_the_same_kind_answer_and_five_wrong_codes_close_the_door()
    {
        var (teacher, code) = await InvitedAsync("po", "groep 5");
        var first = PupilChat(teacher, "pupil-1");
        await first.OpenAsync();
        await first.SayAsync("leerling");
        await first.SayAsync(code);
        Assert.Equal(Pupil.Band(AgeBand.Groep3To5).Text("welcome"), first.Last[0].Text);

        // Used: a second conversation with the same code learns nothing about the plan.
        var second = PupilChat(teacher, "pupil-2");
        await second.OpenAsync();
        await second.SayAsync("leerling");
        await second.SayAsync(code);
        Assert.Equal(Pupil.Text("code_wrong"), Assert.Single(second.Last).Text);

        // Expired: a week and a second later.
        await teacher.SayAsync("leerling uitnodigen");
        var late = CodeIn(teacher.LastText);
        teacher.Time.Advance(PupilInvitations.ValidFor);
        await second.SayAsync(late);
        Assert.Equal(Pupil.Text("code_wrong"), Assert.Single(second.Last).Text);

        await teacher.SayAsync("leerling uitnodigen");
        var fresh = CodeIn(teacher.LastText);
        await second.SayAsync("ABCD-EFGH");
        await second.SayAsync("zomaar iets");
        await second.SayAsync("2345-6789");
        Assert.Equal(Pupil.Text("code_too_many"), Assert.Single(second.Last).Text);
        // Now even a good code is not tried in this conversation.
        await second.SayAsync(fresh);
        Assert.Equal(Pupil.Text("code_too_many"), Assert.Single(second.Last).Text);
        Assert.Single((await teacher.PlanAsync()).PupilVoice!.Conversations);
    }

    [Fact]
    public async Task Bad_input_gets_a_kind_reprompt_and_changes_nothing_and_stop_then_verder_carries_on()
    {
        var (teacher, code) = await InvitedAsync("po", "groep 7");
        var pupil = PupilChat(teacher);
        var dialog = Pupil.Band(AgeBand.Groep6To8);
        await pupil.OpenAsync();
        await pupil.SayAsync(code);
        await pupil.SayAsync(dialog.Company[0].Label);
        var open = dialog.Questions.First(q => q.Options.Count == 0);
        while (!pupil.LastText.Contains(open.Text, StringComparison.Ordinal))
        {
            var current = dialog.Questions.First(q => pupil.LastText.Contains(q.Text, StringComparison.Ordinal));
            await pupil.SubmitAsync(("action", PupilFlow.AnswerAction), ("question", current.Id), ("value", current.Options[0].Id));
        }
        var before = (await teacher.PlanAsync()).PupilVoice!.Conversations[0].Answers.Count;

        await pupil.SayAsync("   ");
        Assert.Equal(dialog.Text("reprompt_empty"), pupil.Last[0].Text);
        await pupil.SayAsync(new string('a', open.MaxLength + 1));
        Assert.Equal(dialog.Text("reprompt_too_long", ("max", open.MaxLength.ToString())), pupil.Last[0].Text);
        await pupil.SubmitAsync(("action", PupilFlow.AnswerAction), ("question", "another_question"), ("value", "1"));
        Assert.Equal(dialog.Text("reprompt_choice"), pupil.Last[0].Text);
        Assert.Equal(before, (await teacher.PlanAsync()).PupilVoice!.Conversations[0].Answers.Count);

        await pupil.SayAsync(Pupil.Commands["stop"][0]);
        Assert.Equal(dialog.Text("stopped"), pupil.Last[0].Text);
        Assert.Equal(PupilConversationEnd.Stopped, (await teacher.PlanAsync()).PupilVoice!.Conversations[0].End);
        await pupil.SayAsync("hoi");
        Assert.Equal(dialog.Text("after_stop"), pupil.Last[0].Text);
        await pupil.SayAsync(Pupil.Commands["continue"][0]);
        Assert.Equal(dialog.Text("resumed"), pupil.Last[0].Text);
        Assert.Contains(open.Text, pupil.LastText, StringComparison.Ordinal);
        Assert.Null((await teacher.PlanAsync()).PupilVoice!.Conversations[0].End);
    }

    [Theory]
    [InlineData(SchoolType.Po, "groep 2", AgeBand.Groep1To2)]
    [InlineData(SchoolType.Sbo, "groep 3", AgeBand.Groep3To5)]
    [InlineData(SchoolType.So, "Groep 6/7", AgeBand.Groep6To8)]
    [InlineData(SchoolType.Vo, "leerjaar 3", AgeBand.Vo)]
    [InlineData(SchoolType.Vo, null, AgeBand.Vo)]
    [InlineData(SchoolType.So, "leerjaar 2", null)]
    [InlineData(SchoolType.Po, "de bovenbouw", null)]
    [InlineData(SchoolType.Po, "groep 9", null)]
    [InlineData(null, null, null)]
    public void The_band_follows_from_the_school_type_and_group(SchoolType? type, string? group, AgeBand? band) =>
        Assert.Equal(band, TeacherFlow.BandOf(new PupilProfile { SchoolType = type, GroupOrYear = group }));

    [Fact]
    public async Task Without_a_group_to_go_by_the_teacher_chooses_the_band()
    {
        var teacher = new TeacherConversation();
        await teacher.StartNewPlanAsync();
        await teacher.SayAsync("Sem");

        await teacher.SayAsync("leerling uitnodigen");

        Assert.Contains(TeacherText("invite_pupil_band"), teacher.LastText, StringComparison.Ordinal);
        await teacher.SubmitAsync(("action", "inviteBand"), ("band", "groep-3-5"));
        Assert.Contains(Pupil.Band(AgeBand.Groep3To5).Title, teacher.LastText, StringComparison.Ordinal);
        Assert.Matches(CodePattern(), teacher.LastText);
        Assert.Contains("http://localhost:5180/", teacher.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Words_that_suggest_harm_stop_the_questionnaire_and_store_an_alert_apart_from_the_plan()
    {
        var (teacher, code) = await InvitedAsync("po", "groep 6");
        var pupil = PupilChat(teacher);
        var dialog = Pupil.Band(AgeBand.Groep6To8);
        await pupil.OpenAsync();
        await pupil.SayAsync(code);
        await pupil.SayAsync(dialog.Company[0].Label);
        var open = dialog.Questions.First(q => q.Options.Count == 0);
        while (!pupil.LastText.Contains(open.Text, StringComparison.Ordinal))
        {
            var current = dialog.Questions.First(q => pupil.LastText.Contains(q.Text, StringComparison.Ordinal));
            await pupil.SubmitAsync(("action", PupilFlow.AnswerAction), ("question", current.Id), ("value", current.Options[0].Id));
        }

        await pupil.SayAsync("Het gaat wel. Mijn stiefvader slaat mij als hij boos is. Maar rekenen is leuk.");

        Assert.Contains("0800-0432", pupil.LastText, StringComparison.Ordinal);
        Assert.Contains("112", pupil.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain(dialog.Questions[1].Text, pupil.LastText, StringComparison.Ordinal);
        var plan = await teacher.PlanAsync();
        var record = plan.PupilVoice!.Conversations[0];
        Assert.Equal(PupilConversationEnd.Interrupted, record.End);
        Assert.DoesNotContain("stiefvader", JsonSerializer.Serialize(plan), StringComparison.Ordinal);
        var documents = new TurnDocuments(teacher.Store);
        var id = Assert.Single(await SafeguardingAlerts.ListAsync(documents, TestContext.Current.CancellationToken));
        var alert = (await SafeguardingAlerts.GetAsync(documents, id, TestContext.Current.CancellationToken))!;
        Assert.Equal((plan.Id, "Sem", "groep 6", DisclosureDetection.PhraseList), (alert.OppId, alert.PupilName, alert.GroupOrYear, alert.Detection));
        Assert.Equal("Mijn stiefvader slaat mij als hij boos is.", alert.Sentence);

        // The questionnaire does not go on as if nothing happened.
        await pupil.SayAsync(dialog.Company[0].Label);
        Assert.Contains("0800-0432", pupil.LastText, StringComparison.Ordinal);
        Assert.Equal(PupilStep.SafetyStop, (await pupil.StateAsync()).Pupil!.Step);
    }

    // ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────

    private static async Task<(TeacherConversation Teacher, string Code)> InvitedAsync(string schoolType, string group, bool complete = false)
    {
        var teacher = new TeacherConversation(conversation: "teacher-1");
        await teacher.StartNewPlanAsync();
        await teacher.SayAsync("Sem");
        await teacher.SayAsync(schoolType);
        await teacher.SayAsync(group);
        if (complete)
        {
            await teacher.SayAsync("Sem krijgt extra hulp bij lezen.");
            await teacher.SayAsync("ja");
            foreach (var answer in new[] { "Sem vertelt graag.", "nee", "Sem leest traag.", "nee", "Een vaste plek.", "nee", "Veel geluid in de klas.", "nee", "Zijn opa leest voor.", "nee", "Weinig boeken thuis.", "nee" })
            {
                await teacher.SayAsync(answer);
            }
            await teacher.SayAsync("ja");
            await teacher.SayAsync("Lezen kost hem veel energie.");
            await teacher.SayAsync("nee");
            await teacher.SayAsync("ja");
            string[] outlook =
            [
                "vmbo-t", "regulier", "Sem is gemotiveerd.", "leren", "Sem leest een AVI-E5 tekst.", "Twee AVI-toetsen op niveau.", "Elke maand een leestoets.",
                "15-03-2027", "nee", "instructie", "kort is", "ja", "klaar", "uitleg thuis", "rustig is", "ja", "klaar", "kennis", "over lezen gaat", "ja", "klaar",
                "vaardigheden", "helpen bij voorlezen", "ja", "klaar", "Extra leesinstructie.", "de leerkracht", "leest met Sem", "elke dag", "tien minuten", "nee",
                "1-7-2027", "nee",
            ];
            foreach (var answer in outlook)
            {
                await teacher.SayAsync(answer);
            }
            Assert.Contains(TeacherText("summary_intro"), teacher.LastText, StringComparison.Ordinal);
        }
        await teacher.SayAsync("leerling uitnodigen");
        return (teacher, CodeIn(teacher.LastText));
    }

    private static async Task AnswerAllAsync(TeacherConversation pupil, AgeBand band, string words)
    {
        var dialog = Pupil.Band(band);
        await pupil.SayAsync(dialog.Company[0].Label);
        foreach (var question in dialog.Questions)
        {
            if (question.Options.Count > 0)
            {
                await pupil.SayAsync(question.Options[^1].Label);
            }
            else
            {
                await pupil.SayAsync(words);
            }
        }
        Assert.Contains(dialog.Text("goodbye"), pupil.LastText, StringComparison.Ordinal);
    }

    private static TeacherConversation PupilChat(TeacherConversation teacher, string conversation = "pupil-1") =>
        new(teacher.Store, teacher.Time, channel: "directline", conversation: conversation, user: "directline:" + conversation);

    private static string CodeIn(string text) => CodePattern().Match(text).Groups[1].Value;

    [GeneratedRegex(@"\*\*([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})\*\*")]
    private static partial Regex CodePattern();
}
