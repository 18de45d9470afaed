using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Drafting;

/// <summary>
/// Which required parts of the plan are empty or incomplete, in the order of the draft. The checks are the
/// structural ones of the review checklist (faq-brief §8: checks 5, 11, 12, 14, 16, 20, 21, 22, 28, 29, 30, 31) and
/// the legally required parts (stakeholders-and-law-brief §2.4); what each means and why is in dialogs/draft.yaml.
/// </summary>
internal static class MissingParts
{
    /// <summary>The longest piece of a need's text quoted in "this need has no goal yet".</summary>
    private const int QuotedNeedLength = 60;

    public static List<MissingPart> Of(OppDocument opp, DraftDialog dialog)
    {
        var missing = new List<MissingPart>();
        void Add(MissingPartKind kind, params (string Name, string Value)[] values)
        {
            var part = dialog.Missing.For(kind);
            missing.Add(new MissingPart(kind, SectionOf(kind), DraftDialog.Fill(part.Text, values), part.Sources));
        }
        string Parts(params (bool Missing, string Label)[] parts) =>
            string.Join(", ", parts.Where(p => p.Missing).Select(p => LowerFirst(dialog.Label(p.Label))));

        if (string.IsNullOrWhiteSpace(opp.Pupil.Reason))
        {
            Add(MissingPartKind.PupilReason);
        }

        // An empty circle is named once; "no + at all" and "no − at school or home" only add something when the
        // circles concerned hold factors, so an empty overzicht gives three lines, not five.
        var factors = opp.Factors;
        foreach (var (circle, kind) in new[] { (Circle.Pupil, MissingPartKind.FactorsPupil), (Circle.School, MissingPartKind.FactorsSchool), (Circle.Home, MissingPartKind.FactorsHome) })
        {
            if (factors.All(f => f.Circle != circle))
            {
                Add(kind);
            }
        }
        if (factors.Count > 0 && factors.All(f => f.Influence != Influence.Supporting))
        {
            Add(MissingPartKind.FactorsSupporting);
        }
        var environment = factors.Where(f => f.Circle is Circle.School or Circle.Home).ToList();
        if (environment.Count > 0 && environment.All(f => f.Influence != Influence.Hindering))
        {
            Add(MissingPartKind.FactorsHinderingEnvironment);
        }

        if (opp.Insight.Analysis is null)
        {
            Add(MissingPartKind.InsightAnalysis);
        }

        if (opp.Perspective.Levels.Count == 0)
        {
            Add(MissingPartKind.PerspectiveLevels);
        }
        if (FollowOnApplies(opp) && opp.Perspective.FollowOn is null)
        {
            Add(MissingPartKind.PerspectiveFollowOn);
        }
        if (opp.Perspective.Rationale is null)
        {
            Add(MissingPartKind.PerspectiveRationale);
        }

        if (opp.Goals.Count == 0)
        {
            Add(MissingPartKind.Goals);
        }
        foreach (var (goal, index) in opp.Goals.Select((g, i) => (g, i)).Where(g => !g.g.IsComplete))
        {
            Add(MissingPartKind.GoalIncomplete, ("n", Number(index)), ("parts", Parts(
                (goal.Domain is null, "domain"),
                (goal.Description is null, "description"),
                (goal.SuccessCriterion is null, "success_criterion"),
                (goal.Monitoring is null, "monitoring"),
                (goal.EvaluateOn is null, "evaluate_on"))));
        }

        var needs = opp.ActionPart.Needs;
        // A need the parents wrote with the hulpzinnen counts for its kind too (the parents' words, in their section).
        var parentNeeds = opp.Parents?.Contributions.SelectMany(p => p.Needs).ToList() ?? [];
        foreach (var (kind, part) in new[]
        {
            (NeedKind.Educational, MissingPartKind.NeedsEducational), (NeedKind.Parenting, MissingPartKind.NeedsParenting),
            (NeedKind.TeacherSupport, MissingPartKind.NeedsTeacherSupport), (NeedKind.ParentSupport, MissingPartKind.NeedsParentSupport),
        })
        {
            if (needs.Concat(parentNeeds).All(n => n.Kind != kind))
            {
                Add(part);
            }
        }
        foreach (var need in needs.Where(n => GoalIndex(opp, n) is null))
        {
            Add(MissingPartKind.NeedWithoutGoal, ("need", Quote(need.Text)));
        }
        if (opp.ActionPart.SupportAndApproach is null)
        {
            Add(MissingPartKind.SupportAndApproach);
        }
        if (opp.ActionPart.Agreements.Count == 0)
        {
            Add(MissingPartKind.Agreements);
        }
        foreach (var (agreement, index) in opp.ActionPart.Agreements.Select((a, i) => (a, i)))
        {
            if (agreement.Who is null || agreement.What is null || agreement.When is null || agreement.How is null)
            {
                Add(MissingPartKind.AgreementIncomplete, ("n", Number(index)), ("parts", Parts(
                    (agreement.Who is null, "who"), (agreement.What is null, "what"), (agreement.When is null, "when"), (agreement.How is null, "how"))));
            }
        }

        if (opp.EvaluationMoments.Count == 0)
        {
            Add(MissingPartKind.EvaluationMoments);
        }

        if (IsEmpty(opp.PupilVoice))
        {
            Add(MissingPartKind.PupilVoice);
        }
        else if (!IsHeard(opp.PupilVoice) || !IsWeighed(opp.PupilVoice))
        {
            var voice = opp.PupilVoice;
            Add(MissingPartKind.PupilVoiceIncomplete, ("parts", Parts(
                (!IsHeard(voice), "contributions"), (!IsWeighed(voice), "weighing"))));
        }

        if (IsEmpty(opp.Parents))
        {
            Add(MissingPartKind.Parents);
        }
        else if (!ParentConsents.HasConsent(opp))
        {
            Add(MissingPartKind.ParentsConsent);
        }
        return missing;
    }

    /// <summary>As the teacher's flow asks it: everywhere but in secondary education (faq-brief §1.1, 000 L794–796).</summary>
    public static bool FollowOnApplies(OppDocument opp) => opp.Pupil.SchoolType != SchoolType.Vo;

    /// <summary>The index of the goal a need serves, or null when it names none or a goal that is gone.</summary>
    public static int? GoalIndex(OppDocument opp, Need need)
    {
        var index = need.GoalId is null ? -1 : opp.Goals.FindIndex(g => g.Id == need.GoalId);
        return index < 0 ? null : index;
    }

    public static bool IsEmpty([NotNullWhen(false)] PupilVoice? voice) =>
        voice is null || (voice.Conversations.Count == 0 && voice.HowInvolved is null);

    /// <summary>
    /// The pupil was heard, or the teacher wrote how he was involved otherwise or why not: he may choose not to take
    /// part, but the school must ask him (faq-brief §1.6). A conversation that is still going on does not count yet.
    /// </summary>
    public static bool IsHeard(PupilVoice? voice) =>
        voice is not null && (voice.HowInvolved is not null || voice.Conversations.Any(c => c.End is not null && c.Answers.Count > 0));

    /// <summary>Every contribution has the teacher's weighing: used, partly or not, and why (faq-brief §4.5).</summary>
    public static bool IsWeighed(PupilVoice? voice) => voice is null || voice.Contributions.All(a => a.Weighing is not null);

    /// <summary>No parent has said anything or decided anything yet.</summary>
    public static bool IsEmpty([NotNullWhen(false)] ParentPart? parents) =>
        parents is null || (parents.Contributions.All(p => !p.HasWords) && parents.Consents.Count == 0);

    public static string Number(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);

    private static DraftSectionKind SectionOf(MissingPartKind kind) => kind switch
    {
        MissingPartKind.PupilReason => DraftSectionKind.Pupil,
        MissingPartKind.FactorsPupil or MissingPartKind.FactorsSchool or MissingPartKind.FactorsHome
            or MissingPartKind.FactorsSupporting or MissingPartKind.FactorsHinderingEnvironment => DraftSectionKind.Overview,
        MissingPartKind.InsightAnalysis => DraftSectionKind.Insight,
        MissingPartKind.PerspectiveLevels or MissingPartKind.PerspectiveFollowOn or MissingPartKind.PerspectiveRationale => DraftSectionKind.Perspective,
        MissingPartKind.Goals or MissingPartKind.GoalIncomplete => DraftSectionKind.Goals,
        MissingPartKind.NeedsEducational or MissingPartKind.NeedsParenting or MissingPartKind.NeedsTeacherSupport or MissingPartKind.NeedsParentSupport
            or MissingPartKind.NeedWithoutGoal or MissingPartKind.SupportAndApproach or MissingPartKind.Agreements
            or MissingPartKind.AgreementIncomplete => DraftSectionKind.ActionPart,
        MissingPartKind.EvaluationMoments => DraftSectionKind.Evaluation,
        MissingPartKind.PupilVoice or MissingPartKind.PupilVoiceIncomplete => DraftSectionKind.PupilVoice,
        MissingPartKind.Parents or MissingPartKind.ParentsConsent => DraftSectionKind.Parents,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "every missing part belongs to a section"),
    };

    /// <summary>"Succescriterium" reads "succescriterium" inside a sentence; a label that starts with an abbreviation ("IB'er") keeps its case.</summary>
    private static string LowerFirst(string label) =>
        label.Length > 1 && char.IsUpper(label[0]) && char.IsLower(label[1])
            ? char.ToLower(label[0], CultureInfo.GetCultureInfo("nl-NL")) + label[1..]
            : label;

    /// <summary>Enough of a need's text to recognise it, cut at a word.</summary>
    private static string Quote(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (flat.Length <= QuotedNeedLength)
        {
            return flat;
        }
        var cut = flat.LastIndexOf(' ', QuotedNeedLength);
        return flat[..(cut > 0 ? cut : QuotedNeedLength)] + "…";
    }
}
