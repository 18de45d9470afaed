using OppAssistant.Core.Drafting;
using OppAssistant.Core.Review;
using YamlDotNet.RepresentationModel;

namespace OppAssistant.Core.Content;

/// <summary>A check's Dutch texts: its title, one explanation per outcome it can give, the checklist row it implements and the sources under it.</summary>
public sealed record CheckTexts(string Id, string Title, IReadOnlyDictionary<CheckOutcome, string> Texts, string Source, IReadOnlyList<string> Basis);

/// <summary>
/// dialogs/checklist.yaml: the texts of the review checklist (<see cref="ReviewChecklist"/>). Every check in the code
/// has an entry and every entry a check; each entry has exactly the outcomes its check can give, and each text exactly
/// the placeholders the check fills in.
/// </summary>
public sealed record ChecklistDialog(IReadOnlyDictionary<string, CheckTexts> Checks, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The words the checks put into their texts (lists of parts, circles, kinds of need …).</summary>
    public static readonly string[] RequiredLabels =
    [
        "part_factors", "part_analysis", "part_perspective", "part_action_part", "part_pupil_voice",
        "pupil_supporting", "pupil_hindering", "school_supporting", "school_hindering", "home_supporting", "home_hindering",
        "need_educational", "need_parenting", "need_teacher_support", "need_parent_support",
        "goal", "agreement", "who", "what", "when", "how", "parent_unnamed",
    ];

    public static readonly IReadOnlyDictionary<string, string[]> LabelPlaceholders = new Dictionary<string, string[]>
    {
        ["goal"] = ["n"],
        ["agreement"] = ["n"],
    };

    private static readonly string[] EntryKeys = ["title", "source", "basis", .. Enum.GetValues<CheckOutcome>().Select(OutcomeKey)];

    public CheckTexts Check(string id) =>
        Checks.TryGetValue(id, out var texts) ? texts : throw new KeyNotFoundException($"dialogs/checklist.yaml has no check '{id}'");

    public string Label(string key) =>
        Labels.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"dialogs/checklist.yaml has no label '{key}'");

    /// <summary>The key of an outcome in the file: pass, fail, warn, not_applicable.</summary>
    public static string OutcomeKey(CheckOutcome outcome) => DraftDialog.Key(outcome);

    internal static ChecklistDialog Read(YamlFile file) => Read(file, ReviewChecklist.Checks);

    internal static ChecklistDialog Read(YamlFile file, IReadOnlyList<ReviewCheck> checks)
    {
        AllowOnly(file, file.Root, "labels", "checks");
        var labelsNode = file.Mapping(file.Root, "labels");
        AllowOnly(file, labelsNode, RequiredLabels);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in RequiredLabels)
        {
            var text = file.String(labelsNode, key);
            file.CheckPlaceholders(labelsNode.Children[new YamlScalarNode(key)], key, text, LabelPlaceholders.GetValueOrDefault(key, []));
            labels[key] = text;
        }

        var checksNode = file.Mapping(file.Root, "checks");
        var known = checks.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var texts = new Dictionary<string, CheckTexts>(StringComparer.Ordinal);
        foreach (var (id, keyNode, value) in YamlFile.Entries(checksNode))
        {
            if (!known.TryGetValue(id, out var check))
            {
                throw ContentException.At(file.Path, keyNode, $"unknown check '{id}': no check in the code has this id");
            }
            var entry = value as YamlMappingNode ?? throw ContentException.At(file.Path, value, $"'{id}' must be a mapping");
            AllowOnly(file, entry, EntryKeys);
            var outcomes = new Dictionary<CheckOutcome, string>();
            foreach (var outcome in Enum.GetValues<CheckOutcome>())
            {
                var key = OutcomeKey(outcome);
                var node = file.Optional(entry, key);
                if (check.Outcomes.TryGetValue(outcome, out var placeholders))
                {
                    if (node is null)
                    {
                        throw ContentException.At(file.Path, keyNode, $"check '{id}' can give {key}: missing '{key}'");
                    }
                    var text = file.String(entry, key);
                    file.CheckPlaceholders(node, $"{id}.{key}", text, placeholders);
                    outcomes[outcome] = text;
                }
                else if (node is not null)
                {
                    throw ContentException.At(file.Path, node, $"check '{id}' never gives {key}: remove '{key}'");
                }
            }
            texts[id] = new CheckTexts(id, file.String(entry, "title"), outcomes, file.String(entry, "source"), file.Strings(entry, "basis"));
        }
        foreach (var missing in checks.Where(c => !texts.ContainsKey(c.Id)))
        {
            throw ContentException.At(file.Path, checksNode, $"missing check '{missing.Id}'");
        }
        return new ChecklistDialog(texts, labels);
    }

    private static void AllowOnly(YamlFile file, YamlMappingNode node, params string[] keys)
    {
        foreach (var (key, keyNode, _) in YamlFile.Entries(node))
        {
            if (!keys.Contains(key))
            {
                throw ContentException.At(file.Path, keyNode, $"unknown key '{key}' (expected: {string.Join(", ", keys)})");
            }
        }
    }
}
