using System.Globalization;
using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Teacher;

/// <summary>
/// Reads and writes the plan by slot name (<see cref="OppSlots"/>), so the flow can treat every question alike.
/// List slots and groups are addressed by item: item == count appends a new one.
/// </summary>
internal static class PlanSlots
{
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>How many items a list slot, or the list behind a group, holds; 1 or 0 for a single answer.</summary>
    public static int Count(OppDocument opp, SlotDefinition slot) => slot switch
    {
        { Group: OppSlots.GoalGroup } => opp.Goals.Count,
        { Group: OppSlots.AgreementGroup } => opp.ActionPart.Agreements.Count,
        { Name: "insight.open_questions" } => opp.Insight.OpenQuestions.Count,
        { Name: "evaluation.moments" } => opp.EvaluationMoments.Count,
        { Name: "action.needs" } => opp.ActionPart.Needs.Count,
        { IsList: true } => Factors(opp, slot.Name).Count(),
        _ => Raw(opp, slot.Name, 0) is null ? 0 : 1,
    };

    public static bool HasValue(OppDocument opp, QuestionRef at, TeacherDialog dialog) =>
        Raw(opp, dialog.Question(at.QuestionId).Slot.Name, at.Item) is not null;

    /// <summary>The answer as the teacher reads it back (choice labels, Dutch dates), or null when there is none.</summary>
    public static string? Display(OppDocument opp, QuestionDialog question, int item)
    {
        var raw = Raw(opp, question.Slot.Name, item);
        return raw switch
        {
            null => null,
            DateOnly date => date.ToString("d MMMM yyyy", Dutch),
            IReadOnlyList<string> values => string.Join(" / ", values.Select(v => Label(question, v))),
            string text when question.Choices.Count > 0 => Label(question, text),
            string text => text,
            _ => raw.ToString(),
        };
    }

    /// <summary>Stores an accepted answer (see <see cref="AnswerParser"/>) at the item, with who wrote it and when.</summary>
    public static void Set(OppDocument opp, QuestionDialog question, int item, IReadOnlyList<string> values, Provenance source)
    {
        var value = values[0];
        TextEntry Entry() => new(value, source);
        switch (question.Slot.Name)
        {
            case "pupil.name": opp.Pupil.Name = value; break;
            case "pupil.group_or_year": opp.Pupil.GroupOrYear = value; break;
            case "pupil.school_type": opp.Pupil.SchoolType = Enum.Parse<SchoolType>(value, ignoreCase: true); break;
            case "pupil.reason":
                opp.Pupil.Reason = value;
                opp.Pupil.ReasonSource = source;
                break;
            case "insight.analysis": opp.Insight.Analysis = Entry(); break;
            case "insight.open_questions": SetAt(opp.Insight.OpenQuestions, item, Entry()); break;
            case "perspective.levels": opp.Perspective.Levels = [.. values]; break;
            case "perspective.follow_on": opp.Perspective.FollowOn = value == "special" ? FollowOnEducation.Special : FollowOnEducation.Regular; break;
            case "perspective.rationale": opp.Perspective.Rationale = Entry(); break;
            case "goal.domain": Goal(opp, item).Domain = DomainOf(value); break;
            case "goal.description": Goal(opp, item).Description = Entry(); break;
            case "goal.success_criterion": Goal(opp, item).SuccessCriterion = Entry(); break;
            case "goal.monitoring": Goal(opp, item).Monitoring = Entry(); break;
            case "goal.evaluate_on": Goal(opp, item).EvaluateOn = DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture); break;
            case "action.support_and_approach": opp.ActionPart.SupportAndApproach = Entry(); break;
            case "action.needs":
                // Typed over from the summary: the teacher's own sentence now, no longer the composed one.
                var needs = opp.ActionPart.Needs;
                needs[item] = needs[item] with { Text = value, Source = source, Completion = null };
                break;
            case "agreement.who": Agreement(opp, item).Who = Entry(); break;
            case "agreement.what": Agreement(opp, item).What = Entry(); break;
            case "agreement.when": Agreement(opp, item).When = Entry(); break;
            case "agreement.how": Agreement(opp, item).How = Entry(); break;
            case "evaluation.moments":
                SetAt(opp.EvaluationMoments, item, DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture));
                opp.EvaluationMoments.Sort();
                break;
            default: SetFactor(opp, question.Slot.Name, item, value, source); break;
        }
    }

    private static object? Raw(OppDocument opp, string slot, int item) => slot switch
    {
        "pupil.name" => opp.Pupil.Name,
        "pupil.group_or_year" => opp.Pupil.GroupOrYear,
        "pupil.school_type" => opp.Pupil.SchoolType?.ToString().ToLowerInvariant(),
        "pupil.reason" => opp.Pupil.Reason,
        "insight.analysis" => opp.Insight.Analysis?.Text,
        "insight.open_questions" => opp.Insight.OpenQuestions.ElementAtOrDefault(item)?.Text,
        "perspective.levels" => opp.Perspective.Levels.Count > 0 ? opp.Perspective.Levels : null,
        "perspective.follow_on" => opp.Perspective.FollowOn is { } f ? (f == FollowOnEducation.Special ? "special" : "regular") : null,
        "perspective.rationale" => opp.Perspective.Rationale?.Text,
        "goal.domain" => opp.Goals.ElementAtOrDefault(item)?.Domain is { } d ? DomainValue(d) : null,
        "goal.description" => opp.Goals.ElementAtOrDefault(item)?.Description?.Text,
        "goal.success_criterion" => opp.Goals.ElementAtOrDefault(item)?.SuccessCriterion?.Text,
        "goal.monitoring" => opp.Goals.ElementAtOrDefault(item)?.Monitoring?.Text,
        "goal.evaluate_on" => opp.Goals.ElementAtOrDefault(item)?.EvaluateOn,
        "action.support_and_approach" => opp.ActionPart.SupportAndApproach?.Text,
        "action.needs" => opp.ActionPart.Needs.ElementAtOrDefault(item)?.Text,
        "agreement.who" => opp.ActionPart.Agreements.ElementAtOrDefault(item)?.Who?.Text,
        "agreement.what" => opp.ActionPart.Agreements.ElementAtOrDefault(item)?.What?.Text,
        "agreement.when" => opp.ActionPart.Agreements.ElementAtOrDefault(item)?.When?.Text,
        "agreement.how" => opp.ActionPart.Agreements.ElementAtOrDefault(item)?.How?.Text,
        "evaluation.moments" => item < opp.EvaluationMoments.Count ? opp.EvaluationMoments[item] : null,
        _ => Factors(opp, slot).ElementAtOrDefault(item)?.Text,
    };

    private static string Label(QuestionDialog question, string value) =>
        question.Choices.FirstOrDefault(c => c.Value == value)?.Label ?? value;

    private static IEnumerable<Factor> Factors(OppDocument opp, string slot)
    {
        var (circle, influence) = FactorKind(slot);
        return opp.Factors.Where(f => f.Circle == circle && f.Influence == influence);
    }

    private static (Circle, Influence) FactorKind(string slot) =>
        (from circle in Enum.GetValues<Circle>()
         from influence in Enum.GetValues<Influence>()
         where OppSlots.FactorSlot(circle, influence) == slot
         select (circle, influence)).Single();

    /// <summary>A factor is dated the day it is written down (faq-brief §2.3: recent factors only); an edit keeps its date.</summary>
    private static void SetFactor(OppDocument opp, string slot, int item, string text, Provenance source)
    {
        var (circle, influence) = FactorKind(slot);
        if (Factors(opp, slot).ElementAtOrDefault(item) is { } existing)
        {
            opp.Factors[opp.Factors.IndexOf(existing)] = existing with { Text = text, Source = source };
            return;
        }
        opp.Factors.Add(new Factor($"f{opp.Factors.Count + 1}", circle, influence, text, DateOnly.FromDateTime(source.At.UtcDateTime), source));
    }

    private static void SetAt<T>(List<T> list, int item, T value)
    {
        if (item < list.Count)
        {
            list[item] = value;
        }
        else
        {
            list.Add(value);
        }
    }

    private static ShortTermGoal Goal(OppDocument opp, int item)
    {
        if (item >= opp.Goals.Count)
        {
            opp.Goals.Add(new ShortTermGoal { Id = $"g{opp.Goals.Count + 1}" });
        }
        return opp.Goals[Math.Min(item, opp.Goals.Count - 1)];
    }

    private static Agreement Agreement(OppDocument opp, int item)
    {
        var agreements = opp.ActionPart.Agreements;
        if (item >= agreements.Count)
        {
            agreements.Add(new Agreement { Id = $"a{agreements.Count + 1}" });
        }
        return agreements[Math.Min(item, agreements.Count - 1)];
    }

    private static readonly (GoalDomain Domain, string Value)[] Domains =
    [
        (GoalDomain.Learning, "learning"), (GoalDomain.Motivation, "motivation"), (GoalDomain.SocialEmotional, "social_emotional"),
        (GoalDomain.Behaviour, "behaviour"), (GoalDomain.Wellbeing, "wellbeing"),
    ];

    private static GoalDomain DomainOf(string value) => Domains.First(d => d.Value == value).Domain;

    private static string DomainValue(GoalDomain domain) => Domains.First(d => d.Domain == domain).Value;
}
