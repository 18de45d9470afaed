using System.Text.Json;
using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Teacher;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Tests.Teacher;

/// <summary>The teacher's guided OPP through the real turn pipeline: every answer as a teacher would give it.</summary>
public sealed class TeacherFlowTests
{
    private static TeacherDialog Teacher => TeacherConversation.Teacher;

    private static string Text(string key) => Teacher.Text(key);

    private static string Ask(string question) => Teacher.Question(question).Ask;

    /// <summary>"nog een?" without what it adds.</summary>
    private static string AskMore => Text("ask_more").Split('{')[0];

    [Fact]
    public async Task A_teacher_completes_a_plan_from_start_to_summary()
    {
        var chat = new TeacherConversation();
        await chat.StartNewPlanAsync();
        Assert.Contains(Ask("pupil_name"), chat.LastText, StringComparison.Ordinal);
        Assert.Contains("Stap 1 van 27 · Start", chat.LastText, StringComparison.Ordinal);

        await AnswerStartAsync(chat, "basisschool");
        Assert.Contains(Text("confirm_phase"), chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("ja");
        Assert.Contains(Teacher.PhaseOf(TeacherPhase.Overview).Intro, chat.LastText, StringComparison.Ordinal);
        await AnswerOverviewAsync(chat);
        await chat.SayAsync("ja");
        Assert.Contains(Teacher.PhaseOf(TeacherPhase.Insight).Intro, chat.LastText, StringComparison.Ordinal);
        await AnswerInsightAsync(chat);
        await chat.SayAsync("ja");
        await AnswerOutlookAsync(chat);

        // The last phase goes straight into the summary of the whole plan.
        Assert.Contains(Text("summary_intro"), chat.LastText, StringComparison.Ordinal);
        Assert.Contains("Noor rekent sommen tot 100 vlot.", chat.LastText, StringComparison.Ordinal);
        await FinishAsync(chat, () => chat.SayAsync("klopt"));

        var plan = await chat.PlanAsync();
        Assert.Contains(Text("done").Split('{')[0], chat.LastText, StringComparison.Ordinal);
        // The finished plan is shown as a draft OPP: every sentence marked with where it came from, and its length;
        // then the next step is offered: the review by the coordinator.
        Assert.Equal(TeacherConversation.Dialogs.Review.Text("offer_submit"), chat.Last[^1].Text);
        var draft = chat.Last[^2].Text!;
        Assert.Contains("Noor tekent graag en goed. [P]", draft, StringComparison.Ordinal);
        Assert.Contains("heeft Noor nodig: instructie die kort is en in kleine stappen gaat. [S]", draft, StringComparison.Ordinal);
        Assert.Contains("Geschatte lengte: ongeveer", draft, StringComparison.Ordinal);
        Assert.Contains(OppRepository.FormatCode(plan.ResumeCode), chat.LastText, StringComparison.Ordinal);
        Assert.Equal(("Noor", SchoolType.Po, "groep 6"), (plan.Pupil.Name, plan.Pupil.SchoolType, plan.Pupil.GroupOrYear));
        Assert.Equal("Noor krijgt extra begeleiding bij rekenen.", plan.Pupil.Reason);
        Assert.Equal(
            [(Circle.Pupil, Influence.Supporting), (Circle.Pupil, Influence.Supporting), (Circle.Pupil, Influence.Hindering), (Circle.School, Influence.Supporting),
             (Circle.School, Influence.Hindering), (Circle.Home, Influence.Supporting), (Circle.Home, Influence.Hindering)],
            plan.Factors.Select(f => (f.Circle, f.Influence)));
        Assert.All(plan.Factors, f => Assert.Equal(new DateOnly(2026, 11, 23), f.ObservedOn));
        Assert.Equal("Lange instructies en weinig slaap maken concentreren moeilijk.", plan.Insight.Analysis!.Text);
        Assert.Equal(["vmbo_gl_tl", "havo"], plan.Perspective.Levels);
        Assert.Equal(FollowOnEducation.Regular, plan.Perspective.FollowOn);
        Assert.Equal("Noor is gemotiveerd en krijgt steun thuis.", plan.Perspective.Rationale!.Text);
        var goal = Assert.Single(plan.Goals);
        Assert.True(goal.IsComplete);
        Assert.Equal((GoalDomain.Learning, new DateOnly(2027, 3, 15)), (goal.Domain!.Value, goal.EvaluateOn!.Value));
        Assert.Equal("Extra rekeninstructie vier keer per week.", plan.ActionPart.SupportAndApproach!.Text);
        var agreement = Assert.Single(plan.ActionPart.Agreements);
        Assert.Equal(["de leerkracht", "geeft verlengde instructie", "elke ochtend", "aan de instructietafel"],
            new[] { agreement.Who, agreement.What, agreement.When, agreement.How }.Select(e => e!.Text));
        Assert.Equal([new DateOnly(2027, 7, 1)], plan.EvaluationMoments);
        Assert.Equal([NeedKind.Educational, NeedKind.Parenting, NeedKind.TeacherSupport, NeedKind.ParentSupport], plan.ActionPart.Needs.Select(n => n.Kind));
        Assert.All(plan.ActionPart.Needs, n => Assert.Equal((goal.Id, TextOrigin.Template, TextOrigin.Person), (n.GoalId, n.Source.Origin, n.Completion!.Source.Origin)));
        Assert.Equal("Om het doel “Noor rekent sommen tot 100 vlot” te behalen, heeft Noor nodig: instructie die kort is en in kleine stappen gaat.", plan.ActionPart.Needs[0].Text);
        Assert.Equal("Als ouder wil ik bereiken dat Noor dit doel haalt: “Noor rekent sommen tot 100 vlot”. Verder heb ik nodig: vaardigheden die helpen om thuis op dezelfde manier te oefenen.", plan.ActionPart.Needs[3].Text);
        Assert.Equal((OppAssistant.Core.Conversation.Role.Teacher, "goal_description", TextOrigin.Person), (goal.Description!.Source.Role, goal.Description.Source.QuestionId, goal.Description.Source.Origin));
        Assert.Equal(TeacherStep.Finished, plan.Draft.Frontier!.Step);
        Assert.Equal(TeacherStep.Finished, (await chat.StateAsync()).Teacher!.Step);
    }

    [Fact]
    public async Task Choices_dates_and_double_levels_come_from_cards_as_well()
    {
        var chat = new TeacherConversation();
        await chat.StartNewPlanAsync();
        await chat.SayAsync("Daan");
        var schoolCard = Assert.Single(chat.Last, r => r.AdaptiveCard is not null).AdaptiveCard!.Value;
        Assert.Equal("1.5", schoolCard.GetProperty("version").GetString());
        Assert.Equal(4, schoolCard.GetProperty("actions").GetArrayLength());
        await chat.AnswerCardAsync("pupil_school_type", "vo");
        await chat.SayAsync("leerjaar 2 vmbo");
        await chat.SayAsync("Daan heeft een eigen leerlijn voor Engels.");
        await chat.SubmitAsync(("action", "confirm"), ("step", "Start"), ("value", "yes"));
        await AnswerOverviewAsync(chat);
        await chat.SayAsync("ja");
        await AnswerInsightAsync(chat);
        await chat.SayAsync("ja");

        // VO has no regular/special question: one step fewer.
        Assert.Contains("van 26 · Uitzicht", chat.LastText, StringComparison.Ordinal);
        await chat.AnswerCardAsync("perspective_levels", "mbo_3,mbo_4");
        Assert.Contains(Ask("perspective_rationale"), chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("Daan werkt graag met zijn handen en is gemotiveerd.");
        Assert.Equal(2, chat.Last.Count(r => r.AdaptiveCard is not null));
        await chat.SubmitAsync(
            ("action", "answerGroup"), ("question", "goal_domain"), ("goal_domain", "social_emotional"), ("goal_description", "Daan vraagt zelf om hulp."),
            ("goal_success_criterion", "In drie van de vier lessen vraagt hij hulp."), ("goal_monitoring", "Wekelijks gesprekje met de mentor."),
            ("goal_evaluate_on", "2027-02-01"));
        Assert.Contains(AskMore, chat.LastText, StringComparison.Ordinal);
        await chat.SubmitAsync(("action", "more"), ("question", "goal_evaluate_on"), ("value", "no"));
        Assert.Contains(Ask("needs").Split('\n')[0], chat.LastText, StringComparison.Ordinal);
        await chat.SubmitAsync(("action", "needCategory"), ("category", "feedback"));
        Assert.Contains("Om het doel “Daan vraagt zelf om hulp” te behalen, heeft Daan nodig: feedback die …", chat.LastText, StringComparison.Ordinal);
        await chat.SubmitAsync(("action", "needSuggestion"), ("index", "0"));
        await chat.SubmitAsync(("action", "needReview"), ("value", "accept"));
        Assert.Equal(Text("need_accepted"), chat.Last[0].Text);
        for (var kind = 0; kind < 4; kind++)
        {
            await chat.SubmitAsync(("action", "needNext"));
        }
        await chat.SayAsync("Een vaste mentor en korte weektaken.");
        await chat.SayAsync("de mentor");
        await chat.SayAsync("bespreekt de weektaak");
        await chat.SayAsync("elke maandag");
        await chat.SayAsync("tien minuten in het mentoruur");
        await chat.SayAsync("nee");
        await chat.AnswerCardAsync("evaluation_moments", "2027-06-15");
        await chat.SubmitAsync(("action", "more"), ("question", "evaluation_moments"), ("value", "no"));
        await FinishAsync(chat, () => chat.SubmitAsync(("action", "confirm"), ("step", "Summary"), ("value", "yes")));

        var plan = await chat.PlanAsync();
        Assert.Equal(SchoolType.Vo, plan.Pupil.SchoolType);
        Assert.Null(plan.Perspective.FollowOn);
        Assert.Equal(["mbo_3", "mbo_4"], plan.Perspective.Levels);
        Assert.Equal(GoalDomain.SocialEmotional, plan.Goals[0].Domain);
        Assert.Equal(new DateOnly(2027, 2, 1), plan.Goals[0].EvaluateOn);
        Assert.Equal(TeacherStep.Finished, plan.Draft.Frontier!.Step);
    }

    [Fact]
    public async Task A_group_form_keeps_its_valid_fields_and_asks_for_the_rest()
    {
        var chat = new TeacherConversation();
        await ToOutlookAsync(chat, "po");
        foreach (var answer in new[] { "vmbo-t/havo", "regulier", "Gemotiveerd." })
        {
            await chat.SayAsync(answer);
        }

        await chat.SubmitAsync(("action", "answerGroup"), ("question", "goal_domain"), ("goal_domain", ""), ("goal_description", "  "));
        Assert.Equal(Text("empty_answer"), chat.Last[0].Text);
        Assert.Empty((await chat.PlanAsync()).Goals);

        await chat.SubmitAsync(
            ("action", "answerGroup"), ("question", "goal_domain"), ("goal_domain", "wellbeing"), ("goal_description", "Noor voelt zich veilig in de klas."),
            ("goal_monitoring", "Gesprekje op vrijdag."), ("goal_evaluate_on", "de dertigste"));

        Assert.Equal($"**{Teacher.Question("goal_evaluate_on").Label}:** {Text("invalid_date")}", chat.Last[0].Text);
        Assert.Contains(Ask("goal_success_criterion"), chat.LastText, StringComparison.Ordinal);
        var goal = Assert.Single((await chat.PlanAsync()).Goals);
        Assert.Equal((GoalDomain.Wellbeing, "Gesprekje op vrijdag.", (DateOnly?)null), (goal.Domain!.Value, goal.Monitoring!.Text, goal.EvaluateOn));
        await chat.SayAsync("Noor zegt zelf dat ze zich veilig voelt.");
        Assert.Contains(Ask("goal_evaluate_on"), chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_answers_get_their_own_re_prompt_and_change_nothing()
    {
        var chat = new TeacherConversation();
        await chat.StartNewPlanAsync();
        await chat.SayAsync("Noor");
        var before = JsonSerializer.Serialize(await chat.PlanAsync());

        await chat.SayAsync("een school op de maan");
        Assert.Equal(Text("invalid_choice"), chat.Last[0].Text);
        Assert.Contains(Ask("pupil_school_type"), chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("   ");
        Assert.Equal(Text("empty_answer"), chat.Last[0].Text);
        await chat.AnswerCardAsync("goal_domain", "learning");
        Assert.Equal(Text("wrong_card"), chat.Last[0].Text);
        await chat.SubmitAsync(("action", "more"), ("question", "pupil_school_type"), ("value", "yes"));
        Assert.Equal(Text("wrong_card"), chat.Last[0].Text);

        Assert.Equal(before, JsonSerializer.Serialize(await chat.PlanAsync()));
        await chat.SayAsync("sbo");
        await chat.SayAsync("groep 7");
        await chat.SayAsync(new string('x', 20_000));
        Assert.Equal(Teacher.Text("too_long", ("max", "500")), chat.Last[0].Text);
        Assert.Contains(Ask("pupil_reason"), chat.LastText, StringComparison.Ordinal);
        Assert.Equal("groep 7", (await chat.PlanAsync()).Pupil.GroupOrYear);
        Assert.Null((await chat.PlanAsync()).Pupil.Reason);
    }

    [Fact]
    public async Task Back_changes_the_previous_answer_and_returns_to_where_the_teacher_was()
    {
        var chat = new TeacherConversation();
        await chat.StartNewPlanAsync();
        await AnswerStartAsync(chat, "po");
        await chat.SayAsync("ja");
        await chat.SayAsync("Noor tekent graag.");

        await chat.SayAsync("terug");
        Assert.Contains(Teacher.Text("edit_current", ("current", "Noor tekent graag.")), chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("terug");
        Assert.Contains(Teacher.Text("edit_current", ("current", "Noor krijgt extra begeleiding bij rekenen.")), chat.LastText, StringComparison.Ordinal);
        Assert.Equal(TeacherStep.Start, (await chat.StateAsync()).Teacher!.Step);
        await chat.SayAsync("Noor heeft een eigen leerlijn rekenen.");

        Assert.Contains(Text("edited"), chat.LastText, StringComparison.Ordinal);
        Assert.Contains(AskMore, chat.LastText, StringComparison.Ordinal);
        var plan = await chat.PlanAsync();
        Assert.Equal("Noor heeft een eigen leerlijn rekenen.", plan.Pupil.Reason);
        Assert.Equal(TeacherStep.Overview, (await chat.StateAsync()).Teacher!.Step);
        Assert.Single(plan.Factors);
    }

    [Fact]
    public async Task Back_at_the_first_question_says_so()
    {
        var chat = new TeacherConversation();
        await chat.StartNewPlanAsync();

        await chat.SayAsync("terug");

        Assert.Equal(Text("back_at_start"), chat.Last[0].Text);
        Assert.Contains(Ask("pupil_name"), chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_is_edited_by_its_number_in_the_summary()
    {
        var chat = new TeacherConversation();
        await chat.StartNewPlanAsync();
        await AnswerStartAsync(chat, "po");
        Assert.Contains("- **3.** Groep of leerjaar: groep 6", chat.LastText, StringComparison.Ordinal);

        await chat.SubmitAsync(("action", "confirm"), ("step", "Start"), ("value", "edit"));
        Assert.Contains(Text("edit_which"), chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("99");
        Assert.Equal(Text("edit_unknown"), chat.Last[0].Text);
        await chat.SayAsync("3");
        Assert.Contains(Ask("pupil_group"), chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("groep 7");

        Assert.Contains("- **3.** Groep of leerjaar: groep 7", chat.LastText, StringComparison.Ordinal);
        Assert.Contains(Text("confirm_phase"), chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("ja");
        Assert.Contains(Ask("factor_pupil_supporting"), chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_optional_questions_can_be_skipped()
    {
        var chat = new TeacherConversation();
        await chat.StartNewPlanAsync();

        await chat.SayAsync("sla over");
        Assert.Equal(Text("cannot_skip"), chat.Last[0].Text);
        Assert.Contains(Ask("pupil_name"), chat.LastText, StringComparison.Ordinal);

        await AnswerStartAsync(chat, "po");
        await chat.SayAsync("ja");
        await chat.SayAsync("Noor tekent graag.");
        await chat.SayAsync("nee");
        await chat.SayAsync("Lange instructies.");
        await chat.SayAsync("nee");
        await chat.SayAsync("Rustige plek.");
        await chat.SayAsync("nee");
        Assert.Contains(Ask("factor_school_hindering"), chat.LastText, StringComparison.Ordinal);
        Assert.Contains(chat.Last, r => r.SuggestedActions.Any(a => a.Title == Text("skip_button")));
        await chat.SayAsync("sla over");

        Assert.Equal(Text("skipped"), chat.Last[0].Text);
        Assert.Contains(Ask("factor_home_supporting"), chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overzicht_cannot_be_left_without_a_hindering_factor_at_school_or_home()
    {
        var chat = new TeacherConversation();
        await chat.StartNewPlanAsync();
        await AnswerStartAsync(chat, "po");
        await chat.SayAsync("ja");
        foreach (var answer in new[] { "Noor tekent graag.", "nee", "Lange sommen.", "nee", "Rustige plek.", "nee", "sla over", "Zus leest voor.", "nee", "sla over" })
        {
            await chat.SayAsync(answer);
        }
        Assert.Contains(Text("confirm_phase"), chat.LastText, StringComparison.Ordinal);

        await chat.SayAsync("ja");

        Assert.Equal(Text("guard_overview_hindering"), chat.Last[0].Text);
        Assert.Contains(Ask("factor_school_hindering"), chat.LastText, StringComparison.Ordinal);
        Assert.Equal(TeacherStep.Overview, (await chat.StateAsync()).Teacher!.Step);
        await chat.SayAsync("De groep is onrustig na de pauze.");
        Assert.Contains(Text("confirm_phase"), chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("ja");
        Assert.Contains(Teacher.PhaseOf(TeacherPhase.Insight).Intro, chat.LastText, StringComparison.Ordinal);
        Assert.Contains((await chat.PlanAsync()).Factors, f => f is { Circle: Circle.School, Influence: Influence.Hindering });
    }

    [Fact]
    public async Task A_goal_without_success_criterion_or_date_keeps_the_plan_out_of_the_summary()
    {
        var chat = new TeacherConversation();
        await ToOutlookAsync(chat, "po");
        foreach (var answer in new[] { "vmbo-t/havo", "regulier", "Gemotiveerd.", "leren", "Noor rekent vlot tot 100.", "sla over", "Toets elke twee weken.", "sla over" })
        {
            await chat.SayAsync(answer);
        }
        Assert.Contains(AskMore, chat.LastText, StringComparison.Ordinal);
        foreach (var answer in new[] { "nee", "klaar", "klaar", "klaar", "klaar", "Extra instructie.", "de leerkracht", "oefent", "dagelijks", "kort", "nee", "1-7-2027" })
        {
            await chat.SayAsync(answer);
        }

        await chat.SayAsync("nee");

        Assert.Equal(Text("guard_goal_criterion"), chat.Last[0].Text);
        Assert.Contains(Ask("goal_success_criterion"), chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("8 van de 10 goed.");
        Assert.Equal(Text("guard_goal_criterion"), chat.Last[0].Text);
        Assert.Contains(Ask("goal_evaluate_on"), chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("volgende week");
        Assert.Equal(Text("invalid_date"), chat.Last[0].Text);
        await chat.SayAsync("15 maart 2027");
        Assert.Contains(Text("summary_intro"), chat.LastText, StringComparison.Ordinal);
        Assert.True((await chat.PlanAsync()).Goals[0].IsComplete);
    }

    [Fact]
    public async Task Changing_the_school_type_in_the_summary_asks_for_what_it_now_needs()
    {
        var chat = new TeacherConversation();
        await ToOutlookAsync(chat, "vo");
        await AnswerOutlookAsync(chat, followOn: false);
        Assert.Contains(Text("summary_intro"), chat.LastText, StringComparison.Ordinal);

        await chat.SayAsync("aanpassen");
        await chat.SayAsync("2");
        await chat.SayAsync("basisschool");
        Assert.Contains(Text("summary_intro"), chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("ja");

        Assert.Equal(Text("guard_perspective"), chat.Last[0].Text);
        Assert.Contains(Ask("perspective_follow_on"), chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("speciaal");
        Assert.Contains(Text("summary_intro"), chat.LastText, StringComparison.Ordinal);
        await FinishAsync(chat);
        var plan = await chat.PlanAsync();
        Assert.Equal((SchoolType.Po, FollowOnEducation.Special, TeacherStep.Finished), (plan.Pupil.SchoolType!.Value, plan.Perspective.FollowOn!.Value, plan.Draft.Frontier!.Step));
    }

    [Fact]
    public async Task A_paused_plan_resumes_in_a_new_conversation_from_the_teachers_list()
    {
        var chat = new TeacherConversation();
        await chat.StartNewPlanAsync();
        await chat.SayAsync("Noor");
        await chat.SayAsync("pauze");
        var plan = await chat.PlanAsync();
        Assert.Equal(Teacher.Text("paused", ("code", OppRepository.FormatCode(plan.ResumeCode))), Assert.Single(chat.Last).Text);
        Assert.Equal(TeacherStep.Paused, (await chat.StateAsync()).Teacher!.Step);

        chat.Time.Advance(TimeSpan.FromDays(3));
        chat.MoveTo("conversation-2");
        await chat.StartAsync();
        var open = Assert.Single(chat.LastCardActions, a => a.GetProperty("action").GetString() == "openOpp");
        Assert.Contains("1. Noor · bijgewerkt op 23 november 2026", chat.LastText, StringComparison.Ordinal);
        await chat.SubmitAsync(("action", "openOpp"), ("opp", open.GetProperty("opp").GetString()!));

        Assert.Equal(Text("resumed"), chat.Last[0].Text);
        Assert.Contains(Ask("pupil_school_type"), chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("so");
        Assert.Equal(plan.Id, (await chat.PlanAsync()).Id);
        Assert.Equal(SchoolType.So, (await chat.PlanAsync()).Pupil.SchoolType);
    }

    [Fact]
    public async Task A_resume_code_opens_the_plan_for_another_user_and_lists_it_for_them()
    {
        var store = new Fakes.InMemoryDocumentStore();
        var first = new TeacherConversation(store);
        await first.StartNewPlanAsync();
        await first.SayAsync("Noor");
        var code = OppRepository.FormatCode((await first.PlanAsync()).ResumeCode);

        var other = new TeacherConversation(store, first.Time, "directline", "web-1", "directline:u_visitor");
        await other.StartAsync();
        Assert.Contains(Text("my_opps_empty"), other.LastText, StringComparison.Ordinal);
        Assert.Equal(["newOpp"], other.LastCardActions.Select(a => a.GetProperty("action").GetString()));
        await other.SayAsync("ABCDE-FGHJK");
        Assert.Equal(Text("code_unknown"), other.Last[0].Text);
        await other.SayAsync(code.ToLowerInvariant());

        Assert.Equal(Text("resumed"), other.Last[0].Text);
        Assert.Contains(Ask("pupil_school_type"), other.LastText, StringComparison.Ordinal);
        await other.SayAsync("mijn OPP's");
        Assert.Contains("1. Noor", other.LastText, StringComparison.Ordinal);
        Assert.Single(other.LastCardActions, a => a.GetProperty("action").GetString() == "openOpp");
    }

    [Fact]
    public async Task A_plan_not_on_the_teachers_list_does_not_open_from_a_forged_card()
    {
        var store = new Fakes.InMemoryDocumentStore();
        var owner = new TeacherConversation(store);
        await owner.StartNewPlanAsync();
        await owner.SayAsync("Noor");
        var id = (await owner.PlanAsync()).Id;

        var other = new TeacherConversation(store, owner.Time, "msteams", "other", "aad:teacher-2");
        await other.StartAsync();
        await other.SayAsync("mijn OPP's");
        await other.SubmitAsync(("action", "openOpp"), ("opp", id));

        Assert.Equal(Text("my_opps_unknown"), other.Last[0].Text);
        Assert.DoesNotContain("Noor", other.LastText, StringComparison.Ordinal);
        Assert.NotEqual(id, (await other.StateAsync()).Teacher!.OppId);
    }

    [Fact]
    public async Task A_second_plan_is_started_and_both_are_listed()
    {
        var chat = new TeacherConversation();
        await chat.StartNewPlanAsync();
        await chat.SayAsync("Noor");
        await chat.SayAsync("nieuw OPP");
        Assert.Contains(Ask("pupil_name"), chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("Daan");

        await chat.SayAsync("mijn OPP's");

        Assert.Equal(2, chat.LastCardActions.Count(a => a.GetProperty("action").GetString() == "openOpp"));
        Assert.Contains("1. Daan", chat.LastText, StringComparison.Ordinal);
        Assert.Contains("2. Noor", chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("2");
        Assert.Equal("Noor", (await chat.PlanAsync()).Pupil.Name);
    }

    [Fact]
    public async Task Pause_then_any_message_resumes_at_the_same_question()
    {
        var chat = new TeacherConversation();
        await chat.StartNewPlanAsync();
        await chat.SayAsync("Noor");
        await chat.SayAsync("pauze");

        await chat.SayAsync("verder");

        Assert.Equal(Text("resumed"), chat.Last[0].Text);
        Assert.Contains(Ask("pupil_school_type"), chat.LastText, StringComparison.Ordinal);
        Assert.Equal(TeacherStep.Start, (await chat.StateAsync()).Teacher!.Step);
    }

    [Fact]
    public async Task Switching_roles_and_back_continues_the_open_plan()
    {
        var chat = new TeacherConversation();
        await chat.StartNewPlanAsync();
        await AnswerStartAsync(chat, "po");
        await chat.SayAsync("ja");

        await chat.SayAsync("andere rol");
        await chat.SayAsync("leraar");

        Assert.Contains(Text("resumed"), chat.LastText, StringComparison.Ordinal);
        Assert.Contains(Ask("factor_pupil_supporting"), chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("Noor tekent graag.");
        Assert.Single((await chat.PlanAsync()).Factors);
    }

    [Fact]
    public async Task A_finished_plan_opened_again_says_what_can_be_done_with_it()
    {
        var chat = new TeacherConversation();
        await ToOutlookAsync(chat, "po");
        await AnswerOutlookAsync(chat);
        await FinishAsync(chat);
        chat.MoveTo("conversation-2");
        await chat.StartAsync();

        await chat.SayAsync("1");

        Assert.Equal([Text("resumed"), Text("finished")], chat.Last.Select(r => r.Text));
        await chat.SayAsync("aanpassen");
        await chat.SayAsync("1");
        await chat.SayAsync("Noortje");
        Assert.Contains(Text("summary_intro"), chat.LastText, StringComparison.Ordinal);
        Assert.Equal(("Noortje", TeacherStep.Summary), ((await chat.PlanAsync()).Pupil.Name!, (await chat.PlanAsync()).Draft.Frontier!.Step));
    }

    [Fact]
    public async Task An_answer_to_a_plan_that_moved_on_in_another_conversation_is_not_stored()
    {
        var chat = new TeacherConversation();
        await chat.StartNewPlanAsync();
        await chat.SayAsync("Noor");
        await chat.SayAsync("po");
        chat.MoveTo("conversation-2");
        await chat.StartAsync();
        await chat.SayAsync("1");
        await chat.SayAsync("groep 5");

        chat.MoveTo("conversation-1");
        await chat.SayAsync("groep 6");

        Assert.Equal(Text("plan_moved"), chat.Last[0].Text);
        Assert.Contains(Ask("pupil_reason"), chat.LastText, StringComparison.Ordinal);
        var plan = await chat.PlanAsync();
        Assert.Equal(("groep 5", (string?)null), (plan.Pupil.GroupOrYear, plan.Pupil.Reason));
        await chat.SayAsync("Noor krijgt extra hulp bij lezen.");
        Assert.Equal("Noor krijgt extra hulp bij lezen.", (await chat.PlanAsync()).Pupil.Reason);
    }

    [Fact]
    public async Task No_to_an_optional_question_skips_it_instead_of_storing_no()
    {
        var chat = new TeacherConversation();
        await ToOutlookAsync(chat, "po");

        var plan = await chat.PlanAsync();
        Assert.Empty(plan.Insight.OpenQuestions);
        await chat.SayAsync("terug");
        Assert.Contains(Ask("insight_analysis"), chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_button_pressed_while_choosing_what_to_edit_is_handled_as_usual()
    {
        var chat = new TeacherConversation();
        await chat.StartNewPlanAsync();
        await AnswerStartAsync(chat, "po");
        await chat.SayAsync("aanpassen");

        await chat.SubmitAsync(("action", "confirm"), ("step", "Start"), ("value", "yes"));

        Assert.Contains(Ask("factor_pupil_supporting"), chat.LastText, StringComparison.Ordinal);
        Assert.False((await chat.StateAsync()).Teacher!.PickingEdit);
    }

    [Fact]
    public async Task A_resume_code_typed_at_a_question_opens_its_plan()
    {
        var chat = new TeacherConversation();
        await chat.StartNewPlanAsync();
        await chat.SayAsync("Noor");
        var code = OppRepository.FormatCode((await chat.PlanAsync()).ResumeCode);
        await chat.SayAsync("nieuw OPP");

        await chat.SayAsync(code);

        Assert.Equal(Text("resumed"), chat.Last[0].Text);
        Assert.Equal("Noor", (await chat.PlanAsync()).Pupil.Name);
        await chat.SayAsync("nieuw OPP");
        await chat.SayAsync("22222-22222");
        Assert.Equal(Text("code_unknown"), chat.Last[0].Text);
        Assert.Null((await chat.PlanAsync()).Pupil.Name);
    }

    [Fact]
    public async Task A_label_in_a_factor_gets_a_hint_and_the_answer_is_kept()
    {
        var chat = new TeacherConversation();
        await chat.StartNewPlanAsync();
        await AnswerStartAsync(chat, "po");
        await chat.SayAsync("ja");

        await chat.SayAsync("Noor heeft ADHD.");

        Assert.Contains("Je noemt **ADHD**", chat.Last[0].Text, StringComparison.Ordinal);
        Assert.Contains(AskMore, chat.LastText, StringComparison.Ordinal);
        Assert.Equal("Noor heeft ADHD.", Assert.Single((await chat.PlanAsync()).Factors).Text);
        await chat.SayAsync("ja");
        await chat.SayAsync("Noor helpt klasgenoten graag.");
        Assert.DoesNotContain("Je noemt", chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_draft_can_be_shown_at_any_time_with_what_is_still_missing()
    {
        var chat = new TeacherConversation();
        await chat.StartNewPlanAsync();
        await AnswerStartAsync(chat, "po");

        await chat.SayAsync("concept");

        var draft = chat.Last[0].Text!;
        Assert.Contains("Noor krijgt extra begeleiding bij rekenen. [P]", draft, StringComparison.Ordinal);
        Assert.Contains(TeacherConversation.Dialogs.Draft.Missing.Intro.Split('{')[0], draft, StringComparison.Ordinal);
        Assert.Contains(Text("confirm_phase"), chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sentence_copied_from_her_other_plan_is_pointed_out_in_the_draft()
    {
        const string copied = "Na de pauze blijft het in de groep nog lang erg onrustig.";
        var chat = new TeacherConversation();
        await chat.StartNewPlanAsync();
        await AnswerStartAsync(chat, "po");
        await chat.SayAsync("ja");
        await chat.SayAsync(copied);
        await chat.SayAsync("concept");
        var hint = TeacherConversation.Dialogs.LanguageChecks.CheckText(copied, OppAssistant.Core.Drafting.TextKind.Factor, TeacherConversation.Dialogs.LanguageChecks.Prepare([copied]));
        var repeated = Assert.Single(hint).Hint;
        Assert.DoesNotContain(repeated, chat.Last[0].Text!, StringComparison.Ordinal);

        await chat.SayAsync("nieuw OPP");
        await AnswerStartAsync(chat, "po");
        await chat.SayAsync("ja");
        await chat.SayAsync("Daan tekent graag.");
        await chat.SayAsync("nee");
        await chat.SayAsync(copied);
        await chat.SayAsync("concept");

        Assert.Contains(repeated, chat.Last[0].Text!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Support_copied_from_the_schools_basisondersteuning_gets_a_hint()
    {
        const string offer = "In alle groepen werken we met het directe instructiemodel en bieden we verlengde instructie aan de instructietafel.";
        var chat = new TeacherConversation(standardOffer: new StandardOffer(["Over ons.", offer]));
        await ToOutlookAsync(chat, "po");
        string[] toSupport =
        [
            "havo", "regulier", "Gemotiveerd.", "leren", "Noor rekent vlot tot 100.", "8 van de 10 goed.", "Toets elke twee weken.", "15-03-2027", "nee",
            "klaar", "klaar", "klaar", "klaar",
        ];
        foreach (var answer in toSupport)
        {
            await chat.SayAsync(answer);
        }

        await chat.SayAsync(offer);

        Assert.StartsWith("Deze tekst lijkt bijna woord voor woord op een tekst uit een ander OPP of uit de basisondersteuning", chat.Last[0].Text, StringComparison.Ordinal);
        Assert.Equal(offer, (await chat.PlanAsync()).ActionPart.SupportAndApproach!.Text);
    }

    [Fact]
    public async Task Help_explains_the_question_and_asks_it_again()
    {
        var chat = new TeacherConversation();
        await chat.StartNewPlanAsync();

        await chat.SayAsync("help");

        Assert.StartsWith(Teacher.Question("pupil_name").Help, chat.Last[0].Text, StringComparison.Ordinal);
        Assert.Contains(Ask("pupil_name"), chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_turn_rerun_after_a_conflict_creates_one_plan_not_two()
    {
        var chat = new TeacherConversation();
        await chat.StartNewPlanAsync();
        var first = (await chat.PlanAsync()).Id;
        chat.Store.BeforeNextWrite = () => new TeacherConversation(chat.Store, chat.Time).SayAsync("help");

        await chat.SayAsync("nieuw OPP");

        await chat.SayAsync("mijn OPP's");
        Assert.Equal(2, chat.LastCardActions.Count(a => a.GetProperty("action").GetString() == "openOpp"));
        Assert.NotEqual(first, (await chat.PlanAsync()).Id);
    }

    /// <summary>One need of each kind for the one goal: a category, the ending, "ja"; then "klaar" for the next kind.</summary>
    private static readonly string[] NeedAnswers =
    [
        "instructie", "kort is en in kleine stappen gaat", "ja", "klaar",
        "uitleg thuis", "rustig en met een voorbeeld wordt gegeven", "ja", "klaar",
        "kennis", "helpt om rekenangst te herkennen", "ja", "klaar",
        "vaardigheden", "helpen om thuis op dezelfde manier te oefenen", "ja", "klaar",
    ];

    /// <summary>
    /// Confirms the summary. The pupil has not been heard through the chat, so the guard asks how he was involved;
    /// she writes it, is brought back to the summary, and confirms again.
    /// </summary>
    private static async Task FinishAsync(TeacherConversation chat, Func<Task<IReadOnlyList<BotReply>>>? confirm = null)
    {
        confirm ??= () => chat.SayAsync("ja");
        await confirm();
        Assert.Equal(Text("guard_pupil_voice"), chat.Last[0].Text);
        Assert.Contains(Text("pupil_voice_not_heard"), chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("In een mentorgesprek op 20 november gehoord; ze wil vaker met de klas meedoen.");
        Assert.Equal(Text("pupil_voice_done"), chat.Last[0].Text);
        Assert.Contains(Text("summary_intro"), chat.LastText, StringComparison.Ordinal);
        await confirm();
    }

    private static async Task AnswerStartAsync(TeacherConversation chat, string schoolType)
    {
        await chat.SayAsync("Noor");
        await chat.SayAsync(schoolType);
        await chat.SayAsync("groep 6");
        await chat.SayAsync("Noor krijgt extra begeleiding bij rekenen.");
    }

    private static async Task AnswerOverviewAsync(TeacherConversation chat)
    {
        foreach (var answer in new[]
        {
            "Noor tekent graag en goed.", "ja", "Noor helpt klasgenoten graag.", "nee", "Noor raakt de draad kwijt bij lange instructies.", "nee",
            "Ze zit naast een rustige klasgenoot.", "nee", "Na de pauze is de groep onrustig.", "nee", "Haar zus leest met haar.", "nee",
            "Thuis is weinig rust.", "nee",
        })
        {
            await chat.SayAsync(answer);
        }
    }

    private static async Task AnswerInsightAsync(TeacherConversation chat)
    {
        await chat.SayAsync("Lange instructies en weinig slaap maken concentreren moeilijk.");
        await chat.SayAsync("nee");
    }

    private static async Task AnswerOutlookAsync(TeacherConversation chat, bool followOn = true)
    {
        await chat.SayAsync("vmbo-t/havo");
        if (followOn)
        {
            await chat.SayAsync("regulier");
        }
        string[] answers =
        [
            "Noor is gemotiveerd en krijgt steun thuis.", "leren", "Noor rekent sommen tot 100 vlot.", "8 van de 10 sommen goed in de toets.",
            "Elke twee weken een korte toets.", "15-03-2027", "nee", .. NeedAnswers, "Extra rekeninstructie vier keer per week.", "de leerkracht",
            "geeft verlengde instructie", "elke ochtend", "aan de instructietafel", "nee", "1-7-2027", "nee",
        ];
        foreach (var answer in answers)
        {
            await chat.SayAsync(answer);
        }
    }

    private static async Task ToOutlookAsync(TeacherConversation chat, string schoolType)
    {
        await chat.StartNewPlanAsync();
        await AnswerStartAsync(chat, schoolType);
        await chat.SayAsync("ja");
        await AnswerOverviewAsync(chat);
        await chat.SayAsync("ja");
        await AnswerInsightAsync(chat);
        await chat.SayAsync("ja");
    }
}
