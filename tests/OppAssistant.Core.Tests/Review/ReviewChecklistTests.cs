using System.Text.RegularExpressions;
using OppAssistant.Core.Content;
using OppAssistant.Core.Lifecycle;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Review;
using OppAssistant.Core.Tests.Drafting;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Tests.Review;

/// <summary>
/// For every check a good plan and a deficient one: <see cref="DraftPlans.Complete"/> (started on 5 October 2026,
/// reviewed on 20 October) with one change each, asserting the outcome and that the explanation is the file's text.
/// </summary>
public sealed partial class ReviewChecklistTests
{
    private static readonly DialogCatalog Catalog = DialogCatalog.Load(Repo.DialogsDirectory);

    private static readonly DateOnly Today = new(2026, 10, 20);

    /// <summary>The complete plan, with the created date the repository would have given it.</summary>
    private static OppDocument Plan()
    {
        var plan = DraftPlans.Complete();
        plan.CreatedAt = DraftPlans.At;
        return plan;
    }

    private sealed record Case(string Check, CheckOutcome Expected, Action<OppDocument> Change, string? Contains = null)
    {
        public DateOnly Today { get; init; } = ReviewChecklistTests.Today;

        public DateOnly? AdoptedOn { get; init; }

        public ReviewSettings? Settings { get; init; }

        public Func<OppDocument>? Start { get; init; }
    }

    private static readonly IReadOnlyDictionary<string, Case> Cases = new Dictionary<string, Case>
    {
        ["required parts: complete"] = new("required_parts", CheckOutcome.Pass, _ => { }),
        ["required parts: no analysis, no pupil's voice"] = new("required_parts", CheckOutcome.Fail,
            p => { p.Insight.Analysis = null; p.PupilVoice = null; }, "de analyse (inzicht), de inbreng van de leerling"),

        ["length: complete"] = new("length", CheckOutcome.Pass, _ => { }),
        ["length: bloated"] = new("length", CheckOutcome.Fail, _ => { }) { Start = DraftPlans.Bloated },
        ["length: above the warning"] = new("length", CheckOutcome.Warn, _ => { }) { Settings = new ReviewSettings { LengthWarningPages = 0.5 } },

        ["factors recent: complete"] = new("factors_recent", CheckOutcome.Pass, _ => { }, "12 maanden"),
        ["factors recent: one from 2024"] = new("factors_recent", CheckOutcome.Fail,
            p => p.Factors[0] = p.Factors[0] with { ObservedOn = new DateOnly(2024, 9, 1) }, "1 september 2024"),
        ["factors recent: one in the future"] = new("factors_recent", CheckOutcome.Warn, p => p.Factors[0] = p.Factors[0] with { ObservedOn = new DateOnly(2027, 1, 1) }),
        ["factors recent: no factors"] = new("factors_recent", CheckOutcome.NotApplicable, p => p.Factors.Clear()),

        ["circles: home (−) from the parents alone"] = new("factors_cover_circles", CheckOutcome.Pass, p => p.Factors.RemoveAll(f => f.Id == "f7")),
        ["circles: no home (−) at all"] = new("factors_cover_circles", CheckOutcome.Fail,
            p => { p.Factors.RemoveAll(f => f.Id == "f7"); p.Parents!.Contributions[0].HardAtHome.Clear(); }, "thuis (−)"),
        ["circles: no school"] = new("factors_cover_circles", CheckOutcome.Fail,
            p => p.Factors.RemoveAll(f => f.Circle == Circle.School), "school (+), school (−)"),

        ["balance: complete"] = new("factors_balance", CheckOutcome.Pass, _ => { }),
        ["balance: one + against four −"] = new("factors_balance", CheckOutcome.Warn,
            p => p.Factors.RemoveAll(f => f.Id is "f4" or "f6"), "1 factor(en) die helpen (+) tegenover 4"),

        ["perspective: complete"] = new("perspective_present", CheckOutcome.Pass, _ => { }),
        ["perspective: no level"] = new("perspective_present", CheckOutcome.Fail, p => p.Perspective.Levels.Clear()),

        ["follow-on: complete"] = new("perspective_follow_on", CheckOutcome.Pass, _ => { }),
        ["follow-on: missing in sbo"] = new("perspective_follow_on", CheckOutcome.Fail, p => { p.Pupil.SchoolType = SchoolType.Sbo; p.Perspective.FollowOn = null; }),
        ["follow-on: vo"] = new("perspective_follow_on", CheckOutcome.NotApplicable, p => { p.Pupil.SchoolType = SchoolType.Vo; p.Perspective.FollowOn = null; }),

        ["rationale: complete"] = new("perspective_rationale", CheckOutcome.Pass, _ => { }),
        ["rationale: missing"] = new("perspective_rationale", CheckOutcome.Fail, p => p.Perspective.Rationale = null),

        ["goals: complete"] = new("goals_present", CheckOutcome.Pass, _ => { }, "2 doel(en)"),
        ["goals: none"] = new("goals_present", CheckOutcome.Fail, p => p.Goals.Clear()),

        ["criteria: complete"] = new("goals_success_criteria", CheckOutcome.Pass, _ => { }),
        ["criteria: goal 2 not monitored"] = new("goals_success_criteria", CheckOutcome.Fail, p => p.Goals[1].Monitoring = null, "Bij doel 2 ontbreekt"),

        ["dated: complete"] = new("goals_dated", CheckOutcome.Pass, _ => { }),
        ["dated: goal 1 undated"] = new("goals_dated", CheckOutcome.Fail, p => p.Goals[0].EvaluateOn = null, "Bij doel 1 staat"),
        ["dated: goal 2 in 2028"] = new("goals_dated", CheckOutcome.Warn, p => p.Goals[1].EvaluateOn = new DateOnly(2028, 1, 1), "doel 2"),

        ["domains: complete"] = new("goals_domains", CheckOutcome.Pass, _ => { }),
        ["domains: only learning"] = new("goals_domains", CheckOutcome.Fail, p => p.Goals[1].Domain = GoalDomain.Learning),
        ["domains: no learning"] = new("goals_domains", CheckOutcome.Warn, p => p.Goals[0].Domain = GoalDomain.Wellbeing),

        ["measurable: complete"] = new("goals_measurable", CheckOutcome.Pass, _ => { }),
        ["measurable: vague goal 2"] = new("goals_measurable", CheckOutcome.Warn, p =>
        {
            p.Goals[1].Description = DraftPlans.Text("Fenna maakt vorderingen met om hulp vragen.", "goal_description");
            p.Goals[1].SuccessCriterion = DraftPlans.Text("Fenna ontwikkelt zich goed.", "goal_success_criterion");
        }, "Bij doel 2 staat"),

        ["kinds: complete"] = new("needs_all_kinds", CheckOutcome.Pass, _ => { }),
        ["kinds: no parenting need, the parents' neither"] = new("needs_all_kinds", CheckOutcome.Fail, p =>
        {
            p.ActionPart.Needs.RemoveAll(n => n.Kind == NeedKind.Parenting);
            p.Parents!.Contributions[0].Needs.Clear();
        }, "opvoedbehoeften"),

        ["tied: complete"] = new("needs_tied_to_goals", CheckOutcome.Pass, _ => { }),
        ["tied: one need without goal"] = new("needs_tied_to_goals", CheckOutcome.Fail, p => p.ActionPart.Needs[0] = p.ActionPart.Needs[0] with { GoalId = null }, "1 behoefte(n)"),

        ["labels: complete"] = new("needs_no_labels", CheckOutcome.Pass, _ => { }),
        ["labels: ADHD as a need"] = new("needs_no_labels", CheckOutcome.Warn,
            p => p.ActionPart.Needs[0] = p.ActionPart.Needs[0] with { Text = "Fenna heeft ADHD en heeft daarom begeleiding nodig." }, "ADHD"),

        ["language: complete"] = new("need_language", CheckOutcome.Pass, _ => { }),
        ["language: lazy"] = new("need_language", CheckOutcome.Warn, p => p.Factors[1] = p.Factors[1] with { Text = "Fenna is lui bij rekenen." }, "lui"),

        ["agreements: complete"] = new("agreements_present", CheckOutcome.Pass, _ => { }, "2 afspraak"),
        ["agreements: none"] = new("agreements_present", CheckOutcome.Fail, p => p.ActionPart.Agreements.Clear()),

        ["concrete: complete"] = new("agreements_concrete", CheckOutcome.Pass, _ => { }),
        ["concrete: agreement 1 without when"] = new("agreements_concrete", CheckOutcome.Fail, p => p.ActionPart.Agreements[0].When = null, "afspraak 1 (wanneer)"),
        ["concrete: agreement 2 without how"] = new("agreements_concrete", CheckOutcome.Warn, p => p.ActionPart.Agreements[1].How = null, "afspraak 2 (hoe)"),

        ["evaluation: complete"] = new("evaluation_planned", CheckOutcome.Pass, _ => { }, "29 januari 2027"),
        ["evaluation: only in 2028"] = new("evaluation_planned", CheckOutcome.Fail, p => p.EvaluationMoments = [new DateOnly(2028, 1, 1)], "5 oktober 2026"),
        ["evaluation: none"] = new("evaluation_planned", CheckOutcome.Fail, p => p.EvaluationMoments.Clear()),
        ["evaluation: all past"] = new("evaluation_planned", CheckOutcome.Warn, _ => { }, "25 juni 2027") { Today = new DateOnly(2027, 8, 1) },

        ["voice: complete"] = new("pupil_voice_recorded", CheckOutcome.Pass, _ => { }),
        ["voice: none"] = new("pupil_voice_recorded", CheckOutcome.Fail, p => p.PupilVoice = null),

        ["weighed: complete"] = new("pupil_voice_weighed", CheckOutcome.Pass, _ => { }),
        ["weighed: one open"] = new("pupil_voice_weighed", CheckOutcome.Fail, p => p.PupilVoice!.Conversations[0].Answers[0].Weighing = null, "Bij 1 inbreng"),
        ["weighed: nothing said"] = new("pupil_voice_weighed", CheckOutcome.NotApplicable, p => p.PupilVoice!.Conversations[0].Answers.RemoveAt(0)),

        ["mode: complete"] = new("pupil_mode_noted", CheckOutcome.Pass, _ => { }),
        ["mode: not noted"] = new("pupil_mode_noted", CheckOutcome.Fail, p => { p.PupilVoice!.HowInvolved = null; p.PupilVoice.Conversations[0].Company = null; }),

        ["not understood: with the teacher's words"] = new("pupil_not_understood_noted", CheckOutcome.Pass, NotUnderstood),
        ["not understood: alone, nothing noted"] = new("pupil_not_understood_noted", CheckOutcome.Fail, p => { NotUnderstood(p); p.PupilVoice!.HowInvolved = null; }),
        ["not understood: every question understood"] = new("pupil_not_understood_noted", CheckOutcome.NotApplicable, _ => { }),

        // The parents are asked only after approval: before Wacht op instemming no consent yet is not applicable, from it on a failure.
        ["consent: complete, in review"] = new("parent_consent", CheckOutcome.Pass, p => InState(p, OppStatus.InReview)),
        ["consent: complete, awaiting consent"] = new("parent_consent", CheckOutcome.Pass, p => InState(p, OppStatus.AwaitingConsent)),
        ["consent: none yet, concept"] = new("parent_consent", CheckOutcome.NotApplicable, p => NoConsent(p, OppStatus.Concept), "nadat het plan is goedgekeurd"),
        ["consent: none yet, in review"] = new("parent_consent", CheckOutcome.NotApplicable, p => NoConsent(p, OppStatus.InReview), "nadat het plan is goedgekeurd"),
        ["consent: none yet, returned"] = new("parent_consent", CheckOutcome.NotApplicable, p => NoConsent(p, OppStatus.Returned)),
        ["consent: none yet, approved"] = new("parent_consent", CheckOutcome.NotApplicable, p => NoConsent(p, OppStatus.Approved)),
        ["consent: none yet, awaiting consent"] = new("parent_consent", CheckOutcome.Fail, p => NoConsent(p, OppStatus.AwaitingConsent), "nog geen instemming"),
        ["consent: none yet, adopted"] = new("parent_consent", CheckOutcome.Fail, p => NoConsent(p, OppStatus.Adopted)),
        ["consent: none yet, evaluated"] = new("parent_consent", CheckOutcome.Fail, p => NoConsent(p, OppStatus.Evaluated)),
        ["consent: only a parent without gezag agreed, awaiting consent"] = new("parent_consent", CheckOutcome.Fail, p =>
        {
            NoConsent(p, OppStatus.AwaitingConsent);
            p.Parents!.Consents.Add(new ParentConsent("o3", "Stiefvader", false, ConsentDecision.Agreed, DraftPlans.At.AddDays(12), "directline", "c4"));
        }),
        ["consent: not agreed, recorded, in review"] = new("parent_consent", CheckOutcome.Warn, p => { InState(p, OppStatus.InReview); NotAgreed(p); }, "moeder"),
        ["consent: not agreed, recorded, awaiting consent"] = new("parent_consent", CheckOutcome.Warn, p => { InState(p, OppStatus.AwaitingConsent); NotAgreed(p); }, "moeder"),

        ["both parents: both decided"] = new("parent_consent_all_custody", CheckOutcome.Pass, p =>
        {
            AddFather(p);
            p.Parents!.Consents.Add(new ParentConsent("o2", "Vader", true, ConsentDecision.Agreed, DraftPlans.At.AddDays(11), "directline", "c3"));
        }),
        // Like consent itself: the father not having decided yet is only a point once the parents were asked.
        ["both parents: father not yet, awaiting consent"] = new("parent_consent_all_custody", CheckOutcome.Warn, p => { AddFather(p); InState(p, OppStatus.AwaitingConsent); }, "vader"),
        ["both parents: father not yet, in review"] = new("parent_consent_all_custody", CheckOutcome.NotApplicable, p => { AddFather(p); InState(p, OppStatus.InReview); }, "na het goedkeuren"),
        ["both parents: one parent with gezag"] = new("parent_consent_all_custody", CheckOutcome.NotApplicable, _ => { }),

        ["deadline: in time"] = new("adoption_deadline", CheckOutcome.Pass, _ => { }, "16 november 2026"),
        ["deadline: adopted in time"] = new("adoption_deadline", CheckOutcome.Pass, _ => { }) { AdoptedOn = new DateOnly(2026, 11, 10), Today = new DateOnly(2026, 12, 1) },
        ["deadline: four days left"] = new("adoption_deadline", CheckOutcome.Warn, _ => { }, "Nog 4 dag(en)") { Today = new DateOnly(2026, 11, 12) },
        ["deadline: past, not adopted"] = new("adoption_deadline", CheckOutcome.Fail, _ => { }, "16 november 2026") { Today = new DateOnly(2026, 11, 17) },
        ["deadline: adopted late"] = new("adoption_deadline", CheckOutcome.Fail, _ => { }) { AdoptedOn = new DateOnly(2026, 11, 30), Today = new DateOnly(2026, 12, 1) },
        ["deadline: no start date"] = new("adoption_deadline", CheckOutcome.NotApplicable, p => p.CreatedAt = default),

        ["adopted: with consent"] = new("adopted_with_consent", CheckOutcome.Pass, _ => { }) { AdoptedOn = new DateOnly(2026, 11, 10) },
        ["adopted: without consent"] = new("adopted_with_consent", CheckOutcome.Fail, p => p.Parents!.Consents.Clear()) { AdoptedOn = new DateOnly(2026, 11, 10) },
        ["adopted: not yet"] = new("adopted_with_consent", CheckOutcome.NotApplicable, _ => { }),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_check_gives_its_outcome_with_the_text_of_the_file(string name)
    {
        var test = Cases[name];
        var plan = test.Start?.Invoke() ?? DraftPlans.Complete();
        plan.CreatedAt = DraftPlans.At;
        test.Change(plan);

        var results = ReviewChecklist.Run(plan, test.Today, Catalog, _ => test.AdoptedOn, test.Settings);
        var result = Assert.Single(results, r => r.Id == test.Check);

        Assert.Equal(test.Expected, result.Outcome);
        AssertFromFile(result);
        if (test.Contains is { } words)
        {
            Assert.Contains(words, result.Explanation, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_adoption_date_comes_from_the_lifecycle_trail_by_default()
    {
        var plan = DraftPlans.Complete();
        plan.CreatedAt = DraftPlans.At;
        plan.Lifecycle.History.Add(new LifecycleTransition(
            OppStatus.AwaitingConsent, OppStatus.Adopted, LifecycleTrigger.Adopt, LifecycleRole.SchoolLeader, "leader-1", DraftPlans.At.AddDays(50)));

        var results = ReviewChecklist.Run(plan, new DateOnly(2026, 12, 1), Catalog);

        Assert.Equal(new DateOnly(2026, 11, 24), ReviewChecklist.AdoptedOnFromLifecycle(plan));
        Assert.Equal(CheckOutcome.Fail, Assert.Single(results, r => r.Id == "adoption_deadline").Outcome);
        Assert.Equal(CheckOutcome.Pass, Assert.Single(results, r => r.Id == "adopted_with_consent").Outcome);
    }

    [Fact]
    public void Every_check_has_a_good_and_a_deficient_case()
    {
        foreach (var check in ReviewChecklist.Checks)
        {
            var outcomes = Cases.Values.Where(c => c.Check == check.Id).Select(c => c.Expected).ToHashSet();
            Assert.True(outcomes.Contains(CheckOutcome.Pass), $"{check.Id}: no good plan");
            Assert.True(outcomes.Any(o => o != CheckOutcome.Pass), $"{check.Id}: no deficient plan");
            Assert.Subset(check.Outcomes.Keys.ToHashSet(), outcomes);
        }
    }

    [Fact]
    public void A_complete_plan_passes_every_structural_check()
    {
        var results = ReviewChecklist.Run(Plan(), Today, Catalog);

        Assert.Equal(ReviewChecklist.Checks.Select(c => c.Id), results.Select(r => r.Id));
        Assert.All(results.Where(r => r.Automation == CheckAutomation.Structural),
            r => Assert.True(r.Outcome is CheckOutcome.Pass or CheckOutcome.NotApplicable, $"{r.Id}: {r.Outcome}: {r.Explanation}"));
        Assert.All(results.Where(r => r.Automation == CheckAutomation.Heuristic), r => Assert.Equal(CheckOutcome.Pass, r.Outcome));
        Assert.All(results, r => Assert.NotEmpty(r.Basis));
    }

    [Fact]
    public void An_empty_plan_fails_without_throwing()
    {
        var results = ReviewChecklist.Run(new OppDocument(), Today, Catalog);

        Assert.Contains(results, r => r.Id == "required_parts" && r.Outcome == CheckOutcome.Fail);
        Assert.All(results, AssertFromFile);
    }

    [Fact]
    public void The_explanations_are_free_of_placeholders_and_the_sources_name_the_checklist_row()
    {
        var results = ReviewChecklist.Run(DraftPlans.Bloated(), Today, Catalog);

        Assert.All(results, r =>
        {
            Assert.DoesNotMatch(@"\{[a-z_]+\}", r.Explanation);
            Assert.Contains("faq-brief", r.Source, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Only_the_plans_own_words_go_through_the_escape_and_the_files_text_stays()
    {
        var plan = Plan();
        plan.Lifecycle.State = OppStatus.InReview;
        plan.Factors.Add(new Factor("f-extra", Circle.Pupil, Influence.Hindering, "Fenna wil *rekenen* niet oefenen.", new DateOnly(2026, 10, 1), DraftPlans.Teacher("factor")));
        NotAgreed(plan);
        plan.Parents!.Consents[^1] = plan.Parents.Consents[^1] with { Label = "_Moeder_" };

        var results = ReviewChecklist.Run(plan, Today, Catalog);

        var language = Assert.Single(results, r => r.Id == "need_language");
        Assert.Equal([new CheckValue("found", "wil *rekenen* niet", FromPlan: true)], language.Values);
        Assert.Equal(Catalog.Checklist.Check("need_language").Texts[CheckOutcome.Warn], language.Template);
        Assert.Equal(language.Explanation.Replace("wil *rekenen* niet", "[wil *rekenen* niet]", StringComparison.Ordinal), language.ExplanationWith(w => "[" + w + "]"));
        var consent = Assert.Single(results, r => r.Id == "parent_consent");
        Assert.Equal(CheckOutcome.Warn, consent.Outcome);
        Assert.Contains(@"\_moeder\_", consent.ExplanationWith(MarkdownText.Escape), StringComparison.Ordinal);

        // Numbers, dates and the file's own labels are not the plan's words: they are filled in as they are.
        var deadline = Assert.Single(results, r => r.Id == "adoption_deadline");
        Assert.All(deadline.Values, v => Assert.False(v.FromPlan));
        Assert.Equal(deadline.Explanation, deadline.ExplanationWith(_ => "x"));
    }

    /// <summary>The explanation is the file's text for this outcome: its fixed words in order around the filled-in placeholders.</summary>
    private static void AssertFromFile(CheckResult result)
    {
        var texts = Catalog.Checklist.Check(result.Id);
        Assert.Equal(texts.Title, result.Title);
        Assert.Equal(texts.Source, result.Source);
        var pattern = "^" + string.Join(".+?", Placeholder().Split(texts.Texts[result.Outcome]).Select(Regex.Escape)) + "$";
        Assert.Matches(new Regex(pattern, RegexOptions.Singleline), result.Explanation);
    }

    private static void NotUnderstood(OppDocument plan)
    {
        var answer = plan.PupilVoice!.Conversations[0].Answers[1];
        answer.Status = PupilAnswerStatus.NotUnderstood;
    }

    private static void InState(OppDocument plan, OppStatus state) => plan.Lifecycle.State = state;

    private static void NoConsent(OppDocument plan, OppStatus state)
    {
        InState(plan, state);
        plan.Parents!.Consents.Clear();
    }

    private static void NotAgreed(OppDocument plan) => plan.Parents!.Consents.Add(
        new ParentConsent("o1", "Moeder", true, ConsentDecision.NotAgreed, DraftPlans.At.AddDays(12), "directline", "c2")
        {
            Reasons = DraftPlans.Text("Wij willen eerst een gesprek over het huiswerk.", "consent_reasons"),
        });

    private static void AddFather(OppDocument plan) => plan.Parents!.Contributions.Add(new ParentContribution
    {
        Id = "o2", Label = "Vader", HasCustody = true, StartedAt = DraftPlans.At.AddDays(10), Channel = "directline",
        GoesWellAtHome = [DraftPlans.Text("Fenna helpt graag met koken.", "parent_home")],
    });

    [GeneratedRegex(@"\{[a-z_]+\}")]
    private static partial Regex Placeholder();
}
