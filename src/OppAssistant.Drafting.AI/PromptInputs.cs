using System.Globalization;
using System.Text;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;

namespace OppAssistant.Drafting.AI;

/// <summary>
/// The values for each prompt's declared <c>input_variables</c>, taken from the plan. Plain text, not yet masked:
/// <see cref="AiDraftingAssistant"/> masks all of them together before the prompt is rendered.
/// </summary>
internal static class PromptInputs
{
    private const string Missing = "(nog niet ingevuld)";

    public static Dictionary<string, string> RephraseNeed(RephraseNeedRequest request, DraftingPrompts prompts) => new(StringComparer.Ordinal)
    {
        ["leerling"] = Pupil(request.Plan),
        ["soort_behoefte"] = prompts.Frames[request.Kind].Kind,
        ["hulpzin"] = prompts.Frames[request.Kind].Frame,
        ["doel"] = Goal(request.Goal),
        ["categorie"] = request.Category?.Trim() ?? "",
        ["notitie"] = request.Note.Trim(),
    };

    public static Dictionary<string, string> SuggestNeeds(SuggestNeedsRequest request, DraftingPrompts prompts) => new(StringComparer.Ordinal)
    {
        ["leerling"] = Pupil(request.Plan),
        ["groep"] = Group(request.Plan.Pupil),
        ["soort_behoefte"] = prompts.Frames[request.Kind].Kind,
        ["hulpzin"] = prompts.Frames[request.Kind].Frame,
        ["doel"] = Goal(request.Goal),
        ["factoren"] = Factors(request.Plan.Factors),
    };

    public static Dictionary<string, string> SmartGoalHints(SmartGoalHintsRequest request) => new(StringComparer.Ordinal)
    {
        ["leerling"] = Pupil(request.Plan),
        ["domein"] = request.Goal.Domain is { } domain ? DomainName(domain) : "niet gekozen",
        ["doel"] = request.Goal.Description?.Text.Trim() ?? Missing,
        ["succescriterium"] = request.Goal.SuccessCriterion?.Text.Trim() ?? Missing,
        ["volgen"] = request.Goal.Monitoring?.Text.Trim() ?? Missing,
        ["evaluatiedatum"] = request.Goal.EvaluateOn?.ToString("d-M-yyyy", CultureInfo.InvariantCulture) ?? "(geen datum)",
    };

    public static Dictionary<string, string> PlainDutchForParents(PlainDutchRequest request) => new(StringComparer.Ordinal)
    {
        ["leerling"] = Pupil(request.Plan),
        ["kop"] = request.SectionTitle.Trim(),
        ["tekst"] = request.SectionText.Trim(),
    };

    private static string Pupil(OppDocument plan) =>
        string.IsNullOrWhiteSpace(plan.Pupil.Name) ? "de leerling" : plan.Pupil.Name.Trim();

    private static string Goal(ShortTermGoal goal)
    {
        var text = new StringBuilder(goal.Description?.Text.Trim() ?? Missing);
        if (goal.SuccessCriterion is { Text: var criterion })
        {
            text.Append(" (gehaald als: ").Append(criterion.Trim().TrimEnd('.')).Append(')');
        }
        return text.ToString();
    }

    private static string Group(PupilProfile pupil)
    {
        var parts = new[] { pupil.GroupOrYear?.Trim(), pupil.SchoolType is { } type ? SchoolTypeName(type) : null }
            .Where(p => !string.IsNullOrEmpty(p));
        var group = string.Join(", ", parts);
        return group.Length == 0 ? "onbekend" : group;
    }

    /// <summary>One factor a line; the dates are left out (they add nothing to a suggestion).</summary>
    private static string Factors(IReadOnlyList<Factor> factors) =>
        factors.Count == 0
            ? "(nog geen factoren ingevuld)"
            : string.Join('\n', factors.Select(f => $"- {CircleName(f.Circle)}, {(f.Influence == Influence.Supporting ? "bevorderend" : "belemmerend")}: {f.Text.Trim()}"));

    private static string CircleName(Circle circle) => circle switch
    {
        Circle.Pupil => "leerling",
        Circle.School => "school",
        Circle.Home => "thuis",
        _ => circle.ToString(),
    };

    private static string DomainName(GoalDomain domain) => domain switch
    {
        GoalDomain.Learning => "leren",
        GoalDomain.Motivation => "motivatie",
        GoalDomain.SocialEmotional => "sociaal-emotionele ontwikkeling",
        GoalDomain.Behaviour => "gedrag",
        GoalDomain.Wellbeing => "welbevinden",
        _ => domain.ToString(),
    };

    private static string SchoolTypeName(SchoolType type) => type switch
    {
        SchoolType.Po => "basisonderwijs",
        SchoolType.Sbo => "speciaal basisonderwijs",
        SchoolType.So => "speciaal onderwijs",
        SchoolType.Vo => "voortgezet onderwijs",
        _ => type.ToString(),
    };
}
