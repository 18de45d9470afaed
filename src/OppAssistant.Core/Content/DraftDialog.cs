using System.Text.RegularExpressions;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;
using YamlDotNet.RepresentationModel;

namespace OppAssistant.Core.Content;

/// <summary>A section of the draft: its heading, what it says while still to come (pupil's voice, parents), and its sources.</summary>
public sealed record DraftSectionDialog(DraftSectionKind Kind, string Title, string? Pending, IReadOnlyList<string> Sources);

/// <summary>A kind of need: its heading in the handelingsdeel and its sources (the hulpzinnen).</summary>
public sealed record NeedKindDialog(NeedKind Kind, string Title, IReadOnlyList<string> Sources);

/// <summary>The mark shown after a sentence of this origin, and what it means (for the legend).</summary>
public sealed record ProvenanceMarkDialog(TextOrigin Origin, string Marker, string Meaning);

public sealed record ProvenanceDialog(string Legend, IReadOnlyList<ProvenanceMarkDialog> Marks, string Unmarked, IReadOnlyList<string> Sources)
{
    public ProvenanceMarkDialog For(TextOrigin origin) => Marks.First(m => m.Origin == origin);
}

/// <summary>Texts of the length estimate: <see cref="Estimate"/> uses {pages} {target}, <see cref="TooLong"/> {pages} {max}.</summary>
public sealed record LengthDialog(string Estimate, string TooLong, IReadOnlyList<string> Sources);

public sealed record MissingPartDialog(MissingPartKind Kind, string Text, IReadOnlyList<string> Sources);

public sealed record MissingDialog(string Intro, string None, IReadOnlyList<MissingPartDialog> Parts)
{
    public MissingPartDialog For(MissingPartKind kind) => Parts.First(p => p.Kind == kind);
}

/// <summary>
/// dialogs/draft.yaml: the headings, labels, provenance marks, length texts and missing-part texts of the assembled
/// draft (<see cref="DraftAssembler"/>). Every enum the draft shows has exactly one text per value, so a new value
/// in the plan cannot reach a user without its Dutch words.
/// </summary>
public sealed partial record DraftDialog(
    IReadOnlyList<DraftSectionDialog> Sections,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<Circle, string> Circles,
    IReadOnlyDictionary<Influence, string> Influences,
    IReadOnlyDictionary<SchoolType, string> SchoolTypes,
    IReadOnlyDictionary<GoalDomain, string> Domains,
    IReadOnlyDictionary<FollowOnEducation, string> FollowOn,
    IReadOnlyList<NeedKindDialog> Needs,
    ProvenanceDialog Provenance,
    LengthDialog Length,
    MissingDialog Missing,
    IReadOnlyDictionary<Pupil.AgeBand, string> AgeBands,
    IReadOnlyDictionary<WeighingUse, string> WeighingUses,
    IReadOnlyDictionary<PupilConversationEnd, string> ConversationEnds)
{
    public static readonly string[] RequiredLabels =
    [
        "title", "title_unnamed", "status", "not_filled", "nothing_yet", "name", "school_type", "group_or_year", "reason",
        "factor_date", "analysis", "open_questions", "open_question_mark", "levels", "follow_on", "rationale", "goal",
        "domain", "description", "success_criterion", "monitoring", "evaluate_on", "need_goal", "need_without_goal",
        "support_and_approach", "agreements", "agreement", "who", "what", "when", "how", "how_involved", "contributions", "weighing",
        "zienswijze", "consent", "parent_heading", "parent_unnamed", "custody_yes", "custody_no", "custody_unknown",
        "parents_words", "at_home", "consent_agreed", "consent_not_agreed", "consent_reasons", "adoption_not_agreed", "adoption_no_consent",
        "pupil_conversation", "pupil_conversation_open", "pupil_typed_by_adult", "pupil_not_saying", "pupil_not_understood",
        "pupil_weighing_missing", "company_alone", "company_parents", "company_teacher", "company_other",
        "evaluation_of", "evaluation_goal", "evaluation_reached", "evaluation_partly", "evaluation_not_reached", "evaluation_note",
        "evaluation_on_course", "evaluation_yes", "evaluation_no", "evaluation_why", "evaluation_changes",
    ];

    /// <summary>The company options a pupil can choose (dialogs/pupil/*.yaml, company), each with a label in the plan.</summary>
    public static readonly string[] CompanyIds = ["alone", "parents", "teacher", "other"];

    /// <summary>Placeholders each label must contain (and the only ones it may contain).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> LabelPlaceholders = new Dictionary<string, string[]>
    {
        ["title"] = ["name"],
        ["factor_date"] = ["date"],
        ["goal"] = ["n"],
        ["agreement"] = ["n"],
        ["need_goal"] = ["n"],
        ["pupil_conversation"] = ["date", "band", "company"],
        ["pupil_not_understood"] = ["company"],
        ["parent_heading"] = ["parent", "custody", "date"],
        ["consent_agreed"] = ["date"],
        ["consent_not_agreed"] = ["date"],
        ["adoption_not_agreed"] = ["parent", "reasons"],
        ["evaluation_of"] = ["version", "date"],
        ["evaluation_goal"] = ["n", "outcome"],
    };

    public static readonly IReadOnlyDictionary<MissingPartKind, string[]> MissingPlaceholders = new Dictionary<MissingPartKind, string[]>
    {
        [MissingPartKind.GoalIncomplete] = ["n", "parts"],
        [MissingPartKind.AgreementIncomplete] = ["n", "parts"],
        [MissingPartKind.PupilVoiceIncomplete] = ["parts"],
        [MissingPartKind.NeedWithoutGoal] = ["need"],
    };

    /// <summary>The sections whose part is given later by someone else, and so say what is still to come while empty.</summary>
    public static readonly DraftSectionKind[] PendingSections = [DraftSectionKind.PupilVoice, DraftSectionKind.Parents];

    public DraftSectionDialog Section(DraftSectionKind kind) => Sections.First(s => s.Kind == kind);

    public NeedKindDialog Need(NeedKind kind) => Needs.First(n => n.Kind == kind);

    public string Label(string key) =>
        Labels.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"dialogs/draft.yaml has no label '{key}'");

    /// <summary>The label with its placeholders filled in.</summary>
    public string Label(string key, params (string Name, string Value)[] values) => Fill(Label(key), values);

    public static string Fill(string text, params (string Name, string Value)[] values) =>
        values.Aggregate(text, (t, v) => t.Replace("{" + v.Name + "}", v.Value, StringComparison.Ordinal));

    /// <summary>The key of an enum value in the file: lower_snake_case of its name (ActionPart → action_part).</summary>
    public static string Key<TEnum>(TEnum value) where TEnum : struct, Enum =>
        UpperCase().Replace(value.ToString(), "_$1").ToLowerInvariant();

    internal static DraftDialog Read(YamlFile file)
    {
        var sections = ReadSections(file);

        var labelsNode = file.Mapping(file.Root, "labels");
        var labels = Texts(file, labelsNode, "labels", RequiredLabels);
        foreach (var (key, keyNode, _) in YamlFile.Entries(labelsNode))
        {
            file.CheckPlaceholders(keyNode, key, labels[key], LabelPlaceholders.GetValueOrDefault(key, []));
        }

        var needsNode = file.Mapping(file.Root, "needs");
        var needs = Keyed<NeedKind>(file, needsNode, "needs")
            .Select(k => new NeedKindDialog(k.Value, file.String(file.Mapping(needsNode, k.Key), "title"), file.Strings(file.Mapping(needsNode, k.Key), "sources")))
            .ToList();

        return new DraftDialog(
            sections,
            labels,
            EnumTexts<Circle>(file, "circles"),
            EnumTexts<Influence>(file, "influences"),
            EnumTexts<SchoolType>(file, "school_types"),
            EnumTexts<GoalDomain>(file, "domains"),
            EnumTexts<FollowOnEducation>(file, "follow_on"),
            needs,
            ReadProvenance(file),
            ReadLength(file),
            ReadMissing(file),
            EnumTexts<Pupil.AgeBand>(file, "age_bands"),
            EnumTexts<WeighingUse>(file, "weighing_uses"),
            EnumTexts<PupilConversationEnd>(file, "conversation_ends"));
    }

    private static List<DraftSectionDialog> ReadSections(YamlFile file)
    {
        var node = file.Mapping(file.Root, "sections");
        var keys = YamlFile.Entries(node).Select(e => e.Key).ToList();
        var expected = Enum.GetValues<DraftSectionKind>().Select(Key).ToList();
        if (!keys.SequenceEqual(expected))
        {
            throw ContentException.At(file.Path, node, $"sections must be exactly {string.Join(", ", expected)}, in this order (the order of the required parts)");
        }
        return Enum.GetValues<DraftSectionKind>().Select(kind =>
        {
            var section = file.Mapping(node, Key(kind));
            var pendingNode = file.Optional(section, "pending");
            var mayBePending = PendingSections.Contains(kind);
            if (mayBePending && pendingNode is null)
            {
                throw ContentException.At(file.Path, section, $"section '{Key(kind)}' needs 'pending': what it says while the part is still to come");
            }
            if (!mayBePending && pendingNode is not null)
            {
                throw ContentException.At(file.Path, pendingNode, $"section '{Key(kind)}': 'pending' is only for {string.Join(" and ", PendingSections.Select(Key))}");
            }
            return new DraftSectionDialog(
                kind,
                file.String(section, "title"),
                mayBePending ? file.String(section, "pending") : null,
                file.Strings(section, "sources"));
        }).ToList();
    }

    private static ProvenanceDialog ReadProvenance(YamlFile file)
    {
        var node = file.Mapping(file.Root, "provenance");
        var marks = Enum.GetValues<TextOrigin>().Select(origin =>
        {
            var mark = file.Mapping(node, Key(origin));
            return new ProvenanceMarkDialog(origin, file.String(mark, "marker"), file.String(mark, "meaning"));
        }).ToList();
        if (marks.GroupBy(m => m.Marker).FirstOrDefault(g => g.Count() > 1) is { } same)
        {
            throw ContentException.At(file.Path, node, $"the marker '{same.Key}' is used for more than one origin");
        }
        return new ProvenanceDialog(file.String(node, "legend"), marks, file.String(node, "unmarked"), file.Strings(node, "sources"));
    }

    private static LengthDialog ReadLength(YamlFile file)
    {
        var node = file.Mapping(file.Root, "length");
        var estimate = file.String(node, "estimate");
        file.CheckPlaceholders(file.Optional(node, "estimate")!, "estimate", estimate, ["pages", "target"]);
        var tooLong = file.String(node, "too_long");
        file.CheckPlaceholders(file.Optional(node, "too_long")!, "too_long", tooLong, ["pages", "max"]);
        return new LengthDialog(estimate, tooLong, file.Strings(node, "sources"));
    }

    private static MissingDialog ReadMissing(YamlFile file)
    {
        var node = file.Mapping(file.Root, "missing");
        var partsNode = file.Mapping(node, "parts");
        var parts = Keyed<MissingPartKind>(file, partsNode, "parts").Select(k =>
        {
            var part = file.Mapping(partsNode, k.Key);
            var text = file.String(part, "text");
            file.CheckPlaceholders(file.Optional(part, "text")!, k.Key, text, MissingPlaceholders.GetValueOrDefault(k.Value, []));
            return new MissingPartDialog(k.Value, text, file.Strings(part, "sources"));
        }).ToList();
        return new MissingDialog(file.String(node, "intro"), file.String(node, "none"), parts);
    }

    /// <summary>A mapping of texts with exactly the <paramref name="required"/> keys.</summary>
    private static Dictionary<string, string> Texts(YamlFile file, YamlMappingNode node, string name, IReadOnlyCollection<string> required)
    {
        CheckKeys(file, node, name, required);
        return required.ToDictionary(key => key, key => file.String(node, key));
    }

    /// <summary>A missing or an unknown key is an error, with the line of the mapping or of the unknown key.</summary>
    private static void CheckKeys(YamlFile file, YamlMappingNode node, string name, IReadOnlyCollection<string> required)
    {
        foreach (var (key, keyNode, _) in YamlFile.Entries(node).Where(e => !required.Contains(e.Key)))
        {
            throw ContentException.At(file.Path, keyNode, $"'{name}': unknown key '{key}' (expected: {string.Join(", ", required)})");
        }
        foreach (var key in required.Where(k => file.Optional(node, k) is null))
        {
            throw ContentException.At(file.Path, node, $"'{name}': missing '{key}'");
        }
    }

    private static Dictionary<TEnum, string> EnumTexts<TEnum>(YamlFile file, string name) where TEnum : struct, Enum
    {
        var node = file.Mapping(file.Root, name);
        return Keyed<TEnum>(file, node, name).ToDictionary(k => k.Value, k => file.String(node, k.Key));
    }

    /// <summary>The keys of a mapping that names every value of <typeparamref name="TEnum"/> exactly once, in enum order.</summary>
    private static List<(string Key, TEnum Value)> Keyed<TEnum>(YamlFile file, YamlMappingNode node, string name) where TEnum : struct, Enum
    {
        var keys = Enum.GetValues<TEnum>().Select(v => (Key: Key(v), Value: v)).ToList();
        CheckKeys(file, node, name, keys.Select(k => k.Key).ToList());
        return keys;
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex UpperCase();
}
