using OppAssistant.Core.Content;

namespace OppAssistant.Documents;

/// <summary>
/// dialogs/kindversie.yaml: the short, kind texts of the pupil's own version of the plan (<see cref="OppWordDocuments.ForPupil"/>).
/// Every required text must be there and no other, so a text cannot reach the pupil without being measured by the
/// readability gate (dialogs/readability.yaml).
/// </summary>
public sealed record KindversieDialog(IReadOnlyDictionary<string, string> Texts)
{
    public const string FileName = "kindversie.yaml";

    public static readonly string[] RequiredTexts =
    [
        "title", "title_unnamed", "intro", "goes_well", "goals", "helps", "who_helps", "you_said", "not_heard_yet",
        "we_use_it", "we_do_not_use_it", "look_back", "look_back_intro", "nothing_yet", "closing",
    ];

    /// <summary>Placeholders each text must contain (and the only ones it may contain).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Placeholders = new Dictionary<string, string[]>
    {
        ["title"] = ["name"],
    };

    public string Text(string key) =>
        Texts.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"dialogs/{FileName} has no text '{key}'");

    public string Text(string key, params (string Name, string Value)[] values) => DraftDialog.Fill(Text(key), values);

    /// <summary>Loads and checks dialogs/kindversie.yaml; a mistake names the file and line.</summary>
    public static KindversieDialog Load(string dialogsDirectory)
    {
        var file = YamlFile.Load(Path.Combine(dialogsDirectory, FileName), "dialogs/" + FileName);
        var node = file.Mapping(file.Root, "texts");
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, keyNode, _) in YamlFile.Entries(node))
        {
            if (!RequiredTexts.Contains(key))
            {
                throw ContentException.At(file.Path, keyNode, $"unknown text '{key}'");
            }
            texts[key] = file.String(node, key);
            file.CheckPlaceholders(keyNode, key, texts[key], Placeholders.GetValueOrDefault(key, []));
        }
        foreach (var key in RequiredTexts.Where(k => !texts.ContainsKey(k)))
        {
            throw ContentException.At(file.Path, node, $"missing text '{key}'");
        }
        return new KindversieDialog(texts);
    }
}
