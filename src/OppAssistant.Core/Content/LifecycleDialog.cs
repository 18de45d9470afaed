using OppAssistant.Core.Drafting;
using OppAssistant.Core.Lifecycle;
using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Content;

/// <summary>
/// dialogs/lifecycle.yaml: the Dutch names of the plan's statuses, of the lifecycle's steps and of who takes them,
/// and why a step cannot be taken (<see cref="OppLifecycle"/>). Every enum has exactly one name per value, so a new
/// status, step or role cannot reach a user without its Dutch words.
/// </summary>
public sealed record LifecycleDialog(
    IReadOnlyDictionary<OppStatus, string> States,
    IReadOnlyDictionary<LifecycleTrigger, string> Triggers,
    IReadOnlyDictionary<LifecycleRole, string> Roles,
    IReadOnlyDictionary<string, string> Texts,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Sources)
{
    public static readonly string[] RequiredTexts =
    [
        "not_allowed", "wrong_role", "roles_joiner", "reason_required", "reason_too_long", "actor_unknown",
        "pupil_voice_not_weighed", "no_consent", "not_agreed", "parent_unnamed", "no_reasons", "not_found",
    ];

    public static readonly IReadOnlyDictionary<string, string[]> Placeholders = new Dictionary<string, string[]>
    {
        ["not_allowed"] = ["trigger", "state"],
        ["wrong_role"] = ["roles", "trigger"],
        ["reason_too_long"] = ["max"],
        ["not_agreed"] = ["parent", "reasons"],
    };

    public string Text(string key) =>
        Texts.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"dialogs/lifecycle.yaml has no text '{key}'");

    public string Text(string key, params (string Name, string Value)[] values) => DraftDialog.Fill(Text(key), values);

    internal static LifecycleDialog Read(YamlFile file)
    {
        var texts = file.Texts(RequiredTexts, Placeholders);
        return new LifecycleDialog(
            file.EnumNames<OppStatus>("states"), file.EnumNames<LifecycleTrigger>("triggers"), file.EnumNames<LifecycleRole>("roles"),
            texts, file.TextSources(texts, "states"));
    }
}
