using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Teacher;
using OppAssistant.Core.Turns;

namespace OppAssistant.Web.Tests.Transcripts;

/// <summary>
/// The teacher transcripts replay (as every transcript does in <see cref="TranscriptTests"/>), and afterwards the
/// stored plan holds what the teacher typed: every part the flow asked for, the changed answers changed, and one
/// plan however many conversations worked on it.
/// </summary>
public sealed class TeacherTranscriptTests
{
    private const string Teacher = "aad:00000000-0000-0000-0000-00000000a001";
    private const string Colleague = "aad:00000000-0000-0000-0000-00000000a002";

    [Fact]
    public async Task The_complete_plan_holds_every_part_the_teacher_gave_by_typing_and_by_card()
    {
        // Compared, never recorded: recording is the replay theory's job, and two tests must not write one file.
        await using var run = await TranscriptReplayer.ReplayAsync("teacher-complete-opp.transcript", record: false);
        var stored = new StoredTeacherData(run);

        var state = await stored.StateAsync("a:transcript-teacher-complete-opp");
        var plan = await stored.PlanAsync(state);

        Assert.Equal(nameof(TeacherStep.Finished), (string?)state["teacher"]?["step"]);
        AssertEveryPart(plan);
        Assert.Equal(Teacher, plan.OwnerKey);
        Assert.Equal("Noor", plan.Pupil.Name);
        // Typed "basisschool".
        Assert.Equal(SchoolType.Po, plan.Pupil.SchoolType);
        Assert.Equal("groep 6", plan.Pupil.GroupOrYear);
        // Two supporting factors of the pupil: "nog een?" answered by the card's "Ja, nog een".
        Assert.Equal(["Noor tekent graag en goed.", "Noor helpt klasgenoten graag."], Texts(plan, Circle.Pupil, Influence.Supporting));
        Assert.Equal(7, plan.Factors.Count);
        Assert.Single(plan.Insight.OpenQuestions);
        // The multichoice card's comma-separated value, a double level in the order given.
        Assert.Equal(["vmbo_gl_tl", "havo"], plan.Perspective.Levels);
        // The choice card's button value.
        Assert.Equal(FollowOnEducation.Regular, plan.Perspective.FollowOn);
        // The whole goal from the group form, its date from the form's date input.
        var goal = Assert.Single(plan.Goals);
        Assert.Equal(GoalDomain.Learning, goal.Domain);
        Assert.Equal("Noor maakt 8 van de 10 sommen in de bloktoets goed.", goal.SuccessCriterion?.Text);
        Assert.Equal(new DateOnly(2027, 3, 15), goal.EvaluateOn);
        // A need of each of the four kinds, composed with its hulpzin and tied to the goal; the first from a suggestion.
        Assert.Equal([NeedKind.Educational, NeedKind.Parenting, NeedKind.TeacherSupport, NeedKind.ParentSupport], plan.ActionPart.Needs.Select(n => n.Kind));
        Assert.All(plan.ActionPart.Needs, n => Assert.Equal((goal.Id, TextOrigin.Template), (n.GoalId, n.Source.Origin)));
        Assert.Equal(
            [TextOrigin.Template, TextOrigin.Person, TextOrigin.Person, TextOrigin.Person],
            plan.ActionPart.Needs.Select(n => n.Completion!.Source.Origin));
        Assert.StartsWith("Om het doel “Noor rekent", plan.ActionPart.Needs[0].Text, StringComparison.Ordinal);
        var agreement = Assert.Single(plan.ActionPart.Agreements);
        Assert.Equal("de leraar", agreement.Who?.Text);
        Assert.Equal("elke ochtend na de kleine pauze", agreement.When?.Text);
        // One date from the date card, one typed the Dutch way ("1-7-2027").
        Assert.Equal([new DateOnly(2027, 1, 29), new DateOnly(2027, 7, 1)], plan.EvaluationMoments);
        // Every text is the teacher's own, answering the question that stored it.
        Assert.All(plan.Factors, f => Assert.Equal((Role.Teacher, TextOrigin.Person), (f.Source.Role, f.Source.Origin)));
        Assert.Equal("goal_success_criterion", goal.SuccessCriterion?.Source.QuestionId);
        Assert.Equal("agreement_how", agreement.How?.Source.QuestionId);
    }

    [Fact]
    public async Task Back_edit_and_skip_change_the_right_answers_and_the_guard_adds_the_missing_factor()
    {
        await using var run = await TranscriptReplayer.ReplayAsync("teacher-back-edit-skip.transcript", record: false);
        var stored = new StoredTeacherData(run);

        var state = await stored.StateAsync("a:transcript-teacher-back-edit-skip");
        var plan = await stored.PlanAsync(state);

        Assert.Equal(nameof(TeacherStep.Finished), (string?)state["teacher"]?["step"]);
        Assert.Null(state["teacher"]?["editing"]);
        AssertEveryPart(plan, homeHindering: false);
        // "sla over" on the required school type was refused; the typed answer came after.
        Assert.Equal(SchoolType.Sbo, plan.Pupil.SchoolType);
        // "terug" twice from Overzicht into Start: the group changed, the reason passed over stayed.
        Assert.Equal("groep 8", plan.Pupil.GroupOrYear);
        Assert.Equal("Daan werkt met een eigen leerlijn voor rekenen.", plan.Pupil.Reason);
        // Both hindering questions of the environment skipped; the guard asked for the school one.
        Assert.Equal(["Na de pauze is het lang onrustig in de groep; dan komt Daan moeilijk aan het werk."], Texts(plan, Circle.School, Influence.Hindering));
        Assert.Empty(Texts(plan, Circle.Home, Influence.Hindering));
        Assert.Equal(5, plan.Factors.Count);
        // The optional open question skipped.
        Assert.Empty(plan.Insight.OpenQuestions);
        // "aanpassen" + 10 from the Inzicht summary, "aanpassen" + 13 from the final summary.
        Assert.Equal("Daan komt moeilijk op gang als een taak groot lijkt. Het stappenplan en de vraag van zijn vader helpen hem beginnen.", plan.Insight.Analysis?.Text);
        Assert.Equal("Daan is gemotiveerd en krijgt thuis steun. Met een stappenplan en een korte startinstructie verwachten we vmbo kader.", plan.Perspective.Rationale?.Text);
        Assert.Equal(["vmbo_kader"], plan.Perspective.Levels);
        Assert.Equal(GoalDomain.Behaviour, Assert.Single(plan.Goals).Domain);
        Assert.Equal([new DateOnly(2027, 1, 29)], plan.EvaluationMoments);
    }

    [Fact]
    public async Task A_paused_plan_resumes_as_the_same_plan_in_a_new_conversation_and_with_its_code_for_another_user()
    {
        await using var run = await TranscriptReplayer.ReplayAsync("teacher-pause-resume.transcript", record: false);
        var stored = new StoredTeacherData(run);

        var paused = await stored.StateAsync("a:transcript-teacher-pause-resume-a");
        var byCode = await stored.StateAsync("a:transcript-teacher-pause-resume-c");
        var resumed = await stored.StateAsync("a:transcript-teacher-pause-resume-b");
        var plan = await stored.PlanAsync(resumed);

        // Conversation A paused it, C (another user, with the code) opened it, B (the same user, from her list) finished it.
        Assert.Equal("bccca13ee972dd47457cd64b", plan.Id);
        Assert.Equal(plan.Id, (string?)paused["teacher"]?["oppId"]);
        Assert.Equal(plan.Id, (string?)byCode["teacher"]?["oppId"]);
        Assert.Equal(nameof(TeacherStep.Paused), (string?)paused["teacher"]?["step"]);
        Assert.Equal(nameof(TeacherStep.Paused), (string?)byCode["teacher"]?["step"]);
        Assert.Equal(nameof(TeacherStep.Finished), (string?)resumed["teacher"]?["step"]);
        // The code the pause showed (and C typed) opens this plan.
        Assert.Equal("RNFUY-ZPCLG", OppRepository.FormatCode(plan.ResumeCode));
        Assert.Equal(plan.Id, (await stored.Plans.FindByCodeAsync(stored.Documents, "RNFUY-ZPCLG", TestContext.Current.CancellationToken))?.Id);
        // Still the first teacher's plan, now on both users' lists.
        Assert.Equal(Teacher, plan.OwnerKey);
        Assert.Contains(await stored.Plans.ListAsync(stored.Documents, Teacher, TestContext.Current.CancellationToken), p => p.Id == plan.Id && p.PupilName == "Noor");
        Assert.Contains(await stored.Plans.ListAsync(stored.Documents, Colleague, TestContext.Current.CancellationToken), p => p.Id == plan.Id);

        AssertEveryPart(plan);
        // Before the pause (A) and after it (B), in one plan.
        Assert.Equal("groep 5", plan.Pupil.GroupOrYear);
        Assert.Equal(["Noor vertelt graag verhalen en heeft een grote woordenschat."], Texts(plan, Circle.Pupil, Influence.Supporting));
        Assert.Equal(["Noor raakt snel de draad kwijt bij lange teksten."], Texts(plan, Circle.Pupil, Influence.Hindering));
        Assert.Equal(6, plan.Factors.Count);
        Assert.Equal(["vmbo_kader", "vmbo_gl_tl"], plan.Perspective.Levels);
        Assert.Equal("de ouders", Assert.Single(plan.ActionPart.Agreements).Who?.Text);
        Assert.Equal([new DateOnly(2027, 2, 5)], plan.EvaluationMoments);
    }

    /// <summary>Every part the guided flow asks for: pupil, the three circles with + and −, inzicht, uitzicht, handelingsdeel, evaluation.</summary>
    private static void AssertEveryPart(OppDocument plan, bool homeHindering = true)
    {
        Assert.False(string.IsNullOrWhiteSpace(plan.Pupil.Name));
        Assert.NotNull(plan.Pupil.SchoolType);
        Assert.False(string.IsNullOrWhiteSpace(plan.Pupil.GroupOrYear));
        Assert.False(string.IsNullOrWhiteSpace(plan.Pupil.Reason));
        foreach (var circle in Enum.GetValues<Circle>())
        {
            foreach (var influence in Enum.GetValues<Influence>())
            {
                if (circle == Circle.Home && influence == Influence.Hindering && !homeHindering)
                {
                    continue;
                }
                Assert.True(Texts(plan, circle, influence).Count > 0, $"a {influence} factor in the {circle} circle");
            }
        }
        Assert.All(plan.Factors, f => Assert.Equal(DateOnly.FromDateTime(TranscriptReplayer.Start.UtcDateTime), f.ObservedOn));
        Assert.False(string.IsNullOrWhiteSpace(plan.Insight.Analysis?.Text));
        Assert.NotEmpty(plan.Perspective.Levels);
        Assert.NotNull(plan.Perspective.FollowOn);
        Assert.False(string.IsNullOrWhiteSpace(plan.Perspective.Rationale?.Text));
        var goal = Assert.Single(plan.Goals);
        Assert.True(goal.IsComplete);
        Assert.NotNull(goal.Description);
        Assert.NotNull(goal.Monitoring);
        Assert.NotNull(goal.EvaluateOn);
        Assert.False(string.IsNullOrWhiteSpace(plan.ActionPart.SupportAndApproach?.Text));
        var agreement = Assert.Single(plan.ActionPart.Agreements);
        Assert.All([agreement.Who, agreement.What, agreement.When, agreement.How], part => Assert.False(string.IsNullOrWhiteSpace(part?.Text)));
        Assert.NotEmpty(plan.EvaluationMoments);
        Assert.Equal(TeacherStep.Finished, plan.Draft.Frontier?.Step);
    }

    private static List<string> Texts(OppDocument plan, Circle circle, Influence influence) =>
        plan.Factors.Where(f => f.Circle == circle && f.Influence == influence).Select(f => f.Text).ToList();
}

/// <summary>What a finished replay stored: conversation states (as JSON) and plans, read as the bot reads them.</summary>
internal sealed class StoredTeacherData(TranscriptRun run)
{
    public IDocumentStore Store { get; } = run.Services.GetRequiredService<IDocumentStore>();

    public OppRepository Plans { get; } = run.Services.GetRequiredService<OppRepository>();

    public TurnDocuments Documents => new(Store);

    public async Task<JsonObject> StateAsync(string conversationId, string channelId = "msteams")
    {
        var key = new ConversationKey(channelId, conversationId).Value;
        var stored = await Store.GetAsync(TurnPipeline.Collection, key, TestContext.Current.CancellationToken);
        Assert.NotNull(stored);
        return JsonNode.Parse(stored.Body.Span)!.AsObject();
    }

    public async Task<OppDocument> PlanAsync(JsonObject state)
    {
        var id = (string?)state["teacher"]?["oppId"];
        Assert.NotNull(id);
        var plan = await Plans.GetAsync(Documents, id, TestContext.Current.CancellationToken);
        Assert.NotNull(plan);
        return plan;
    }
}
