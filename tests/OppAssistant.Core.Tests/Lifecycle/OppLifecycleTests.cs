using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Lifecycle;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Tests.Drafting;

namespace OppAssistant.Core.Tests.Lifecycle;

/// <summary>The plan's lifecycle: each step, its guards with the Dutch reasons of dialogs/lifecycle.yaml, and the audit trail.</summary>
public sealed class OppLifecycleTests
{
    private static readonly DialogCatalog Dialogs = DialogCatalog.Load(Repo.DialogsDirectory);
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static readonly LifecycleActor Teacher = new(LifecycleRole.Teacher, "teacher-1");
    private static readonly LifecycleActor Coordinator = new(LifecycleRole.Coordinator, "coordinator-1");
    private static readonly LifecycleActor Leader = new(LifecycleRole.SchoolLeader, "leader-1");
    private static readonly LifecycleActor Assistant = new(LifecycleRole.System, "system");

    private const string NoConsent = "Nog geen ouder met gezag is akkoord met het handelingsdeel. Zonder die instemming kan het OPP niet worden vastgesteld.";
    private const string NotWeighed = "De mening van de leerling is nog niet gewogen. In het OPP staat wat de leerling inbracht en hoe dat het plan veranderde, of hoe de leerling anders betrokken is. Zonder die weging kan het OPP niet verder.";

    private static LifecycleResult Fire(OppDocument plan, LifecycleTrigger trigger, LifecycleActor actor, string? reason = null, int day = 0) =>
        OppLifecycle.Fire(plan, trigger, actor, reason, Monday.AddDays(day), Dialogs);

    private static LifecycleTransition Ok(LifecycleResult result) => Assert.IsType<LifecycleResult.Ok>(result).Transition;

    private static IReadOnlyList<string> Refused(LifecycleResult result) => Assert.IsType<LifecycleResult.Refused>(result).Reasons;

    /// <summary>A complete plan, brought to <paramref name="state"/> through the steps (Returned through review).</summary>
    private static OppDocument PlanAt(OppStatus state)
    {
        var plan = DraftPlans.Complete();
        LifecycleTrigger[] path = state switch
        {
            OppStatus.Concept => [],
            OppStatus.InReview => [LifecycleTrigger.SubmitForReview],
            OppStatus.Returned => [LifecycleTrigger.SubmitForReview, LifecycleTrigger.Return],
            OppStatus.Approved => [LifecycleTrigger.SubmitForReview, LifecycleTrigger.Approve],
            OppStatus.AwaitingConsent => [LifecycleTrigger.SubmitForReview, LifecycleTrigger.Approve, LifecycleTrigger.RequestConsent],
            OppStatus.Adopted => [LifecycleTrigger.SubmitForReview, LifecycleTrigger.Approve, LifecycleTrigger.RequestConsent, LifecycleTrigger.Adopt],
            _ => [LifecycleTrigger.SubmitForReview, LifecycleTrigger.Approve, LifecycleTrigger.RequestConsent, LifecycleTrigger.Adopt, LifecycleTrigger.Evaluate],
        };
        foreach (var trigger in path)
        {
            var actor = trigger switch
            {
                LifecycleTrigger.Return or LifecycleTrigger.Approve or LifecycleTrigger.Adopt => Coordinator,
                LifecycleTrigger.RequestConsent => Assistant,
                _ => Teacher,
            };
            Ok(Fire(plan, trigger, actor, trigger == LifecycleTrigger.Return ? "De doelen zijn nog niet meetbaar." : null));
        }
        Assert.Equal(state, plan.Lifecycle.State);
        return plan;
    }

    [Fact]
    public void A_complete_plan_goes_from_concept_to_evaluated_and_every_step_is_in_the_audit_trail_in_order()
    {
        var plan = DraftPlans.Complete();
        Assert.Equal(OppStatus.Concept, plan.Status);

        Ok(Fire(plan, LifecycleTrigger.SubmitForReview, Teacher, day: 0));
        Assert.Equal(OppStatus.InReview, plan.Status);
        Ok(Fire(plan, LifecycleTrigger.Approve, Coordinator, "Helder plan.", day: 1));
        Assert.Equal(OppStatus.Approved, plan.Status);
        Ok(Fire(plan, LifecycleTrigger.RequestConsent, Assistant, day: 1));
        Assert.Equal(OppStatus.AwaitingConsent, plan.Status);
        Ok(Fire(plan, LifecycleTrigger.Adopt, Leader, day: 8));
        Assert.Equal(OppStatus.Adopted, plan.Status);
        var last = Ok(Fire(plan, LifecycleTrigger.Evaluate, Teacher, "  Doel 1 gehaald; doel 2 loopt door.  ", day: 200));
        Assert.Equal(OppStatus.Evaluated, plan.Status);

        Assert.Equal(
            [
                new LifecycleTransition(OppStatus.Concept, OppStatus.InReview, LifecycleTrigger.SubmitForReview, LifecycleRole.Teacher, "teacher-1", Monday),
                new LifecycleTransition(OppStatus.InReview, OppStatus.Approved, LifecycleTrigger.Approve, LifecycleRole.Coordinator, "coordinator-1", Monday.AddDays(1), "Helder plan."),
                new LifecycleTransition(OppStatus.Approved, OppStatus.AwaitingConsent, LifecycleTrigger.RequestConsent, LifecycleRole.System, "system", Monday.AddDays(1)),
                new LifecycleTransition(OppStatus.AwaitingConsent, OppStatus.Adopted, LifecycleTrigger.Adopt, LifecycleRole.SchoolLeader, "leader-1", Monday.AddDays(8)),
                new LifecycleTransition(OppStatus.Adopted, OppStatus.Evaluated, LifecycleTrigger.Evaluate, LifecycleRole.Teacher, "teacher-1", Monday.AddDays(200), "Doel 1 gehaald; doel 2 loopt door."),
            ],
            plan.Lifecycle.History);
        Assert.Same(plan.Lifecycle.History[^1], last);
    }

    [Fact]
    public void A_returned_plan_carries_the_reason_and_goes_back_to_review_when_resubmitted()
    {
        var plan = PlanAt(OppStatus.InReview);

        var returned = Ok(Fire(plan, LifecycleTrigger.Return, Coordinator, "Doel 2 heeft geen succescriterium dat je kunt meten.", day: 2));
        Assert.Equal(OppStatus.Returned, plan.Status);
        Assert.Equal("Doel 2 heeft geen succescriterium dat je kunt meten.", returned.Reason);
        Assert.Equal((LifecycleRole.Coordinator, "coordinator-1"), (returned.ByRole, returned.ByKey));

        var resubmitted = Ok(Fire(plan, LifecycleTrigger.Resubmit, Teacher, "Succescriterium aangepast.", day: 3));
        Assert.Equal((OppStatus.Returned, OppStatus.InReview), (resubmitted.From, resubmitted.To));
        Ok(Fire(plan, LifecycleTrigger.Approve, Coordinator, day: 4));
        Assert.Equal(
            [LifecycleTrigger.SubmitForReview, LifecycleTrigger.Return, LifecycleTrigger.Resubmit, LifecycleTrigger.Approve],
            plan.Lifecycle.History.Select(t => t.Trigger));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void Returning_without_a_reason_is_refused_and_changes_nothing(string? reason)
    {
        var plan = PlanAt(OppStatus.InReview);

        var reasons = Refused(Fire(plan, LifecycleTrigger.Return, Coordinator, reason));

        Assert.Equal(["Schrijf erbij waarom. De leraar leest de reden en past het OPP daarop aan."], reasons);
        Assert.Equal(Dialogs.Lifecycle.Text("reason_required"), reasons[0]);
        Assert.Equal(OppStatus.InReview, plan.Status);
        Assert.Single(plan.Lifecycle.History);
    }

    [Fact]
    public void Adoption_is_refused_without_consent_and_without_the_pupil_voice_weighing_with_both_Dutch_reasons()
    {
        var plan = PlanAt(OppStatus.AwaitingConsent);
        plan.Parents!.Consents.Clear();
        foreach (var answer in plan.PupilVoice!.Contributions)
        {
            answer.Weighing = null;
        }

        var reasons = Refused(Fire(plan, LifecycleTrigger.Adopt, Coordinator));

        Assert.Equal([NoConsent, NotWeighed], reasons);
        Assert.Equal([Dialogs.Lifecycle.Text("no_consent"), Dialogs.Lifecycle.Text("pupil_voice_not_weighed")], reasons);
        Assert.Equal(OppStatus.AwaitingConsent, plan.Status);
        Assert.Equal(3, plan.Lifecycle.History.Count);
    }

    [Fact]
    public void Adoption_is_refused_with_only_the_consent_reason_when_the_pupil_voice_is_weighed()
    {
        var plan = PlanAt(OppStatus.AwaitingConsent);
        plan.Parents!.Consents.Clear();

        Assert.Equal([NoConsent], Refused(Fire(plan, LifecycleTrigger.Adopt, Leader)));
    }

    [Fact]
    public void Adoption_is_refused_when_the_pupil_voice_is_not_weighed_even_with_consent()
    {
        var plan = PlanAt(OppStatus.AwaitingConsent);
        plan.PupilVoice!.Contributions.First().Weighing = null;

        Assert.Equal([NotWeighed], Refused(Fire(plan, LifecycleTrigger.Adopt, Coordinator)));
    }

    [Fact]
    public void A_second_parent_with_gezag_who_says_niet_akkoord_blocks_adoption_with_his_reasons()
    {
        var plan = PlanAt(OppStatus.AwaitingConsent);
        plan.Parents!.Consents.Add(new ParentConsent("o2", "Vader", true, ConsentDecision.NotAgreed, Monday.AddDays(5), "directline", "conversation-parent-2")
        {
            Reasons = new TextEntry("Ik wil eerst praten over het huiswerk.", new Provenance(Role.Parent, "consent_reasons", Monday.AddDays(5), TextOrigin.Person)),
        });

        var reasons = Refused(Fire(plan, LifecycleTrigger.Adopt, Coordinator));

        Assert.Equal(
            ["Vader (met gezag) is niet akkoord met het handelingsdeel: “Ik wil eerst praten over het huiswerk.” Zonder instemming van beide ouders met gezag kan het OPP niet worden vastgesteld; de school blijft met de ouders in gesprek."],
            reasons);
        Assert.Equal(OppStatus.AwaitingConsent, plan.Status);

        // When he agrees after all, his latest decision counts.
        plan.Parents.Consents.Add(new ParentConsent("o2", "Vader", true, ConsentDecision.Agreed, Monday.AddDays(7), "directline", "conversation-parent-3"));
        Ok(Fire(plan, LifecycleTrigger.Adopt, Coordinator, day: 7));
    }

    [Fact]
    public void A_draft_with_missing_parts_and_an_unheard_pupil_is_not_offered_for_review()
    {
        var plan = new OppDocument { Id = "opp-empty", OwnerKey = "teacher-1" };

        var reasons = Refused(Fire(plan, LifecycleTrigger.SubmitForReview, Teacher));

        var missing = Dialogs.Draft.Missing;
        Assert.Contains(missing.For(Core.Drafting.MissingPartKind.PupilReason).Text, reasons);
        Assert.Contains(missing.For(Core.Drafting.MissingPartKind.Goals).Text, reasons);
        Assert.DoesNotContain(missing.For(Core.Drafting.MissingPartKind.ParentsConsent).Text, reasons);
        Assert.Equal(NotWeighed, reasons[^1]);
        Assert.Equal(OppStatus.Concept, plan.Status);
        Assert.Empty(plan.Lifecycle.History);
    }

    [Fact]
    public void A_complete_draft_whose_pupil_voice_is_not_weighed_is_not_offered_for_review()
    {
        var plan = DraftPlans.Complete();
        plan.PupilVoice!.Contributions.First().Weighing = null;

        Assert.Equal([NotWeighed], Refused(Fire(plan, LifecycleTrigger.SubmitForReview, Teacher)));
    }

    [Theory]
    [InlineData(LifecycleTrigger.Approve, OppStatus.InReview, "teacher", "Alleen de IB'er kan “goedkeuren”.")]
    [InlineData(LifecycleTrigger.Adopt, OppStatus.AwaitingConsent, "teacher", "Alleen de IB'er of de schoolleider kan “vaststellen”.")]
    [InlineData(LifecycleTrigger.SubmitForReview, OppStatus.Concept, "coordinator", "Alleen de leraar kan “ter review aanbieden”.")]
    [InlineData(LifecycleTrigger.Evaluate, OppStatus.Adopted, "leader", "Alleen de leraar kan “evalueren”.")]
    public void A_step_by_the_wrong_role_is_refused_with_who_may_take_it(LifecycleTrigger trigger, OppStatus state, string who, string expected)
    {
        var plan = PlanAt(state);
        var actor = who switch { "teacher" => Teacher, "coordinator" => Coordinator, _ => Leader };

        Assert.Equal([expected], Refused(Fire(plan, trigger, actor, "reden")));
        Assert.Equal(state, plan.Status);
    }

    [Fact]
    public void A_step_without_a_user_key_is_refused()
    {
        var plan = PlanAt(OppStatus.InReview);

        Assert.Equal([Dialogs.Lifecycle.Text("actor_unknown")], Refused(Fire(plan, LifecycleTrigger.Approve, new LifecycleActor(LifecycleRole.Coordinator, " "))));
    }

    [Fact]
    public void A_reason_longer_than_the_limit_is_refused()
    {
        var plan = PlanAt(OppStatus.InReview);

        Assert.Equal(
            ["De reden is te lang: houd het bij 1000 tekens."],
            Refused(Fire(plan, LifecycleTrigger.Return, Coordinator, new string('x', OppLifecycle.MaxReasonLength + 1))));
    }

    public static TheoryData<OppStatus, LifecycleTrigger> IllegalSteps()
    {
        var legal = new HashSet<(OppStatus, LifecycleTrigger)>
        {
            (OppStatus.Concept, LifecycleTrigger.SubmitForReview),
            (OppStatus.InReview, LifecycleTrigger.Return),
            (OppStatus.InReview, LifecycleTrigger.Approve),
            (OppStatus.Returned, LifecycleTrigger.Resubmit),
            (OppStatus.Approved, LifecycleTrigger.RequestConsent),
            (OppStatus.AwaitingConsent, LifecycleTrigger.Adopt),
            (OppStatus.Adopted, LifecycleTrigger.Evaluate),
        };
        var data = new TheoryData<OppStatus, LifecycleTrigger>();
        foreach (var state in Enum.GetValues<OppStatus>())
        {
            foreach (var trigger in Enum.GetValues<LifecycleTrigger>().Where(t => !legal.Contains((state, t))))
            {
                data.Add(state, trigger);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(IllegalSteps))]
    public void A_step_that_does_not_belong_to_the_state_is_refused_with_the_state_and_step_in_Dutch(OppStatus state, LifecycleTrigger trigger)
    {
        var plan = PlanAt(state);
        var before = plan.Lifecycle.History.Count;
        // Whoever may take the step in its own state, so only the state refuses it.
        var actor = OppLifecycle.AllowedRoles[trigger][0] switch
        {
            LifecycleRole.Teacher => Teacher,
            _ => Coordinator,
        };

        var reasons = Refused(Fire(plan, trigger, actor, "reden"));

        var expected = Dialogs.Lifecycle.Text("not_allowed", ("trigger", Dialogs.Lifecycle.Triggers[trigger]), ("state", Dialogs.Lifecycle.States[state]));
        Assert.Equal([expected], reasons);
        Assert.Equal(state, plan.Status);
        Assert.Equal(before, plan.Lifecycle.History.Count);
    }

    [Fact]
    public void The_refusal_names_the_state_and_the_step_in_Dutch()
    {
        var plan = PlanAt(OppStatus.Concept);

        Assert.Equal(["Het OPP staat op “Concept”. Dan kan “vaststellen” niet."], Refused(Fire(plan, LifecycleTrigger.Adopt, Coordinator)));
        Assert.Equal(
            ["Het OPP staat op “Vastgesteld”. Dan kan “goedkeuren” niet."],
            Refused(Fire(PlanAt(OppStatus.Adopted), LifecycleTrigger.Approve, Coordinator)));
    }

    [Fact]
    public void The_available_steps_follow_the_state_and_the_role()
    {
        var plan = PlanAt(OppStatus.InReview);

        Assert.Equal([LifecycleTrigger.Return, LifecycleTrigger.Approve], OppLifecycle.Available(plan, Coordinator, Dialogs));
        Assert.Empty(OppLifecycle.Available(plan, Teacher, Dialogs));
        Assert.Equal("Ter review", OppLifecycle.StateName(plan.Status, Dialogs));
    }

    [Fact]
    public void Every_state_step_and_role_has_a_Dutch_name()
    {
        Assert.Equal(
            ["Concept", "Ter review", "Teruggestuurd", "Goedgekeurd", "Wacht op instemming", "Vastgesteld", "Geëvalueerd"],
            Enum.GetValues<OppStatus>().Select(s => Dialogs.Lifecycle.States[s]));
        Assert.All(Enum.GetValues<LifecycleTrigger>(), t => Assert.False(string.IsNullOrWhiteSpace(Dialogs.Lifecycle.Triggers[t])));
        Assert.All(Enum.GetValues<LifecycleRole>(), r => Assert.False(string.IsNullOrWhiteSpace(Dialogs.Lifecycle.Roles[r])));
    }
}
