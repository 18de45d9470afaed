using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Content;

/// <summary>
/// dialogs/evaluation.yaml: what the evaluation of an adopted plan says and which typed words it understands
/// (<see cref="Evaluation.EvaluationFlow"/>). Every section has exactly its required keys, and each text exactly its
/// placeholders, so a missing or mistyped text stops the service at start.
/// </summary>
public sealed record EvaluationDialog(
    IReadOnlyDictionary<string, IReadOnlyList<string>> Commands,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Answers,
    IReadOnlyDictionary<string, string> Buttons,
    IReadOnlyDictionary<GoalOutcome, string> Outcomes,
    IReadOnlyDictionary<string, string> Texts,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Sources)
{
    public static readonly string[] RequiredCommands = ["start", "stop"];

    public static readonly string[] RequiredAnswers = ["reached", "partly", "not_reached", "yes", "no"];

    public static readonly string[] RequiredButtons =
        ["reached", "partly", "not_reached", "on_course_yes", "on_course_no", "confirm_yes", "confirm_no", "stop", "start", "note_label"];

    public static readonly string[] RequiredTexts =
    [
        "intro", "unnamed", "goal", "goal_hint", "goal_invalid", "no_criterion", "no_goals", "on_course", "no_perspective",
        "on_course_invalid", "on_course_why", "changes", "empty", "too_long", "summary", "summary_goal", "summary_goal_note",
        "summary_on_course_yes", "summary_on_course_no", "summary_why", "summary_changes", "confirm", "confirm_invalid",
        "restart", "stopped", "refused", "which_plan", "saved", "new_version", "due",
    ];

    public static readonly IReadOnlyDictionary<string, string[]> Placeholders = new Dictionary<string, string[]>
    {
        ["intro"] = ["name", "version"],
        ["goal"] = ["n", "total", "goal", "criterion"],
        ["on_course"] = ["name", "perspective"],
        ["too_long"] = ["max"],
        ["summary_goal"] = ["n", "outcome"],
        ["summary_goal_note"] = ["n", "outcome", "note"],
        ["summary_why"] = ["text"],
        ["summary_changes"] = ["text"],
        ["refused"] = ["reasons"],
        ["saved"] = ["version", "state"],
        ["new_version"] = ["version", "code"],
        ["due"] = ["date"],
    };

    public string Text(string key) =>
        Texts.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"dialogs/evaluation.yaml has no text '{key}'");

    public string Text(string key, params (string Name, string Value)[] values) => DraftDialog.Fill(Text(key), values);

    public bool IsCommand(string? text, string command) => TextMatcher.IsExactly(text, Commands[command]);

    public bool Is(string? text, string answer) => TextMatcher.IsExactly(text, Answers[answer]);

    internal static EvaluationDialog Read(YamlFile file)
    {
        var texts = file.Texts(RequiredTexts, Placeholders);
        var buttons = file.Section("buttons", RequiredButtons, file.String);
        var commands = file.Section("commands", RequiredCommands, file.Strings);
        var answers = file.Section("answers", RequiredAnswers, file.Strings);
        return new EvaluationDialog(commands, answers, buttons, file.EnumNames<GoalOutcome>("outcomes"), texts, file.TextSources(texts));
    }
}
