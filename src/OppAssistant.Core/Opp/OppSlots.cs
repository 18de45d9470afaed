namespace OppAssistant.Core.Opp;

/// <summary>How a question is answered: typed text, one button, several buttons, or a date picker.</summary>
public enum InputType
{
    Text,
    Choice,
    MultiChoice,
    Date,

    /// <summary>The needs step: need statements composed with the hulpzinnen, per goal and kind.</summary>
    Needs,
}

/// <summary>
/// A place in the plan that a question fills. <see cref="IsList"/>: answered in a loop ("nog een?").
/// <see cref="Group"/>: asked together with the other slots of that group as one item (a goal, an agreement).
/// <see cref="Values"/>: the fixed choice values, when the plan stores them as an enum. <see cref="MaxChoices"/>: how
/// many options a multichoice answer may hold.
/// </summary>
public sealed record SlotDefinition(
    string Name, InputType Input, bool IsList = false, string? Group = null, IReadOnlyList<string>? Values = null, int MaxChoices = 1);

/// <summary>Every slot a dialog question may name; dialogs/README.md shows the same table for content writers.</summary>
public static class OppSlots
{
    public const string GoalGroup = "goal";
    public const string AgreementGroup = "agreement";

    public static IReadOnlyDictionary<string, SlotDefinition> All { get; } = Build(
    [
        new("pupil.name", InputType.Text),
        new("pupil.group_or_year", InputType.Text),
        new("pupil.school_type", InputType.Choice, Values: ["po", "sbo", "so", "vo"]),
        new("pupil.reason", InputType.Text),
        .. FactorSlots(),
        new("insight.analysis", InputType.Text),
        new("insight.open_questions", InputType.Text, IsList: true),
        // One level or a double level, never more (faq-brief §1.1).
        new("perspective.levels", InputType.MultiChoice, MaxChoices: 2),
        new("perspective.follow_on", InputType.Choice, Values: ["regular", "special"]),
        new("perspective.rationale", InputType.Text),
        new("goal.domain", InputType.Choice, Group: GoalGroup, Values: ["learning", "motivation", "social_emotional", "behaviour", "wellbeing"]),
        new("goal.description", InputType.Text, Group: GoalGroup),
        new("goal.success_criterion", InputType.Text, Group: GoalGroup),
        new("goal.monitoring", InputType.Text, Group: GoalGroup),
        new("goal.evaluate_on", InputType.Date, Group: GoalGroup),
        new("action.needs", InputType.Needs, IsList: true),
        new("action.support_and_approach", InputType.Text),
        new("agreement.who", InputType.Text, Group: AgreementGroup),
        new("agreement.what", InputType.Text, Group: AgreementGroup),
        new("agreement.when", InputType.Text, Group: AgreementGroup),
        new("agreement.how", InputType.Text, Group: AgreementGroup),
        new("evaluation.moments", InputType.Date, IsList: true),
    ]);

    /// <summary>factors.{pupil,school,home}.{supporting,hindering}: the three circles, each with + and −.</summary>
    public static string FactorSlot(Circle circle, Influence influence) =>
        $"factors.{circle.ToString().ToLowerInvariant()}.{influence.ToString().ToLowerInvariant()}";

    private static IEnumerable<SlotDefinition> FactorSlots() =>
        from circle in Enum.GetValues<Circle>()
        from influence in Enum.GetValues<Influence>()
        select new SlotDefinition(FactorSlot(circle, influence), InputType.Text, IsList: true);

    private static Dictionary<string, SlotDefinition> Build(IEnumerable<SlotDefinition> slots) =>
        slots.ToDictionary(s => s.Name, StringComparer.Ordinal);
}
