using OppAssistant.Core.Drafting;
using OppAssistant.Core.Evaluation;
using OppAssistant.Core.Lifecycle;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Teacher;
using OppAssistant.Core.Tests.Teacher;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Tests.Evaluation;

/// <summary>The evaluation of an adopted plan with the teacher, through the real turn pipeline: walkthrough, refusals, re-prompts, stop.</summary>
public sealed class EvaluationFlowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string GoalInvalid = "Dat antwoord begrijp ik niet. Typ gehaald, deels of niet gehaald, eventueel met een korte notitie erachter.";

    private readonly TeacherConversation conversation = new();

    private async Task<OppDocument> OpenPlanAsync(OppStatus state)
    {
        var plan = EvaluationPlans.At(state, conversation.UserKey, conversation.Time.GetUtcNow(), TeacherConversation.Dialogs);
        await EvaluationPlans.StoreAsync(conversation.Store, conversation.Plans, plan, conversation.Time.GetUtcNow());
        await conversation.StartAsync();
        await conversation.SubmitAsync(("action", "openOpp"), ("opp", plan.Id));
        return plan;
    }

    private Task<OppDocument?> StoredAsync(string id) => conversation.Plans.GetAsync(new TurnDocuments(conversation.Store), id, Ct);

    [Fact]
    public async Task A_walkthrough_of_two_goals_stores_the_evaluation_marks_the_plan_evaluated_and_opens_version_2_as_a_concept()
    {
        await OpenPlanAsync(OppStatus.Adopted);

        await conversation.SayAsync("evalueren");
        Assert.Contains("We evalueren het OPP van Fenna (versie 1).", conversation.LastText, StringComparison.Ordinal);
        Assert.Contains("**Doel 1 van 2:** Fenna kent de tafels van 6 tot en met 9 uit het hoofd.", conversation.LastText, StringComparison.Ordinal);
        Assert.Contains("Succescriterium: Fenna maakt de tafeltoets van blok 4 voor minstens 90% goed binnen vijf minuten.", conversation.LastText, StringComparison.Ordinal);
        Assert.Contains("Deels gehaald", conversation.LastText, StringComparison.Ordinal);

        // A button with a note, then a typed answer with a note after it.
        await conversation.SubmitAsync(("action", "evaluation"), ("step", "Goal"), ("value", "reached"), ("note", "De tafeltoets ging in één keer goed."));
        Assert.Contains("**Doel 2 van 2:** Fenna vraagt zelf om hulp als ze vastloopt.", conversation.LastText, StringComparison.Ordinal);
        await conversation.SayAsync("deels: ze vraagt vaker hulp, maar nog niet altijd");
        Assert.Contains("Is Fenna op koers voor het uitstroomperspectief (vmbo_kader, vmbo_gl_tl)?", conversation.LastText, StringComparison.Ordinal);
        await conversation.SayAsync("ja");
        Assert.Contains("Waarom? Schrijf het in je eigen woorden.", conversation.LastText, StringComparison.Ordinal);
        await conversation.SayAsync("Lezen en rekenen gaan vooruit; het team vindt vmbo kader tot gl/tl nog passend.");
        Assert.Contains("Wat verandert er voor de komende periode?", conversation.LastText, StringComparison.Ordinal);
        await conversation.SayAsync("Er komt een nieuw rekendoel voor breuken. Doel 2 loopt door.");
        Assert.Contains("- Doel 1: gehaald. De tafeltoets ging in één keer goed.", conversation.LastText, StringComparison.Ordinal);
        Assert.Contains("- Doel 2: deels gehaald. ze vraagt vaker hulp, maar nog niet altijd", conversation.LastText, StringComparison.Ordinal);
        Assert.Contains("- Op koers voor het uitstroomperspectief: ja", conversation.LastText, StringComparison.Ordinal);
        Assert.Contains("Klopt dit?", conversation.LastText, StringComparison.Ordinal);
        // Nothing is stored before "klopt dit?" is confirmed.
        Assert.Empty((await StoredAsync("opp-fenna"))!.Evaluations);

        await conversation.SayAsync("ja");

        var evaluated = (await StoredAsync("opp-fenna"))!;
        Assert.Equal(OppStatus.Evaluated, evaluated.Status);
        Assert.Equal(
            new LifecycleTransition(OppStatus.Adopted, OppStatus.Evaluated, LifecycleTrigger.Evaluate, LifecycleRole.Teacher, conversation.UserKey, conversation.Time.GetUtcNow()),
            evaluated.Lifecycle.History[^1]);
        var evaluation = Assert.Single(evaluated.Evaluations);
        Assert.Equal(DateOnly.FromDateTime(conversation.Time.GetUtcNow().UtcDateTime), evaluation.Date);
        Assert.Equal(1, evaluation.OfVersion);
        Assert.Equal(conversation.UserKey, evaluation.ByKey);
        Assert.Equal(["g1", "g2"], evaluation.Goals.Select(g => g.GoalId));
        Assert.Equal([1, 2], evaluation.Goals.Select(g => g.Number));
        Assert.Equal([GoalOutcome.Reached, GoalOutcome.Partly], evaluation.Goals.Select(g => g.Outcome));
        Assert.Equal("De tafeltoets ging in één keer goed.", evaluation.Goals[0].Note!.Text);
        Assert.Equal("ze vraagt vaker hulp, maar nog niet altijd", evaluation.Goals[1].Note!.Text);
        Assert.Equal(Core.Conversation.Role.Teacher, evaluation.Goals[1].Note!.Source.Role);
        Assert.Equal("evaluation.goal.g2", evaluation.Goals[1].Note!.Source.QuestionId);
        Assert.True(evaluation.OnCourse);
        Assert.Equal("Lezen en rekenen gaan vooruit; het team vindt vmbo kader tot gl/tl nog passend.", evaluation.OnCourseWhy.Text);
        Assert.Equal("Er komt een nieuw rekendoel voor breuken. Doel 2 loopt door.", evaluation.Changes.Text);
        Assert.Equal(TextOrigin.Person, evaluation.Changes.Source.Origin);

        // The register knows the plan is evaluated; the reminder leaves it alone from now on.
        var registered = Assert.Single(await PlanRegister.ListAsync(new TurnDocuments(conversation.Store), Ct));
        Assert.Equal(OppStatus.Evaluated, registered.Status);

        // Version 2: open in the conversation, with its own code, as a concept at the summary.
        var state = await conversation.StateAsync();
        Assert.Null(state.Teacher!.Evaluation);
        var next = await conversation.PlanAsync();
        Assert.NotEqual("opp-fenna", next.Id);
        Assert.Equal(2, next.Version);
        Assert.Equal("opp-fenna", next.PreviousVersionId);
        Assert.Equal(OppStatus.Concept, next.Status);
        Assert.Empty(next.Lifecycle.History);
        Assert.Equal(conversation.UserKey, next.OwnerKey);
        Assert.Equal(TeacherStep.Summary, state.Teacher.Step);
        Assert.Equal(new DraftPosition(TeacherStep.Summary, null, 0, DraftMode.Confirm), next.Draft.Frontier);
        Assert.Contains("De evaluatie is opgeslagen in versie 1; die versie staat nu op “Geëvalueerd”.", conversation.LastText, StringComparison.Ordinal);
        Assert.Contains($"Versie 2 van het OPP staat klaar als concept, met de evaluatie erin. De hervatcode is **{OppRepository.FormatCode(next.ResumeCode)}**.", conversation.LastText, StringComparison.Ordinal);
        Assert.NotEqual(evaluated.ResumeCode, next.ResumeCode);
        Assert.Equal(next.Id, (await conversation.Plans.FindByCodeAsync(new TurnDocuments(conversation.Store), next.ResumeCode, Ct))!.Id);

        // The content is copied; the pupil's voice and the parents' part start anew; the dates moved on by a year.
        Assert.Equal(evaluated.Pupil.Name, next.Pupil.Name);
        Assert.Equal(evaluated.Factors, next.Factors);
        Assert.Equal(evaluated.Insight.Analysis, next.Insight.Analysis);
        Assert.Equal(evaluated.Perspective.Levels, next.Perspective.Levels);
        Assert.Equal(evaluated.Perspective.Rationale, next.Perspective.Rationale);
        Assert.Equal(evaluated.Goals.Select(g => (g.Id, g.Description)), next.Goals.Select(g => (g.Id, g.Description)));
        Assert.Equal([new DateOnly(2028, 1, 29), new DateOnly(2028, 3, 12)], next.Goals.Select(g => g.EvaluateOn!.Value));
        Assert.Equal(evaluated.ActionPart.Needs, next.ActionPart.Needs);
        Assert.Equal(evaluated.ActionPart.Agreements.Select(a => a.What), next.ActionPart.Agreements.Select(a => a.What));
        Assert.Equal([new DateOnly(2028, 1, 29), new DateOnly(2028, 6, 25)], next.EvaluationMoments);
        Assert.Null(next.PupilVoice);
        Assert.Null(next.Parents);
        var carried = Assert.Single(next.Evaluations);
        Assert.Equal(evaluation.Goals, carried.Goals);
        Assert.Equal(evaluation with { Goals = carried.Goals }, carried);

        // The new draft says how version 1 was evaluated.
        var section = new DraftAssembler(TeacherConversation.Dialogs).Assemble(next).Sections.Single(s => s.Kind == DraftSectionKind.Evaluation);
        var lines = section.Blocks.Select(b => (b.Label ?? "") + ": " + string.Join(" ", b.Sentences.Select(s => s.Text))).ToList();
        Assert.Contains(section.Blocks, b => b.Kind == DraftBlockKind.Subheading && b.Label == "Evaluatie van versie 1, op 23 november 2026");
        Assert.Contains("Doel 1: gehaald", lines.Select(l => l.TrimStart(':', ' ')));
        Assert.Contains("Doel 2: deels gehaald", lines.Select(l => l.TrimStart(':', ' ')));
        Assert.Contains("Op koers voor het uitstroomperspectief: ja", lines);
        Assert.Contains("Wat verandert: Er komt een nieuw rekendoel voor breuken. Doel 2 loopt door.", lines);
        // The first version's own draft has no evaluation of an earlier version.
        var first = new DraftAssembler(TeacherConversation.Dialogs).Assemble(evaluated).Sections.Single(s => s.Kind == DraftSectionKind.Evaluation);
        Assert.DoesNotContain(first.Blocks, b => b.Kind == DraftBlockKind.Subheading);

        // Both versions are on her list.
        var listed = await conversation.Plans.ListAsync(new TurnDocuments(conversation.Store), conversation.UserKey, Ct);
        Assert.Equal([next.Id, "opp-fenna"], listed.Select(p => p.Id));

        // Confirming the new version's summary goes on as for any plan: its pupil is heard anew first.
        await conversation.SayAsync("ja");
        Assert.Equal(TeacherStep.Hearing, (await conversation.StateAsync()).Teacher!.Step);
        Assert.Equal(OppStatus.Concept, (await conversation.PlanAsync()).Status);
    }

    [Fact]
    public async Task A_plan_evaluated_elsewhere_before_klopt_dit_is_confirmed_is_refused_and_nothing_is_stored()
    {
        await OpenPlanAsync(OppStatus.Adopted);
        await conversation.SayAsync("evalueren");
        await conversation.SayAsync("gehaald");
        await conversation.SayAsync("gehaald");
        await conversation.SayAsync("nee");
        await conversation.SayAsync("Het rekenen blijft achter.");
        await conversation.SayAsync("Meer oefentijd.");
        // Meanwhile, in another conversation, the plan was evaluated.
        var documents = new TurnDocuments(conversation.Store);
        var elsewhere = (await conversation.Plans.GetAsync(documents, "opp-fenna", Ct))!;
        elsewhere.Lifecycle.State = OppStatus.Evaluated;
        await conversation.Plans.SaveAsync(documents, elsewhere, conversation.UserKey, Ct);
        await conversation.Store.WriteAsync([.. documents.Writes], null, Ct);

        await conversation.SayAsync("ja");

        Assert.Contains("- Het OPP staat op “Geëvalueerd”. Dan kan “evalueren” niet.", conversation.LastText, StringComparison.Ordinal);
        var state = await conversation.StateAsync();
        Assert.Null(state.Teacher!.Evaluation);
        Assert.Equal("opp-fenna", state.Teacher.OppId);
        Assert.Empty((await StoredAsync("opp-fenna"))!.Evaluations);
        Assert.Single(await conversation.Plans.ListAsync(new TurnDocuments(conversation.Store), conversation.UserKey, Ct));
    }

    [Theory]
    [InlineData(OppStatus.Concept, "Concept")]
    [InlineData(OppStatus.AwaitingConsent, "Wacht op instemming")]
    public async Task A_plan_that_is_not_adopted_is_not_evaluated_and_the_lifecycle_says_why(OppStatus status, string name)
    {
        await OpenPlanAsync(status);

        await conversation.SayAsync("evalueren");

        Assert.Contains("Evalueren kan nu niet:", conversation.LastText, StringComparison.Ordinal);
        Assert.Contains($"- Het OPP staat op “{name}”. Dan kan “evalueren” niet.", conversation.LastText, StringComparison.Ordinal);
        Assert.Null((await conversation.StateAsync()).Teacher!.Evaluation);
        var stored = (await StoredAsync("opp-fenna"))!;
        Assert.Equal(status, stored.Status);
        Assert.Empty(stored.Evaluations);
    }

    [Fact]
    public async Task An_invalid_answer_is_asked_again_and_leaves_the_evaluation_where_it_was()
    {
        await OpenPlanAsync(OppStatus.Adopted);
        await conversation.SayAsync("evalueren");

        await conversation.SayAsync("misschien wel");

        Assert.Contains(GoalInvalid, conversation.LastText, StringComparison.Ordinal);
        Assert.Contains("**Doel 1 van 2:**", conversation.LastText, StringComparison.Ordinal);
        var session = (await conversation.StateAsync()).Teacher!.Evaluation!;
        Assert.Equal(EvaluationStep.Goal, session.Step);
        Assert.Empty(session.Goals);

        // A button of another step (an old card) is no answer either.
        await conversation.SubmitAsync(("action", "evaluation"), ("step", "OnCourse"), ("value", "yes"));
        Assert.Equal(EvaluationStep.Goal, (await conversation.StateAsync()).Teacher!.Evaluation!.Step);

        await conversation.SayAsync("niet gehaald");
        await conversation.SayAsync("gehaald");
        Assert.Equal([GoalOutcome.NotReached, GoalOutcome.Reached], (await conversation.StateAsync()).Teacher!.Evaluation!.Goals.Select(g => g.Outcome));

        await conversation.SayAsync("weet ik veel");
        Assert.Contains("Antwoord met ja of nee", conversation.LastText, StringComparison.Ordinal);
        Assert.Equal(EvaluationStep.OnCourse, (await conversation.StateAsync()).Teacher!.Evaluation!.Step);

        await conversation.SayAsync("nee");
        await conversation.SayAsync("hulp");
        Assert.Contains("Waarom? Schrijf het in je eigen woorden.", conversation.LastText, StringComparison.Ordinal);
        Assert.Null((await conversation.StateAsync()).Teacher!.Evaluation!.OnCourseWhy);
        await conversation.SayAsync("   ");
        Assert.Contains("leeg kan ik het niet vastleggen", conversation.LastText, StringComparison.Ordinal);
        session = (await conversation.StateAsync()).Teacher!.Evaluation!;
        Assert.Equal(EvaluationStep.OnCourseWhy, session.Step);
        Assert.False(session.OnCourse);
    }

    [Fact]
    public async Task Stop_leaves_without_storing_anything()
    {
        await OpenPlanAsync(OppStatus.Adopted);
        await conversation.SayAsync("evalueren");
        await conversation.SayAsync("gehaald");
        await conversation.SayAsync("deels");
        await conversation.SayAsync("ja");

        await conversation.SayAsync("stop");

        Assert.Contains("De evaluatie is gestopt. Er is niets opgeslagen.", conversation.LastText, StringComparison.Ordinal);
        var state = await conversation.StateAsync();
        Assert.Null(state.Teacher!.Evaluation);
        Assert.Equal("opp-fenna", state.Teacher.OppId);
        var stored = (await StoredAsync("opp-fenna"))!;
        Assert.Equal(OppStatus.Adopted, stored.Status);
        Assert.Empty(stored.Evaluations);
        Assert.Single(await conversation.Plans.ListAsync(new TurnDocuments(conversation.Store), conversation.UserKey, Ct));
    }

    [Fact]
    public async Task Klopt_dit_nee_starts_again_from_the_first_goal()
    {
        await OpenPlanAsync(OppStatus.Adopted);
        await conversation.SayAsync("evalueren");
        await conversation.SayAsync("gehaald");
        await conversation.SayAsync("gehaald");
        await conversation.SayAsync("ja");
        await conversation.SayAsync("Het gaat goed.");
        await conversation.SayAsync("Niets.");

        await conversation.SayAsync("nee");

        Assert.Contains("Dan beginnen we opnieuw bij het eerste doel.", conversation.LastText, StringComparison.Ordinal);
        var session = (await conversation.StateAsync()).Teacher!.Evaluation!;
        Assert.Equal(EvaluationStep.Goal, session.Step);
        Assert.Empty(session.Goals);
        Assert.Empty((await StoredAsync("opp-fenna"))!.Evaluations);
    }

    [Fact]
    public async Task Back_from_another_role_the_evaluation_asks_its_question_again()
    {
        await OpenPlanAsync(OppStatus.Adopted);
        await conversation.SayAsync("evalueren");
        await conversation.SayAsync("gehaald");

        await conversation.SayAsync("andere rol");
        await conversation.SayAsync("leraar");

        Assert.Contains("**Doel 2 van 2:**", conversation.LastText, StringComparison.Ordinal);
        await conversation.SayAsync("niet gehaald");
        Assert.Equal(EvaluationStep.OnCourse, (await conversation.StateAsync()).Teacher!.Evaluation!.Step);
    }

    [Fact]
    public async Task Evalueren_without_an_open_plan_asks_which_plan()
    {
        await conversation.StartAsync();

        await conversation.SayAsync("evalueren");

        Assert.Contains("Welk OPP wil je evalueren?", conversation.LastText, StringComparison.Ordinal);
        Assert.Null((await conversation.StateAsync()).Teacher!.Evaluation);
    }

    [Fact]
    public async Task The_reminder_card_starts_the_evaluation_of_its_plan()
    {
        var plan = EvaluationPlans.At(OppStatus.Adopted, conversation.UserKey, conversation.Time.GetUtcNow(), TeacherConversation.Dialogs);
        await EvaluationPlans.StoreAsync(conversation.Store, conversation.Plans, plan, conversation.Time.GetUtcNow());
        await conversation.StartAsync();

        await conversation.SubmitAsync(("action", EvaluationFlow.StartAction), ("opp", plan.Id));

        Assert.Contains("**Doel 1 van 2:**", conversation.LastText, StringComparison.Ordinal);
        var state = await conversation.StateAsync();
        Assert.Equal(plan.Id, state.Teacher!.OppId);
        Assert.Equal(plan.Id, state.Teacher.Evaluation!.OppId);
    }

    [Fact]
    public async Task Opening_an_adopted_plan_whose_evaluation_date_has_come_says_so_and_offers_evalueren()
    {
        var plan = EvaluationPlans.At(OppStatus.Adopted, conversation.UserKey, conversation.Time.GetUtcNow(), TeacherConversation.Dialogs);
        await EvaluationPlans.StoreAsync(conversation.Store, conversation.Plans, plan, conversation.Time.GetUtcNow());
        await conversation.StartAsync();
        await conversation.SubmitAsync(("action", "openOpp"), ("opp", plan.Id));
        Assert.DoesNotContain("evaluatiedatum van dit OPP", conversation.LastText, StringComparison.Ordinal);

        conversation.Time.SetUtcNow(new DateTimeOffset(2027, 2, 1, 9, 0, 0, TimeSpan.Zero));
        await conversation.SubmitAsync(("action", "openOpp"), ("opp", plan.Id));

        var due = Assert.Single(conversation.Last, r => r.Text?.Contains("evaluatiedatum", StringComparison.Ordinal) == true);
        Assert.Equal("De evaluatiedatum van dit OPP (29 januari 2027) is bereikt. Typ “evalueren” om het samen met de ouders te evalueren.", due.Text);
        Assert.Equal([new SuggestedAction("Evalueren", "evalueren")], due.SuggestedActions);
    }
}
