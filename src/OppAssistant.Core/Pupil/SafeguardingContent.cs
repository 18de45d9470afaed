using System.Globalization;
using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;
using YamlDotNet.RepresentationModel;

namespace OppAssistant.Core.Pupil;

/// <summary>
/// dialogs/safeguarding.yaml: the phrase lists per category (compiled into <see cref="Detector"/>), the calm reply
/// and the text after it per age band, and the alert for the school's designated person. Loading checks that every
/// category and band is there, every phrase parses and the alert uses exactly its placeholders, and fails with the
/// file and line otherwise.
/// </summary>
public sealed class SafeguardingContent
{
    /// <summary>The placeholders the alert text must use, and the only ones it may use.</summary>
    public static readonly IReadOnlyList<string> AlertPlaceholders = ["category", "pupil", "group", "time", "detection"];

    /// <summary>The texts each band has.</summary>
    public static readonly IReadOnlyList<string> BandTexts = ["reply", "after_reply"];

    public const int MaxGap = 4;

    private readonly IReadOnlyDictionary<DisclosureCategory, string> labels;
    private readonly IReadOnlyDictionary<AgeBand, IReadOnlyDictionary<string, string>> replies;
    private readonly IReadOnlyDictionary<DisclosureDetection, string> detections;
    private readonly string alertText;
    private readonly string unknownPupil;
    private readonly string unknownGroup;

    private SafeguardingContent(
        DisclosureDetector detector,
        IReadOnlyDictionary<DisclosureCategory, string> labels,
        IReadOnlyDictionary<AgeBand, IReadOnlyDictionary<string, string>> replies,
        IReadOnlyDictionary<DisclosureDetection, string> detections,
        (string Text, string UnknownPupil, string UnknownGroup) alert,
        IReadOnlyList<string> sources)
    {
        Detector = detector;
        this.labels = labels;
        this.replies = replies;
        this.detections = detections;
        (alertText, unknownPupil, unknownGroup) = alert;
        Sources = sources;
    }

    /// <summary>The phrase lists, compiled.</summary>
    public DisclosureDetector Detector { get; }

    public IReadOnlyList<string> Sources { get; }

    /// <summary>The category as the designated person reads it.</summary>
    public string Label(DisclosureCategory category) => labels[category];

    /// <summary>The calm, honest reply to a disclosure: thanks, help, who will be told, and that the questions stop.</summary>
    public string Reply(AgeBand band) => replies[band]["reply"];

    /// <summary>The answer to anything typed after the reply: where to get help, and that the questions have stopped.</summary>
    public string AfterReply(AgeBand band) => replies[band]["after_reply"];

    public string DetectionLabel(DisclosureDetection detection) => detections[detection];

    /// <summary>The Markdown message for the designated person: who, when, what kind and how found; never the pupil's words.</summary>
    public string AlertText(SafeguardingAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return DraftDialog.Fill(
            alertText,
            ("category", labels[alert.Category]),
            ("pupil", string.IsNullOrWhiteSpace(alert.PupilName) ? unknownPupil : alert.PupilName.Trim()),
            ("group", string.IsNullOrWhiteSpace(alert.GroupOrYear) ? unknownGroup : alert.GroupOrYear.Trim()),
            ("time", DutchTime(alert.CreatedAt).ToString("d-M-yyyy HH:mm", CultureInfo.InvariantCulture)),
            ("detection", detections[alert.Detection]));
    }

    /// <summary>Schools are in the Netherlands; a host without time zone data shows UTC rather than failing.</summary>
    private static DateTimeOffset DutchTime(DateTimeOffset at) =>
        TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Amsterdam", out var zone) ? TimeZoneInfo.ConvertTime(at, zone) : at.ToUniversalTime();

    internal static SafeguardingContent Read(YamlFile file)
    {
        var root = file.Root;
        AllowOnly(file, root, "sources", "max_gap", "joins", "categories", "exclusions", "replies", "alert");
        var sources = file.Strings(root, "sources");
        var maxGap = file.Int(root, "max_gap", 0, 0, MaxGap);
        var joins = ReadJoins(file);
        var exclusions = Phrases(file, root, "exclusions");

        var categoriesNode = file.Mapping(root, "categories");
        var labels = new Dictionary<DisclosureCategory, string>();
        var phrases = new List<DisclosurePhrase>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, keyNode, _) in YamlFile.Entries(categoriesNode))
        {
            if (DisclosureCategories.FromId(key) is not { } category || DisclosureCategories.Id(category) != key)
            {
                throw ContentException.At(file.Path, keyNode, $"unknown category '{key}' (expected: {string.Join(", ", DisclosureCategories.Ids)})");
            }
            var node = file.Mapping(categoriesNode, key);
            AllowOnly(file, node, "label", "phrases", "except");
            labels[category] = file.String(node, "label");
            List<PhrasePattern> except = [.. exclusions, .. file.Optional(node, "except") is null ? [] : Phrases(file, node, "except")];
            foreach (var entry in file.Mappings(node, "phrases"))
            {
                AllowOnly(file, entry, "id", "match");
                var id = file.String(entry, "id");
                if (!id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
                {
                    throw ContentException.At(file.Path, entry, $"phrase id '{id}' must be lower_snake_case");
                }
                if (!ids.Add(id))
                {
                    throw ContentException.At(file.Path, entry, $"phrase id '{id}' is used twice");
                }
                phrases.Add(new DisclosurePhrase(category, id, new PhraseEntry(Phrases(file, entry, "match"), except)));
            }
        }
        foreach (var missing in Enum.GetValues<DisclosureCategory>().Where(c => !labels.ContainsKey(c)))
        {
            throw ContentException.At(file.Path, categoriesNode, $"missing category '{DisclosureCategories.Id(missing)}'");
        }
        // Entries in the order of the enum, so the first category wins a tie the same way whatever the file's order.
        phrases = [.. phrases.OrderBy(p => p.Category)];

        var replies = ReadReplies(file);

        var alertNode = file.Mapping(root, "alert");
        AllowOnly(file, alertNode, "text", "unknown_pupil", "unknown_group", "detection", "sources");
        var alertText = file.String(alertNode, "text");
        file.CheckPlaceholders(file.Optional(alertNode, "text")!, "text", alertText, [.. AlertPlaceholders]);
        var unknownPupil = NoPlaceholders(file, alertNode, "unknown_pupil");
        var unknownGroup = NoPlaceholders(file, alertNode, "unknown_group");
        file.Strings(alertNode, "sources");
        var detectionNode = file.Mapping(alertNode, "detection");
        AllowOnly(file, detectionNode, "phrase_list", "ai");
        var detections = new Dictionary<DisclosureDetection, string>
        {
            [DisclosureDetection.PhraseList] = NoPlaceholders(file, detectionNode, "phrase_list"),
            [DisclosureDetection.Ai] = NoPlaceholders(file, detectionNode, "ai"),
        };

        return new SafeguardingContent(
            new DisclosureDetector(phrases, joins, maxGap), labels, replies, detections, (alertText, unknownPupil, unknownGroup), sources);
    }

    private static Dictionary<AgeBand, IReadOnlyDictionary<string, string>> ReadReplies(YamlFile file)
    {
        var node = file.Mapping(file.Root, "replies");
        var replies = new Dictionary<AgeBand, IReadOnlyDictionary<string, string>>();
        foreach (var (key, keyNode, _) in YamlFile.Entries(node))
        {
            if (AgeBands.FromId(key) is not { } band || AgeBands.Id(band) != key)
            {
                throw ContentException.At(file.Path, keyNode, $"unknown band '{key}' (expected: {string.Join(", ", Enum.GetValues<AgeBand>().Select(AgeBands.Id))})");
            }
            var texts = file.Mapping(node, key);
            AllowOnly(file, texts, [.. BandTexts]);
            replies[band] = BandTexts.ToDictionary(text => text, text => NoPlaceholders(file, texts, text));
        }
        foreach (var missing in Enum.GetValues<AgeBand>().Where(b => !replies.ContainsKey(b)))
        {
            throw ContentException.At(file.Path, node, $"missing band '{AgeBands.Id(missing)}'");
        }
        return replies;
    }

    private static List<WordJoin> ReadJoins(YamlFile file)
    {
        var node = file.Mapping(file.Root, "joins");
        var joins = new List<WordJoin>();
        foreach (var (key, keyNode, _) in YamlFile.Entries(node))
        {
            var words = TokenizedText.Of(key).Tokens.Select(t => t.Text).ToArray();
            var into = TokenizedText.Of(file.String(node, key)).Tokens.Select(t => t.Text).ToArray();
            if (words.Length < 2)
            {
                throw ContentException.At(file.Path, keyNode, $"join '{key}' must be two or more words");
            }
            if (into.Length != 1)
            {
                throw ContentException.At(file.Path, keyNode, $"join '{key}' must become one word");
            }
            joins.Add(new WordJoin(words, into[0]));
        }
        return joins;
    }

    private static string NoPlaceholders(YamlFile file, YamlMappingNode parent, string key)
    {
        var text = file.String(parent, key);
        file.CheckPlaceholders(file.Optional(parent, key)!, key, text, []);
        return text;
    }

    private static List<PhrasePattern> Phrases(YamlFile file, YamlMappingNode parent, string key)
    {
        var texts = file.Strings(parent, key);
        var nodes = ((YamlSequenceNode)file.Optional(parent, key)!).Children;
        return texts.Zip(nodes).Select(p =>
        {
            try
            {
                return PhrasePattern.Parse(p.First);
            }
            catch (FormatException e)
            {
                throw ContentException.At(file.Path, p.Second, $"'{key}': {e.Message}");
            }
        }).ToList();
    }

    /// <summary>A misspelled key would silently drop a list or a text, so only the known keys are allowed.</summary>
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
