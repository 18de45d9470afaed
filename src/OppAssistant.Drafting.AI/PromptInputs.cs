using System.Globalization;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Pupil;

namespace OppAssistant.Drafting.AI;

/// <summary>
/// The values for each prompt's declared <c>input_variables</c>, taken from the plan. Plain text, not yet masked:
/// <see cref="AiDraftingAssistant"/> masks all of them together before the prompt is rendered.
/// </summary>
internal static class PromptInputs
{
    public static Dictionary<string, string> RephraseNeed(RephraseNeedRequest request, DraftingPrompts prompts) => new(StringComparer.Ordinal)
    {
        ["leerling"] = Pupil(request.Plan, prompts),
        ["soort_behoefte"] = prompts.Frames[request.Kind].Kind,
        ["hulpzin"] = prompts.Frames[request.Kind].Frame,
        ["doel"] = Goal(request.Goal, prompts),
        ["categorie"] = request.Category?.Trim() ?? "",
        ["notitie"] = request.Note.Trim(),
    };

    public static Dictionary<string, string> SuggestNeeds(SuggestNeedsRequest request, DraftingPrompts prompts) => new(StringComparer.Ordinal)
    {
        ["leerling"] = Pupil(request.Plan, prompts),
        ["groep"] = Group(request.Plan.Pupil, prompts),
        ["soort_behoefte"] = prompts.Frames[request.Kind].Kind,
        ["hulpzin"] = prompts.Frames[request.Kind].Frame,
        ["doel"] = Goal(request.Goal, prompts),
        ["factoren"] = Factors(request.Plan.Factors, prompts),
    };

    public static Dictionary<string, string> SmartGoalHints(SmartGoalHintsRequest request, DraftingPrompts prompts) => new(StringComparer.Ordinal)
    {
        ["leerling"] = Pupil(request.Plan, prompts),
        ["domein"] = request.Goal.Domain is { } domain ? prompts.Dialogs.Draft.Domains[domain] : Missing(prompts),
        ["doel"] = request.Goal.Description?.Text.Trim() ?? Missing(prompts),
        ["succescriterium"] = request.Goal.SuccessCriterion?.Text.Trim() ?? Missing(prompts),
        ["volgen"] = request.Goal.Monitoring?.Text.Trim() ?? Missing(prompts),
        ["evaluatiedatum"] = request.Goal.EvaluateOn?.ToString("d-M-yyyy", CultureInfo.InvariantCulture) ?? Missing(prompts),
    };

    public static Dictionary<string, string> PlainDutchForParents(PlainDutchRequest request, DraftingPrompts prompts) => new(StringComparer.Ordinal)
    {
        ["leerling"] = Pupil(request.Plan, prompts),
        ["kop"] = request.SectionTitle.Trim(),
        ["tekst"] = request.SectionText.Trim(),
    };

    /// <summary>The band's id ("groep-6-8") says enough about the writer's age; the answer goes as typed, masked later.</summary>
    public static Dictionary<string, string> ClassifyDisclosure(DisclosureRequest request) => new(StringComparer.Ordinal)
    {
        ["leeftijdsgroep"] = AgeBands.Id(request.Band),
        ["antwoord"] = request.Text.Trim(),
    };

    /// <summary>The same words the summary uses for an empty answer.</summary>
    private static string Missing(DraftingPrompts prompts) => prompts.Dialogs.Teacher.Text("not_filled");

    private static string Pupil(OppDocument plan, DraftingPrompts prompts) =>
        string.IsNullOrWhiteSpace(plan.Pupil.Name) ? prompts.Dialogs.Teacher.Text("pupil_fallback") : plan.Pupil.Name.Trim();

    /// <summary>The goal, and its success criterion after a colon, so the model sees what "reached" means.</summary>
    private static string Goal(ShortTermGoal goal, DraftingPrompts prompts)
    {
        var text = goal.Description?.Text.Trim() ?? Missing(prompts);
        return goal.SuccessCriterion is { Text: var criterion } ? $"{text} ({criterion.Trim().TrimEnd('.')})" : text;
    }

    private static string Group(PupilProfile pupil, DraftingPrompts prompts)
    {
        var parts = new[] { pupil.GroupOrYear?.Trim(), pupil.SchoolType is { } type ? prompts.Dialogs.Draft.SchoolTypes[type] : null }
            .Where(p => !string.IsNullOrEmpty(p));
        var group = string.Join(", ", parts);
        return group.Length == 0 ? Missing(prompts) : group;
    }

    /// <summary>One factor a line, with its circle and + or − as the draft shows them; the dates add nothing to a suggestion.</summary>
    private static string Factors(IReadOnlyList<Factor> factors, DraftingPrompts prompts) =>
        factors.Count == 0
            ? Missing(prompts)
            : string.Join('\n', factors.Select(f => $"- {prompts.Dialogs.Draft.Circles[f.Circle]} {prompts.Dialogs.Draft.Influences[f.Influence]}: {f.Text.Trim()}"));
}
