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
        var textsNode = file.Mapping(file.Root, "texts");
        var texts = YamlFile.Entries(textsNode).ToDictionary(e => e.Key, e => file.String(textsNode, e.Key));
        foreach (var key in RequiredTexts.Where(k => !texts.ContainsKey(k)))
        {
            throw ContentException.At(file.Path, textsNode, $"missing texts '{key}'");
        }
        foreach (var (key, keyNode, _) in YamlFile.Entries(textsNode))
        {
            if (!RequiredTexts.Contains(key))
            {
                throw ContentException.At(file.Path, keyNode, $"unknown texts '{key}'");
            }
            file.CheckPlaceholders(keyNode, key, texts[key], Placeholders.GetValueOrDefault(key, []));
        }

        var sourcesNode = file.Mapping(file.Root, "text_sources");
        var sources = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var (key, keyNode, _) in YamlFile.Entries(sourcesNode))
        {
            if (key != "states" && !texts.ContainsKey(key))
            {
                throw ContentException.At(file.Path, keyNode, $"text_sources '{key}' is neither 'states' nor a key of 'texts'");
            }
            sources[key] = file.Strings(sourcesNode, key);
        }
        return new LifecycleDialog(Names<OppStatus>(file, "states"), Names<LifecycleTrigger>(file, "triggers"), Names<LifecycleRole>(file, "roles"), texts, sources);
    }

    /// <summary>One name per value of <typeparamref name="TEnum"/>, keyed lower_snake_case; nothing more, nothing less.</summary>
    private static Dictionary<TEnum, string> Names<TEnum>(YamlFile file, string section) where TEnum : struct, Enum
    {
        var node = file.Mapping(file.Root, section);
        var names = Enum.GetValues<TEnum>().ToDictionary(v => v, v => file.String(node, DraftDialog.Key(v)));
        foreach (var (key, keyNode, _) in YamlFile.Entries(node).Where(e => !Enum.GetValues<TEnum>().Any(v => DraftDialog.Key(v) == e.Key)))
        {
            throw ContentException.At(file.Path, keyNode, $"unknown {section} '{key}'");
        }
        return names;
    }
}
