using OppAssistant.Core.Opp;
using OppAssistant.Core.Pupil;
using YamlDotNet.RepresentationModel;

namespace OppAssistant.Core.Content;

public enum PupilQuestionKind
{
    Open,
    Smiley,
    Choice,
}

/// <summary>A smiley or a picture: a card button titled with the emoji and its label, so a screen reader reads the words.</summary>
public sealed record PupilOption(string Id, string? Emoji, string Label, IReadOnlyList<string> Answers, int? Value = null)
{
    public string Title => Emoji is null ? Label : Emoji + " " + Label;
}

/// <summary>One question of a band: where the answer lands in the plan, and the question in normal and in simpler words.</summary>
public sealed record PupilQuestion(
    string Id,
    PupilQuestionKind Kind,
    PupilPart Part,
    Circle? Circle,
    Influence? Influence,
    IReadOnlyList<PupilOption> Options,
    string Text,
    string Simpler,
    int MaxLength,
    IReadOnlyList<string> Sources);

/// <summary>One age band's conversation (dialogs/pupil/&lt;band&gt;.yaml).</summary>
public sealed record PupilBandDialog(
    AgeBand Band,
    string Title,
    bool WithAdult,
    IReadOnlyDictionary<string, string> Buttons,
    IReadOnlyDictionary<string, string> Texts,
    IReadOnlyList<PupilOption> Company,
    IReadOnlyList<PupilQuestion> Questions)
{
    public static readonly string[] RequiredTexts =
    [
        "welcome", "about_answers", "ask_company", "company_reprompt", "start", "progress", "skipped", "not_understood_again",
        "reprompt_empty", "reprompt_too_long", "reprompt_choice", "help", "stopped", "after_stop", "resumed", "goodbye", "after_goodbye",
    ];

    public static readonly string[] RequiredButtons = ["not_saying", "not_understood"];

    /// <summary>Placeholders a text must use (and the only ones it may use); texts not listed take none.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> TextPlaceholders = new Dictionary<string, string[]>
    {
        ["progress"] = ["number", "total"],
    };

    /// <summary>Placeholders a text may use; unused is fine.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> OptionalPlaceholders = new Dictionary<string, string[]>
    {
        ["reprompt_too_long"] = ["max"],
    };

    public const int DefaultMaxLength = 500;

    public string Text(string key, params (string Name, string Value)[] values) =>
        Texts.TryGetValue(key, out var text)
            ? DraftDialog.Fill(text, values)
            : throw new KeyNotFoundException($"dialogs/pupil/{AgeBands.Id(Band)}.yaml has no text '{key}'");

    public PupilQuestion Question(string id) => Questions.First(q => q.Id == id);

    internal static PupilBandDialog Read(YamlFile file, AgeBand expected)
    {
        var root = file.Root;
        var bandNode = file.Optional(root, "band");
        if (AgeBands.FromId(file.String(root, "band")) != expected)
        {
            throw ContentException.At(file.Path, bandNode!, $"'band' must be '{AgeBands.Id(expected)}', the name of the file");
        }
        var withAdult = file.Bool(root, "with_adult", false);
        if (withAdult != (expected == AgeBand.Groep1To2))
        {
            throw ContentException.At(file.Path, root, "'with_adult' is true for groep-1-2 only: there an adult reads aloud and types");
        }

        var buttonsNode = file.Mapping(root, "buttons");
        var buttons = RequiredButtons.ToDictionary(key => key, key => file.String(buttonsNode, key));

        var textsNode = file.Mapping(root, "texts");
        var texts = YamlFile.Entries(textsNode).ToDictionary(e => e.Key, e => file.String(textsNode, e.Key));
        foreach (var key in RequiredTexts.Where(k => !texts.ContainsKey(k)))
        {
            throw ContentException.At(file.Path, textsNode, $"missing text '{key}'");
        }
        foreach (var (key, keyNode, _) in YamlFile.Entries(textsNode))
        {
            if (OptionalPlaceholders.TryGetValue(key, out var optional))
            {
                var used = optional.Where(p => texts[key].Contains("{" + p + "}", StringComparison.Ordinal)).ToList();
                file.CheckPlaceholders(keyNode, key, texts[key], used);
            }
            else
            {
                file.CheckPlaceholders(keyNode, key, texts[key], TextPlaceholders.GetValueOrDefault(key, []));
            }
        }

        // Optional: where a text comes from, for content writers; the assistant never shows it.
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

        var company = ReadOptions(file, root, "company", withValues: false);
        foreach (var option in company.Where(o => !DraftDialog.CompanyIds.Contains(o.Id)))
        {
            throw ContentException.At(file.Path, file.Optional(root, "company")!, $"company '{option.Id}' is unknown (expected: {string.Join(", ", DraftDialog.CompanyIds)})");
        }
        if (withAdult && company.Any(o => o.Id == "alone"))
        {
            throw ContentException.At(file.Path, file.Optional(root, "company")!, "groep-1-2 has no 'alone': an adult always sits with the child");
        }

        var scales = new Dictionary<string, IReadOnlyList<PupilOption>>();
        if (file.Optional(root, "scales") is YamlMappingNode scalesNode)
        {
            foreach (var (name, _, _) in YamlFile.Entries(scalesNode))
            {
                scales[name] = ReadOptions(file, scalesNode, name, withValues: true);
            }
        }

        var questions = new List<PupilQuestion>();
        foreach (var node in file.Mappings(root, "questions"))
        {
            var question = ReadQuestion(file, node, scales);
            if (questions.Any(q => q.Id == question.Id))
            {
                throw ContentException.At(file.Path, node, $"question id '{question.Id}' is used twice");
            }
            questions.Add(question);
        }
        return new PupilBandDialog(expected, file.String(root, "title"), withAdult, buttons, texts, company, questions);
    }

    private static PupilQuestion ReadQuestion(YamlFile file, YamlMappingNode node, Dictionary<string, IReadOnlyList<PupilOption>> scales)
    {
        var id = file.String(node, "id");
        if (!id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw ContentException.At(file.Path, node, $"question id '{id}' must be lower_snake_case");
        }
        var kind = Parse<PupilQuestionKind>(file, node, "kind");
        var part = Parse<PupilPart>(file, node, "part");
        Circle? circle = file.Optional(node, "circle") is null ? null : Parse<Circle>(file, node, "circle");
        Influence? influence = file.Optional(node, "influence") is null ? null : Parse<Influence>(file, node, "influence");
        if (part == PupilPart.Overview && circle is null)
        {
            throw ContentException.At(file.Path, node, $"question '{id}': an overview question names its circle (pupil, school or home)");
        }
        IReadOnlyList<PupilOption> options = [];
        if (kind == PupilQuestionKind.Smiley)
        {
            var scale = file.String(node, "scale");
            options = scales.TryGetValue(scale, out var found)
                ? found
                : throw ContentException.At(file.Path, file.Optional(node, "scale")!, $"question '{id}': unknown scale '{scale}'");
        }
        else if (kind == PupilQuestionKind.Choice)
        {
            options = ReadOptions(file, node, "options", withValues: false);
        }
        else if (file.Optional(node, "scale") is { } stray)
        {
            throw ContentException.At(file.Path, stray, $"question '{id}': only a smiley question has a scale");
        }
        var maxLength = file.Int(node, "max_length", DefaultMaxLength, 20, 2000);
        return new PupilQuestion(
            id, kind, part, circle, influence, options, file.String(node, "text"), file.String(node, "simpler"), maxLength, file.Strings(node, "sources"));
    }

    private static List<PupilOption> ReadOptions(YamlFile file, YamlMappingNode parent, string key, bool withValues)
    {
        var options = new List<PupilOption>();
        foreach (var node in file.Mappings(parent, key))
        {
            int? value = withValues ? file.Int(node, "value", 0, 1, 10) : null;
            if (value == 0)
            {
                throw ContentException.At(file.Path, node, $"'{key}': every point of a scale has a value from 1 to 10");
            }
            var option = new PupilOption(
                withValues ? value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : file.String(node, "id"),
                file.Optional(node, "emoji") is null ? null : file.String(node, "emoji"),
                file.String(node, "label"),
                file.OptionalStrings(node, "answers"),
                value);
            if (options.Any(o => o.Id == option.Id))
            {
                throw ContentException.At(file.Path, node, $"'{key}': '{option.Id}' is there twice");
            }
            var words = Words(option).Select(TextMatcher.Normalize).Where(w => w.Length > 0).ToHashSet();
            if (options.FirstOrDefault(o => Words(o).Select(TextMatcher.Normalize).Any(words.Contains)) is { } clash)
            {
                throw ContentException.At(file.Path, node, $"'{key}': '{option.Label}' and '{clash.Label}' share a typed answer");
            }
            options.Add(option);
        }
        return options;
    }

    /// <summary>What may be typed for an option: its label, its answers, its emoji, and for a scale its number.</summary>
    public static IEnumerable<string> Words(PupilOption option)
    {
        yield return option.Label;
        foreach (var answer in option.Answers)
        {
            yield return answer;
        }
        if (option.Value is { } value)
        {
            yield return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static TEnum Parse<TEnum>(YamlFile file, YamlMappingNode node, string key) where TEnum : struct, Enum
    {
        var text = file.String(node, key);
        foreach (var value in Enum.GetValues<TEnum>().Where(v => DraftDialog.Key(v) == text))
        {
            return value;
        }
        throw ContentException.At(file.Path, file.Optional(node, key)!,
            $"'{key}' must be one of {string.Join(", ", Enum.GetValues<TEnum>().Select(v => DraftDialog.Key(v)))}");
    }
}

/// <summary>dialogs/pupil/: the code entry and the words that work in every band, and the four bands.</summary>
public sealed record PupilDialog(
    IReadOnlyDictionary<string, string> Texts,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Commands,
    IReadOnlyDictionary<AgeBand, PupilBandDialog> Bands)
{
    public static readonly string[] RequiredTexts = ["ask_code", "code_wrong", "code_too_many", "code_help"];

    public static readonly string[] RequiredCommands = ["not_saying", "not_understood", "stop", "continue"];

    public string Text(string key) =>
        Texts.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"dialogs/pupil/common.yaml has no text '{key}'");

    public PupilBandDialog Band(AgeBand band) => Bands[band];

    public bool IsCommand(string? text, string command) => TextMatcher.IsExactly(text, Commands[command]);

    internal static PupilDialog Read(string directory, IEnumerable<string> commandsElsewhere)
    {
        var folder = Path.Combine(directory, "pupil");
        YamlFile Read(string name)
        {
            var path = Path.Combine(folder, name);
            return File.Exists(path)
                ? YamlFile.Load(path, $"dialogs/pupil/{name}")
                : throw new ContentException($"dialogs/pupil/{name}: the file is missing from '{folder}'");
        }
        var common = Read("common.yaml");
        var textsNode = common.Mapping(common.Root, "texts");
        var texts = YamlFile.Entries(textsNode).ToDictionary(e => e.Key, e => common.String(textsNode, e.Key));
        foreach (var key in RequiredTexts.Where(k => !texts.ContainsKey(k)))
        {
            throw ContentException.At(common.Path, textsNode, $"missing text '{key}'");
        }
        var commandsNode = common.Mapping(common.Root, "commands");
        var commands = RequiredCommands.ToDictionary(key => key, key => common.Strings(commandsNode, key));
        // A word may mean one thing only: a pupil's command must not also be another command here or in common.yaml.
        var seen = commandsElsewhere.Select(TextMatcher.Normalize).ToDictionary(w => w, _ => "dialogs/common.yaml");
        foreach (var (command, words) in commands)
        {
            foreach (var word in words.Select(TextMatcher.Normalize))
            {
                if (!seen.TryAdd(word, command))
                {
                    throw ContentException.At(common.Path, commandsNode, $"command '{command}': '{word}' is already '{seen[word]}'");
                }
            }
        }
        var bands = Enum.GetValues<AgeBand>().ToDictionary(band => band, band => PupilBandDialog.Read(Read(AgeBands.Id(band) + ".yaml"), band));
        foreach (var band in bands.Values)
        {
            // An option typed as an answer must not be swallowed by a command first.
            foreach (var option in band.Company.Concat(band.Questions.SelectMany(q => q.Options)))
            {
                if (PupilBandDialog.Words(option).Select(TextMatcher.Normalize).FirstOrDefault(seen.ContainsKey) is { } clash)
                {
                    throw new ContentException($"dialogs/pupil/{AgeBands.Id(band.Band)}.yaml: the answer '{clash}' of '{option.Label}' is also a command");
                }
            }
        }
        return new PupilDialog(texts, commands, bands);
    }
}
