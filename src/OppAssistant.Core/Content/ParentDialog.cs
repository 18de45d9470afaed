using OppAssistant.Core.Parent;
using YamlDotNet.RepresentationModel;

namespace OppAssistant.Core.Content;

/// <summary>dialogs/parent.yaml: what the assistant says to a parent asking about the OPP and his rights, and the words that mark personal data.</summary>
public sealed record ParentDialog(
    IReadOnlyDictionary<string, string> Texts,
    IReadOnlyList<string> Examples,
    string ReferralCard,
    int MaxLength,
    IReadOnlyList<string> Months,
    PersonalDataDetector PersonalData)
{
    /// <summary>How a card's source document is named to a parent (source_names); e.g. the project's briefs have file names.</summary>
    public IReadOnlyDictionary<string, string> SourceNames { get; init; } = new Dictionary<string, string>();

    /// <summary>A card's source as a parent reads it: its document's name from source_names, the section kept.</summary>
    public string SourceName(string source) =>
        SourceNames.FirstOrDefault(n => source.StartsWith(n.Key, StringComparison.Ordinal)) is { Key: not null } known
            ? known.Value + source[known.Key.Length..]
            : source;

    public static readonly string[] RequiredTexts =
    [
        "intro", "examples", "source", "checked", "holds_now", "related", "do_not_know", "personal_data",
        "reprompt_empty", "reprompt_too_long", "unknown_card", "help",
    ];

    /// <summary>Placeholders a text must use (and the only ones it may use); texts not listed take none.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> TextPlaceholders = new Dictionary<string, string[]>
    {
        ["source"] = ["sources"],
        ["checked"] = ["date"],
        ["holds_now"] = ["note"],
        ["reprompt_too_long"] = ["max"],
    };

    public string Text(string key, params (string Name, string Value)[] values) =>
        Texts.TryGetValue(key, out var text)
            ? DraftDialog.Fill(text, values)
            : throw new KeyNotFoundException($"dialogs/parent.yaml has no text '{key}'");

    /// <summary>"3 december 2026", with the month names of the file (no culture data needed).</summary>
    public string Date(DateOnly date) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{date.Day} {Months[date.Month - 1]} {date.Year}");

    internal static ParentDialog Read(YamlFile file)
    {
        var root = file.Root;
        var textsNode = file.Mapping(root, "texts");
        var texts = YamlFile.Entries(textsNode).ToDictionary(e => e.Key, e => file.String(textsNode, e.Key));
        foreach (var key in RequiredTexts.Where(k => !texts.ContainsKey(k)))
        {
            throw ContentException.At(file.Path, textsNode, $"missing text '{key}'");
        }
        foreach (var (key, keyNode, _) in YamlFile.Entries(textsNode))
        {
            file.CheckPlaceholders(keyNode, key, texts[key], TextPlaceholders.GetValueOrDefault(key, []));
        }
        if (file.Optional(root, "text_sources") is { } sourcesNode)
        {
            var sources = sourcesNode as YamlMappingNode ?? throw ContentException.At(file.Path, sourcesNode, "'text_sources' must be a mapping");
            foreach (var (key, keyNode, _) in YamlFile.Entries(sources))
            {
                if (!texts.ContainsKey(key))
                {
                    throw ContentException.At(file.Path, keyNode, $"'text_sources': there is no text '{key}'");
                }
                file.Strings(sources, key);
            }
        }

        var examples = file.Strings(root, "examples");
        foreach (var id in examples.Append(file.String(root, "referral_card")).Where(id => !IsCardId(id)))
        {
            throw ContentException.At(file.Path, root, $"'{id}' is not a card id (lower-kebab-case, the file name in knowledge/nl/ without .md)");
        }
        var months = file.Strings(root, "months");
        if (months.Count != 12)
        {
            throw ContentException.At(file.Path, file.Optional(root, "months")!, "'months' must name the 12 months, January first");
        }

        var data = file.Mapping(root, "personal_data");
        var words = new PersonalDataWords(
            file.Strings(data, "diagnoses"),
            file.Strings(data, "whose"),
            file.Strings(data, "children"),
            file.Strings(data, "introductions"),
            file.Strings(data, "full_name_introductions"),
            file.Strings(data, "name_particles"),
            file.Strings(data, "not_names"));
        var sourceNames = file.Optional(root, "source_names") is YamlMappingNode namesNode
            ? YamlFile.Entries(namesNode).ToDictionary(e => e.Key, e => file.String(namesNode, e.Key))
            : [];
        return new ParentDialog(
            texts, examples, file.String(root, "referral_card"), file.Int(root, "max_length", 500, 50, 4000), months, new PersonalDataDetector(words))
        {
            SourceNames = sourceNames,
        };
    }

    private static bool IsCardId(string id) =>
        id.Length > 0 && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && !id.StartsWith('-') && !id.EndsWith('-');
}
