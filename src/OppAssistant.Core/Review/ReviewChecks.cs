using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;
using static OppAssistant.Core.Review.ReviewChecklist;

namespace OppAssistant.Core.Review;

/// <summary>
/// The checks, one method each, with the row of faq-brief §8 they implement. Which Dutch words each outcome shows,
/// and the sources, are in dialogs/checklist.yaml under the check's id.
/// </summary>
internal static class ReviewChecks
{
    private const CheckOutcome Pass = CheckOutcome.Pass;
    private const CheckOutcome Fail = CheckOutcome.Fail;
    private const CheckOutcome Warn = CheckOutcome.Warn;
    private const CheckOutcome NotApplicable = CheckOutcome.NotApplicable;

    public static IReadOnlyList<ReviewCheck> All { get; } =
    [
        S("required_parts", ReviewSection.Plan, RequiredParts, (Pass, []), (Fail, ["parts"])),
        S("length", ReviewSection.Plan, Length, (Pass, ["pages", "target"]), (Warn, ["pages", "target"]), (Fail, ["pages", "max"])),
        S("factors_recent", ReviewSection.Overview, FactorsRecent, (Pass, ["months"]), (Fail, ["count", "months", "date"]), (Warn, ["count"]), (NotApplicable, [])),
        S("factors_cover_circles", ReviewSection.Overview, FactorsCoverCircles, (Pass, []), (Fail, ["missing"])),
        H("factors_balance", ReviewSection.Overview, FactorsBalance, (Pass, []), (Warn, ["supporting", "hindering"]), (NotApplicable, [])),
        S("perspective_present", ReviewSection.Perspective, PerspectivePresent, (Pass, []), (Fail, [])),
        S("perspective_follow_on", ReviewSection.Perspective, PerspectiveFollowOn, (Pass, []), (Fail, []), (NotApplicable, [])),
        S("perspective_rationale", ReviewSection.Perspective, PerspectiveRationale, (Pass, []), (Fail, [])),
        S("goals_present", ReviewSection.Goals, GoalsPresent, (Pass, ["count"]), (Fail, [])),
        S("goals_success_criteria", ReviewSection.Goals, GoalsSuccessCriteria, (Pass, []), (Fail, ["goals"]), (NotApplicable, [])),
        S("goals_dated", ReviewSection.Goals, GoalsDated, (Pass, []), (Fail, ["goals"]), (Warn, ["goals", "months"]), (NotApplicable, [])),
        S("goals_domains", ReviewSection.Goals, GoalsDomains, (Pass, []), (Fail, []), (Warn, []), (NotApplicable, [])),
        H("goals_measurable", ReviewSection.Goals, GoalsMeasurable, (Pass, []), (Warn, ["goals", "found"]), (NotApplicable, [])),
        S("needs_all_kinds", ReviewSection.ActionPart, NeedsAllKinds, (Pass, []), (Fail, ["kinds"])),
        S("needs_tied_to_goals", ReviewSection.ActionPart, NeedsTiedToGoals, (Pass, []), (Fail, ["count"]), (NotApplicable, [])),
        H("needs_no_labels", ReviewSection.ActionPart, NeedsNoLabels, (Pass, []), (Warn, ["found"]), (NotApplicable, [])),
        H("need_language", ReviewSection.ActionPart, NeedLanguage, (Pass, []), (Warn, ["found"])),
        S("agreements_present", ReviewSection.ActionPart, AgreementsPresent, (Pass, ["count"]), (Fail, [])),
        S("agreements_concrete", ReviewSection.ActionPart, AgreementsConcrete, (Pass, []), (Fail, ["agreements"]), (Warn, ["agreements"]), (NotApplicable, [])),
        S("evaluation_planned", ReviewSection.Evaluation, EvaluationPlanned, (Pass, ["date"]), (Fail, ["start", "months"]), (Warn, ["date"])),
        S("pupil_voice_recorded", ReviewSection.PupilVoice, PupilVoiceRecorded, (Pass, []), (Fail, [])),
        S("pupil_voice_weighed", ReviewSection.PupilVoice, PupilVoiceWeighed, (Pass, []), (Fail, ["count"]), (NotApplicable, [])),
        S("pupil_mode_noted", ReviewSection.PupilVoice, PupilModeNoted, (Pass, []), (Fail, []), (NotApplicable, [])),
        S("pupil_not_understood_noted", ReviewSection.PupilVoice, PupilNotUnderstoodNoted, (Pass, []), (Fail, []), (NotApplicable, [])),
        S("parent_consent", ReviewSection.Parents, ParentConsent, (Pass, []), (Fail, []), (Warn, ["parents"]), (NotApplicable, [])),
        S("parent_consent_all_custody", ReviewSection.Parents, ParentConsentAllCustody, (Pass, []), (Warn, ["parents"]), (NotApplicable, [])),
        S("adoption_deadline", ReviewSection.Adoption, AdoptionDeadline, (Pass, ["deadline"]), (Warn, ["deadline", "days"]), (Fail, ["deadline"]), (NotApplicable, [])),
        S("adopted_with_consent", ReviewSection.Adoption, AdoptedWithConsent, (Pass, []), (Fail, []), (NotApplicable, [])),
    ];

    private static ReviewCheck S(string id, ReviewSection section, Func<ReviewContext, Verdict> evaluate, params (CheckOutcome, string[])[] outcomes) =>
        new(id, section, CheckAutomation.Structural, outcomes.ToDictionary(o => o.Item1, o => o.Item2)) { Evaluate = evaluate };

    private static ReviewCheck H(string id, ReviewSection section, Func<ReviewContext, Verdict> evaluate, params (CheckOutcome, string[])[] outcomes) =>
        new(id, section, CheckAutomation.Heuristic, outcomes.ToDictionary(o => o.Item1, o => o.Item2)) { Evaluate = evaluate };

    private static string List(IEnumerable<string> items) => string.Join(", ", items);

    /// <summary>A value made of the plan's own words (found in the teacher's text, a parent's label): a Markdown reply escapes it.</summary>
    private static CheckValue PlanWords(string name, string value) => new(name, value, FromPlan: true);

    private static string Goals(ReviewContext c, IEnumerable<int> indexes) =>
        List(indexes.Select(i => DraftDialog.Fill(c.Label("goal"), ("n", MissingParts.Number(i)))));

    private static IEnumerable<(ShortTermGoal Goal, int Index)> Indexed(OppDocument plan) => plan.Goals.Select((g, i) => (g, i));

    /// <summary>The legally required parts (faq-brief §1.1, §1.6): factors, analysis, perspective, handelingsdeel, the pupil's voice. Short-term goals are not legally required (000 L2252–2255).</summary>
    private static Verdict RequiredParts(ReviewContext c)
    {
        var plan = c.Plan;
        var missing = new (bool Missing, string Label)[]
        {
            (plan.Factors.Count == 0, "part_factors"),
            (plan.Insight.Analysis is null, "part_analysis"),
            (plan.Perspective.Levels.Count == 0, "part_perspective"),
            (plan.ActionPart.Needs.Count == 0 && plan.ActionPart.SupportAndApproach is null && plan.ActionPart.Agreements.Count == 0, "part_action_part"),
            (MissingParts.IsEmpty(plan.PupilVoice), "part_pupil_voice"),
        }.Where(p => p.Missing).Select(p => c.Label(p.Label)).ToList();
        return missing.Count == 0 ? Verdict.Pass() : Verdict.Fail(("parts", List(missing)));
    }

    /// <summary>#1: the draft's page estimate (<see cref="PageEstimate"/>).</summary>
    private static Verdict Length(ReviewContext c)
    {
        var pages = new DraftAssembler(c.Dialogs).Assemble(c.Plan).Length.Pages;
        var shown = Format(pages);
        if (pages > PageEstimate.MaximumPages)
        {
            return Verdict.Fail(("pages", shown), ("max", Format(PageEstimate.MaximumPages)));
        }
        var target = ("target", Format(PageEstimate.TargetPages));
        return pages > c.Settings.LengthWarningPages ? Verdict.Warn(("pages", shown), target) : Verdict.Pass(("pages", shown), target);
    }

    /// <summary>#4 (the S part): every factor is dated within <see cref="ReviewSettings.RecentFactorMonths"/>, and none in the future.</summary>
    private static Verdict FactorsRecent(ReviewContext c)
    {
        if (c.Plan.Factors.Count == 0)
        {
            return Verdict.NotApplicable();
        }
        var months = ("months", Format(c.Settings.RecentFactorMonths));
        var oldest = c.Today.AddMonths(-c.Settings.RecentFactorMonths);
        var old = c.Plan.Factors.Where(f => f.ObservedOn < oldest).ToList();
        if (old.Count > 0)
        {
            return Verdict.Fail(("count", Format(old.Count)), months, ("date", Format(old.Min(f => f.ObservedOn))));
        }
        var future = c.Plan.Factors.Count(f => f.ObservedOn > c.Today);
        return future > 0 ? Verdict.Warn(("count", Format(future))) : Verdict.Pass(months);
    }

    /// <summary>#5: the pupil, school and home each with + and −; the parents' own words count for home.</summary>
    private static Verdict FactorsCoverCircles(ReviewContext c)
    {
        var present = c.Plan.Factors.Select(f => (f.Circle, f.Influence)).ToHashSet();
        foreach (var parent in c.Plan.Parents?.Contributions ?? [])
        {
            if (parent.GoesWellAtHome.Count > 0)
            {
                present.Add((Circle.Home, Influence.Supporting));
            }
            if (parent.HardAtHome.Count > 0)
            {
                present.Add((Circle.Home, Influence.Hindering));
            }
        }
        var missing = (from circle in Enum.GetValues<Circle>()
                       from influence in Enum.GetValues<Influence>()
                       where !present.Contains((circle, influence))
                       select c.Label(DraftDialog.Key(circle) + "_" + DraftDialog.Key(influence))).ToList();
        return missing.Count == 0 ? Verdict.Pass() : Verdict.Fail(("missing", List(missing)));
    }

    /// <summary>#6 (heuristic): supporting factors are not under-represented compared with hindering ones.</summary>
    private static Verdict FactorsBalance(ReviewContext c)
    {
        var supporting = c.Plan.Factors.Count(f => f.Influence == Influence.Supporting);
        var hindering = c.Plan.Factors.Count(f => f.Influence == Influence.Hindering);
        if (hindering == 0)
        {
            return Verdict.NotApplicable();
        }
        return supporting < hindering * c.Settings.MinimumSupportingShare
            ? Verdict.Warn(("supporting", Format(supporting)), ("hindering", Format(hindering)))
            : Verdict.Pass();
    }

    /// <summary>#11: an uitstroomperspectief, for every pupil.</summary>
    private static Verdict PerspectivePresent(ReviewContext c) =>
        c.Plan.Perspective.Levels.Count > 0 ? Verdict.Pass() : Verdict.Fail();

    /// <summary>#12: in PO, SBO and SO, regular or special follow-on education.</summary>
    private static Verdict PerspectiveFollowOn(ReviewContext c) =>
        !MissingParts.FollowOnApplies(c.Plan) ? Verdict.NotApplicable()
        : c.Plan.Perspective.FollowOn is null ? Verdict.Fail() : Verdict.Pass();

    /// <summary>#14 (the S part): an onderbouwing of the perspective is written.</summary>
    private static Verdict PerspectiveRationale(ReviewContext c) =>
        c.Plan.Perspective.Rationale is null ? Verdict.Fail() : Verdict.Pass();

    /// <summary>#16 (the S part): short-term goals exist.</summary>
    private static Verdict GoalsPresent(ReviewContext c) =>
        c.Plan.Goals.Count == 0 ? Verdict.Fail() : Verdict.Pass(("count", Format(c.Plan.Goals.Count)));

    /// <summary>#20: every goal has a success criterion and a way of monitoring.</summary>
    private static Verdict GoalsSuccessCriteria(ReviewContext c)
    {
        if (c.Plan.Goals.Count == 0)
        {
            return Verdict.NotApplicable();
        }
        var lacking = Indexed(c.Plan).Where(g => g.Goal.SuccessCriterion is null || g.Goal.Monitoring is null).Select(g => g.Index).ToList();
        return lacking.Count == 0 ? Verdict.Pass() : Verdict.Fail(("goals", Goals(c, lacking)));
    }

    /// <summary>#16 and #28: every goal has an evaluation date, within the short term (a school year) of the start.</summary>
    private static Verdict GoalsDated(ReviewContext c)
    {
        if (c.Plan.Goals.Count == 0)
        {
            return Verdict.NotApplicable();
        }
        var undated = Indexed(c.Plan).Where(g => g.Goal.EvaluateOn is null).Select(g => g.Index).ToList();
        if (undated.Count > 0)
        {
            return Verdict.Fail(("goals", Goals(c, undated)));
        }
        var limit = (c.StartedOn ?? c.Today).AddMonths(c.Settings.EvaluationWithinMonths);
        var late = Indexed(c.Plan).Where(g => g.Goal.EvaluateOn > limit).Select(g => g.Index).ToList();
        return late.Count == 0 ? Verdict.Pass() : Verdict.Warn(("goals", Goals(c, late)), ("months", Format(c.Settings.EvaluationWithinMonths)));
    }

    /// <summary>#18 (the S part): goals beyond learning, and learning not left out.</summary>
    private static Verdict GoalsDomains(ReviewContext c)
    {
        var domains = c.Plan.Goals.Where(g => g.Domain is not null).Select(g => g.Domain!.Value).ToHashSet();
        if (domains.Count == 0)
        {
            return Verdict.NotApplicable();
        }
        return domains.All(d => d == GoalDomain.Learning) ? Verdict.Fail()
            : !domains.Contains(GoalDomain.Learning) ? Verdict.Warn()
            : Verdict.Pass();
    }

    /// <summary>#17 and #20 (heuristic): no vague goal without anything measurable (<see cref="LanguageCheckId.VagueGoal"/>).</summary>
    private static Verdict GoalsMeasurable(ReviewContext c)
    {
        if (c.Plan.Goals.Count == 0)
        {
            return Verdict.NotApplicable();
        }
        var vague = c.LanguageFindings.Where(f => f.Check == LanguageCheckId.VagueGoal).ToList();
        if (vague.Count == 0)
        {
            return Verdict.Pass();
        }
        var goals = vague.Select(f => c.Plan.Goals.FindIndex(g => g.Id == f.Id)).Where(i => i >= 0).Distinct().Order();
        return Verdict.Warn(("goals", Goals(c, goals)), PlanWords("found", List(vague.Select(f => f.Found!).Distinct(StringComparer.OrdinalIgnoreCase))));
    }

    /// <summary>#21: all four kinds of need; the parents' needs count for their kind.</summary>
    private static Verdict NeedsAllKinds(ReviewContext c)
    {
        var needs = c.Plan.ActionPart.Needs.Concat(c.Plan.Parents?.Contributions.SelectMany(p => p.Needs) ?? []).Select(n => n.Kind).ToHashSet();
        var missing = Enum.GetValues<NeedKind>().Where(k => !needs.Contains(k)).Select(k => c.Label("need_" + DraftDialog.Key(k))).ToList();
        return missing.Count == 0 ? Verdict.Pass() : Verdict.Fail(("kinds", List(missing)));
    }

    /// <summary>#8 (the S part): every need of the handelingsdeel names a goal of the plan.</summary>
    private static Verdict NeedsTiedToGoals(ReviewContext c)
    {
        if (c.Plan.ActionPart.Needs.Count == 0)
        {
            return Verdict.NotApplicable();
        }
        var loose = c.Plan.ActionPart.Needs.Count(n => MissingParts.GoalIndex(c.Plan, n) is null);
        return loose == 0 ? Verdict.Pass() : Verdict.Fail(("count", Format(loose)));
    }

    /// <summary>#7 (heuristic): no label or diagnosis in place of a need (the label list of dialogs/language-checks.yaml).</summary>
    private static Verdict NeedsNoLabels(ReviewContext c)
    {
        if (c.Plan.ActionPart.Needs.Count == 0)
        {
            return Verdict.NotApplicable();
        }
        var found = Found(c, LanguageCheckId.Label, TextKind.Need);
        return found.Count == 0 ? Verdict.Pass() : Verdict.Warn(PlanWords("found", List(found)));
    }

    /// <summary>#9 (heuristic): problem language in factors and needs that can be written as a need.</summary>
    private static Verdict NeedLanguage(ReviewContext c)
    {
        var found = Found(c, LanguageCheckId.ProblemLanguage, TextKind.Factor).Concat(Found(c, LanguageCheckId.ProblemLanguage, TextKind.Need))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return found.Count == 0 ? Verdict.Pass() : Verdict.Warn(PlanWords("found", List(found)));
    }

    private static List<string> Found(ReviewContext c, LanguageCheckId check, TextKind kind) =>
        c.LanguageFindings.Where(f => f.Check == check && f.Kind == kind && f.Found is not null)
            .Select(f => f.Found!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>#22 (the S part): the handelingsdeel has agreements.</summary>
    private static Verdict AgreementsPresent(ReviewContext c) =>
        c.Plan.ActionPart.Agreements.Count == 0 ? Verdict.Fail() : Verdict.Pass(("count", Format(c.Plan.ActionPart.Agreements.Count)));

    /// <summary>#22: each agreement says who, what and when (fail), and how (warn).</summary>
    private static Verdict AgreementsConcrete(ReviewContext c)
    {
        var agreements = c.Plan.ActionPart.Agreements;
        if (agreements.Count == 0)
        {
            return Verdict.NotApplicable();
        }
        string Describe(IEnumerable<(Agreement A, int I)> items, Func<Agreement, (bool Missing, string Label)[]> parts) =>
            List(items.Select(x => DraftDialog.Fill(c.Label("agreement"), ("n", MissingParts.Number(x.I)))
                + " (" + List(parts(x.A).Where(p => p.Missing).Select(p => c.Label(p.Label))) + ")"));
        var indexed = agreements.Select((a, i) => (A: a, I: i)).ToList();
        var vague = indexed.Where(x => x.A.Who is null || x.A.What is null || x.A.When is null).ToList();
        if (vague.Count > 0)
        {
            return Verdict.Fail(("agreements", Describe(vague, a => [(a.Who is null, "who"), (a.What is null, "what"), (a.When is null, "when")])));
        }
        var withoutHow = indexed.Where(x => x.A.How is null).ToList();
        return withoutHow.Count == 0 ? Verdict.Pass() : Verdict.Warn(("agreements", Describe(withoutHow, a => [(true, "how")])));
    }

    /// <summary>#28: an evaluation moment within a school year of the start; warn when every planned moment is past.</summary>
    private static Verdict EvaluationPlanned(ReviewContext c)
    {
        var start = c.StartedOn ?? c.Today;
        var limit = start.AddMonths(c.Settings.EvaluationWithinMonths);
        var moments = c.Plan.EvaluationMoments.Order().ToList();
        if (!moments.Any(m => m >= start && m <= limit))
        {
            return Verdict.Fail(("start", Format(start)), ("months", Format(c.Settings.EvaluationWithinMonths)));
        }
        var next = moments.Where(m => m >= c.Today).Select(m => (DateOnly?)m).FirstOrDefault();
        return next is { } upcoming ? Verdict.Pass(("date", Format(upcoming))) : Verdict.Warn(("date", Format(moments[^1])));
    }

    /// <summary>#31: the pupil was heard, or the teacher wrote how he was involved or why not.</summary>
    private static Verdict PupilVoiceRecorded(ReviewContext c) =>
        MissingParts.IsHeard(c.Plan.PupilVoice) ? Verdict.Pass() : Verdict.Fail();

    /// <summary>#31: every contribution of the pupil is weighed: used or not, and why.</summary>
    private static Verdict PupilVoiceWeighed(ReviewContext c)
    {
        var contributions = c.Plan.PupilVoice?.Contributions.ToList() ?? [];
        if (contributions.Count == 0)
        {
            return Verdict.NotApplicable();
        }
        var open = contributions.Count(a => a.Weighing is null);
        return open == 0 ? Verdict.Pass() : Verdict.Fail(("count", Format(open)));
    }

    /// <summary>#32: the pupil's choice of mode (alone or with someone) is noted for each conversation, or the teacher described it.</summary>
    private static Verdict PupilModeNoted(ReviewContext c)
    {
        if (c.Plan.PupilVoice is not { } voice || (voice.Conversations.Count == 0 && voice.HowInvolved is null))
        {
            return Verdict.NotApplicable();
        }
        return voice.HowInvolved is not null || voice.Conversations.All(r => r.Company is not null) ? Verdict.Pass() : Verdict.Fail();
    }

    /// <summary>#33: when the pupil did not understand a question, who was with him to help is noted (company other than alone, or the teacher's words).</summary>
    private static Verdict PupilNotUnderstoodNoted(ReviewContext c)
    {
        var conversations = c.Plan.PupilVoice?.Conversations.Where(r => r.Answers.Any(a => a.Status == PupilAnswerStatus.NotUnderstood)).ToList() ?? [];
        if (conversations.Count == 0)
        {
            return Verdict.NotApplicable();
        }
        return c.Plan.PupilVoice!.HowInvolved is not null || conversations.All(r => r.Company is not (null or AloneCompany)) ? Verdict.Pass() : Verdict.Fail();
    }

    /// <summary>The company option of a pupil who took part alone (dialogs/pupil/*.yaml, company; <see cref="DraftDialog.CompanyIds"/>).</summary>
    private const string AloneCompany = "alone";

    /// <summary>
    /// #29: a parent with gezag agreed to the handelingsdeel; a niet akkoord is recorded with its reasons (warn: the plan
    /// cannot be vastgesteld). The parents are asked only after approval (OppLifecycle: Approve, then RequestConsent), so
    /// before the plan waits for consent a missing consent is not applicable rather than a failure.
    /// </summary>
    private static Verdict ParentConsent(ReviewContext c)
    {
        var check = ParentConsents.CanBeAdopted(c.Plan);
        var disagreeing = check.Blocks.Where(b => b.Kind == AdoptionBlockKind.NotAgreed).Select(b => ParentName(c, b.Consent!.Label)).ToList();
        if (disagreeing.Count > 0)
        {
            return Verdict.Warn(PlanWords("parents", List(disagreeing)));
        }
        return check.CanBeAdopted ? Verdict.Pass()
            : ConsentAsked(c.Plan.Status) ? Verdict.Fail()
            : Verdict.NotApplicable();
    }

    /// <summary>Whether the parents have been asked for consent: from Wacht op instemming on (the states after it keep the question asked).</summary>
    private static bool ConsentAsked(OppStatus status) => status is OppStatus.AwaitingConsent or OppStatus.Adopted or OppStatus.Evaluated;

    /// <summary>#29: every parent known to have gezag (divorced parents both have instemmingsrecht) has decided, once they were asked.</summary>
    private static Verdict ParentConsentAllCustody(ReviewContext c)
    {
        var custody = c.Plan.Parents?.Contributions.Where(p => p.HasCustody == true).ToList() ?? [];
        if (custody.Count < 2)
        {
            return Verdict.NotApplicable();
        }
        var decided = ParentConsents.Latest(c.Plan).Select(d => d.ParentId).ToHashSet(StringComparer.Ordinal);
        var open = custody.Where(p => !decided.Contains(p.Id)).Select(p => ParentName(c, p.Label)).ToList();
        return open.Count == 0 ? Verdict.Pass()
            : ConsentAsked(c.Plan.Status) ? Verdict.Warn(PlanWords("parents", List(open)))
            : Verdict.NotApplicable();
    }

    private static string ParentName(ReviewContext c, string? label) => label is { Length: > 0 } ? label.ToLowerInvariant() : c.Label("parent_unnamed");

    /// <summary>#39: vastgesteld within six weeks of the start (the plan's created date); warn in the last week, fail after.</summary>
    private static Verdict AdoptionDeadline(ReviewContext c)
    {
        if (c.StartedOn is not { } start)
        {
            return Verdict.NotApplicable();
        }
        var deadline = start.AddDays(c.Settings.AdoptionDeadlineDays);
        var shown = ("deadline", Format(deadline));
        if (c.AdoptedOn is { } adopted)
        {
            return adopted <= deadline ? Verdict.Pass(shown) : Verdict.Fail(shown);
        }
        var left = deadline.DayNumber - c.Today.DayNumber;
        return left < 0 ? Verdict.Fail(shown)
            : left <= c.Settings.AdoptionWarningDays ? Verdict.Warn(shown, ("days", Format(left)))
            : Verdict.Pass(shown);
    }

    /// <summary>#38 and #29: a vastgesteld plan has the parents' consent; none is adopted while a parent with gezag disagrees.</summary>
    private static Verdict AdoptedWithConsent(ReviewContext c) =>
        c.AdoptedOn is null ? Verdict.NotApplicable()
        : ParentConsents.HasConsent(c.Plan) ? Verdict.Pass() : Verdict.Fail();
}
