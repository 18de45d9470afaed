using System.Globalization;
using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Review;

/// <summary>What a check found.</summary>
public enum CheckOutcome
{
    Pass,
    Fail,

    /// <summary>Worth a look: a heuristic hit, or a structural point that does not block the plan.</summary>
    Warn,

    /// <summary>The check does not apply to this plan (a VO pupil and regular/special, no contributions to weigh …).</summary>
    NotApplicable,
}

/// <summary>The automation hint of faq-brief §8: S (structural, a presence check) or H (heuristic, word lists and counts).</summary>
public enum CheckAutomation
{
    Structural,
    Heuristic,
}

/// <summary>Which part of the plan a check is about: the parts of the draft, the plan as a whole, and its adoption.</summary>
public enum ReviewSection
{
    Plan,
    Overview,
    Insight,
    Perspective,
    Goals,
    ActionPart,
    Evaluation,
    PupilVoice,
    Parents,
    Adoption,
}

/// <summary>
/// One line of the review: the check's id, what it found, the part of the plan, the Dutch title and explanation
/// (dialogs/checklist.yaml, placeholders filled), the checklist row it implements and the sources under that row.
/// </summary>
public sealed record CheckResult(
    string Id,
    CheckOutcome Outcome,
    ReviewSection Section,
    CheckAutomation Automation,
    string Title,
    string Explanation,
    string Source,
    IReadOnlyList<string> Basis)
{
    /// <summary>The outcome's text from the file, placeholders unfilled.</summary>
    public string Template { get; init; } = Explanation;

    /// <summary>The values filled into <see cref="Template"/> to give <see cref="Explanation"/>.</summary>
    public IReadOnlyList<CheckValue> Values { get; init; } = [];

    /// <summary>
    /// The explanation with the plan's own words (<see cref="CheckValue.FromPlan"/>) passed through
    /// <paramref name="planWords"/> and everything else as in the file: a Markdown reply escapes the teacher's words
    /// this way while the template keeps its own Markdown.
    /// </summary>
    public string ExplanationWith(Func<string, string> planWords)
    {
        ArgumentNullException.ThrowIfNull(planWords);
        return DraftDialog.Fill(Template, Values.Select(v => (v.Name, v.FromPlan ? planWords(v.Value) : v.Value)).ToArray());
    }
}

/// <summary>
/// A placeholder's value in a check's explanation. <see cref="FromPlan"/> marks words taken from the plan (what the
/// teacher or a parent wrote, a parent's label), as opposed to numbers, dates and the file's own labels.
/// </summary>
public readonly record struct CheckValue(string Name, string Value, bool FromPlan = false)
{
    public static implicit operator CheckValue((string Name, string Value) value) => new(value.Name, value.Value);
}

/// <summary>
/// The numbers the checks use. Where the sources give no number, the value is the project's own choice and says so.
/// </summary>
public sealed record ReviewSettings
{
    /// <summary>
    /// A factor counts as recent when it was observed at most this many months ago. The source asks for recent factors
    /// and leaves older history to earlier OPPs (faq-brief §8 #4, 000 L197–212, L2230–2231) but gives no number; twelve
    /// months is the project's own choice: one cycle, since the plan is evaluated at least once a school year (000 L1178–1180).
    /// </summary>
    public int RecentFactorMonths { get; init; } = 12;

    /// <summary>"Binnen zes weken" (faq-brief §1.2, 000 L784–786; L3416–3418).</summary>
    public int AdoptionDeadlineDays { get; init; } = 42;

    /// <summary>Warn this many days before the six weeks are up: the last week (the project's own choice).</summary>
    public int AdoptionWarningDays { get; init; } = 7;

    /// <summary>
    /// "Ongeveer twee A4" (faq-brief §8 #1, 000 L305–316): above this estimate the length check warns. Reading
    /// "about two" as up to three pages is the project's own choice; above <see cref="PageEstimate.MaximumPages"/> it fails.
    /// </summary>
    public double LengthWarningPages { get; init; } = 3;

    /// <summary>The evaluation must be within a school year of the start (faq-brief §1.2, 000 L1178–1180, L1337–1345).</summary>
    public int EvaluationWithinMonths { get; init; } = 12;

    /// <summary>Positive factors count as under-represented below this share of the hindering ones (faq-brief §8 #6; the half is the project's own choice).</summary>
    public double MinimumSupportingShare { get; init; } = 0.5;

    public static ReviewSettings Default { get; } = new();
}

/// <summary>
/// A check of the review checklist: its id (the key in dialogs/checklist.yaml), the part of the plan, its automation
/// hint, and per outcome it can give, the placeholders its text fills in.
/// </summary>
public sealed record ReviewCheck(
    string Id,
    ReviewSection Section,
    CheckAutomation Automation,
    IReadOnlyDictionary<CheckOutcome, string[]> Outcomes)
{
    internal Func<ReviewContext, Verdict> Evaluate { get; init; } = _ => throw new InvalidOperationException("no evaluation");
}

/// <summary>An outcome and the values of its placeholders.</summary>
internal sealed record Verdict(CheckOutcome Outcome, CheckValue[] Values)
{
    public static Verdict Pass(params CheckValue[] values) => new(CheckOutcome.Pass, values);

    public static Verdict Fail(params CheckValue[] values) => new(CheckOutcome.Fail, values);

    public static Verdict Warn(params CheckValue[] values) => new(CheckOutcome.Warn, values);

    public static Verdict NotApplicable(params CheckValue[] values) => new(CheckOutcome.NotApplicable, values);
}

/// <summary>What every check may look at: the plan, the day of the review, the content, the settings and the adoption date.</summary>
internal sealed class ReviewContext(OppDocument plan, DateOnly today, DialogCatalog dialogs, ReviewSettings settings, DateOnly? adoptedOn)
{
    private IReadOnlyList<LanguageFinding>? findings;

    public OppDocument Plan { get; } = plan;

    public DateOnly Today { get; } = today;

    public DialogCatalog Dialogs { get; } = dialogs;

    public ReviewSettings Settings { get; } = settings;

    public DateOnly? AdoptedOn { get; } = adoptedOn;

    /// <summary>The day the plan was started (its created date); null when the plan does not record it.</summary>
    public DateOnly? StartedOn { get; } = plan.CreatedAt == default ? null : DateOnly.FromDateTime(plan.CreatedAt.Date);

    /// <summary>The language checks' findings on this plan, computed once for the heuristic checks.</summary>
    public IReadOnlyList<LanguageFinding> LanguageFindings => findings ??= Dialogs.LanguageChecks.Check(Plan, ReferenceTexts.None);

    public string Label(string key) => Dialogs.Checklist.Label(key);
}

/// <summary>
/// The automatic part of the coordinator's review (faq-brief §8): every check that software can do from the plan's
/// data, structural (S) and heuristic (H). Checks that need a person (M) or data the plan does not hold are not here;
/// see <see cref="NotAutomated"/>. Pure: no storage, no clock; the day and the adoption date are passed in.
/// </summary>
public static class ReviewChecklist
{
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>The checks in the order of the review: the plan as a whole, then the parts in the order of the draft.</summary>
    public static IReadOnlyList<ReviewCheck> Checks { get; } = ReviewChecks.All;

    /// <summary>
    /// Rows of faq-brief §8 that are not checked here, and why (for the report and the docs): they need a person's
    /// judgement (M) or data the plan does not record.
    /// </summary>
    public static IReadOnlyDictionary<int, string> NotAutomated { get; } = new Dictionary<int, string>
    {
        [2] = "repetition across plans needs other plans' texts; LanguageChecks.RepeatedText covers it where they are passed in",
        [3] = "what the basisondersteuning offers is not in the plan (H/M)",
        [10] = "whether information is necessary is a judgement (H/M)",
        [13] = "the plan does not record how long a VO pupil has been at school, nor a direction (branche/profiel)",
        [15] = "ambitious but realistic is a judgement (M)",
        [19] = "set with the pupil is not recorded per goal",
        [23] = "an agreement's who is free text; whether it is about teachers and parents supporting each other is not structured",
        [24] = "M", [25] = "M", [26] = "M", [27] = "M", [37] = "M", [43] = "M", [45] = "M",
        [30] = "the plan records no meetings (concept sent, number of meetings)",
        [34] = "a zienswijze is optional (if they wish); the draft shows it when given",
        [35] = "whether parents' ervaringskennis was used is a judgement (H/M)",
        [36] = "(jeugd)zorg is not part of the plan model",
        [40] = "ROD registration happens outside the plan",
        [41] = "the plan does not record maatwerk onderwijstijd",
        [42] = "the plan does not record an OPDC or SBO-observation placement",
        [44] = "readability of the plan's own texts: not yet; dialogs/readability.yaml measures the bot's texts",
    };

    /// <summary>Runs every check on the plan.</summary>
    /// <param name="plan">The plan to review.</param>
    /// <param name="today">The day of the review (the deadline, recent factors and upcoming evaluations depend on it).</param>
    /// <param name="dialogs">The content: dialogs/checklist.yaml, and the draft and language checks the length and heuristic checks use.</param>
    /// <param name="adoptedOn">When the plan was vastgesteld, or null while it is not; by default read from the lifecycle's audit trail (<see cref="AdoptedOnFromLifecycle"/>).</param>
    /// <param name="settings">The numbers; <see cref="ReviewSettings.Default"/> when null.</param>
    public static IReadOnlyList<CheckResult> Run(
        OppDocument plan, DateOnly today, DialogCatalog dialogs, Func<OppDocument, DateOnly?>? adoptedOn = null, ReviewSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(dialogs);
        var context = new ReviewContext(plan, today, dialogs, settings ?? ReviewSettings.Default, (adoptedOn ?? AdoptedOnFromLifecycle)(plan));
        return Checks.Select(check => Result(check, check.Evaluate(context), dialogs.Checklist)).ToList();
    }

    /// <summary>The day of the first step into Vastgesteld in the plan's audit trail, or null when it was never adopted.</summary>
    public static DateOnly? AdoptedOnFromLifecycle(OppDocument plan) =>
        plan.Lifecycle.History.FirstOrDefault(t => t.To == OppStatus.Adopted) is { } adopted ? DateOnly.FromDateTime(adopted.At.Date) : null;

    private static CheckResult Result(ReviewCheck check, Verdict verdict, ChecklistDialog dialog)
    {
        if (!check.Outcomes.ContainsKey(verdict.Outcome))
        {
            throw new InvalidOperationException($"check '{check.Id}' gave {verdict.Outcome}, which it does not declare");
        }
        var texts = dialog.Check(check.Id);
        var template = texts.Texts[verdict.Outcome];
        return new CheckResult(
            check.Id, verdict.Outcome, check.Section, check.Automation, texts.Title,
            DraftDialog.Fill(template, verdict.Values.Select(v => (v.Name, v.Value)).ToArray()), texts.Source, texts.Basis)
        {
            Template = template,
            Values = verdict.Values,
        };
    }

    internal static string Format(DateOnly date) => date.ToString("d MMMM yyyy", Dutch);

    internal static string Format(double number) => number.ToString("0.#", Dutch);

    internal static string Format(int number) => number.ToString(Dutch);
}
