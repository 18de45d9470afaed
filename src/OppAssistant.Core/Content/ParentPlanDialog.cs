using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Content;

/// <summary>Who the parent is to the child: a label for the plan ("Moeder"), and what may be typed for it.</summary>
public sealed record ParentLabelOption(string Id, string Label, IReadOnlyList<string> Answers);

/// <summary>
/// dialogs/parent-plan.yaml: everything the parents' part of the plan says (<see cref="Parent.ParentPlanFlow"/>),
/// in plain Dutch (B1, "u"), the words that count as an answer, the labels a parent can choose, and the plain
/// headings and labels under which the parent reads the handelingsdeel (<see cref="PlainDraft"/>).
/// </summary>
public sealed record ParentPlanDialog(
    IReadOnlyDictionary<string, string> Texts,
    IReadOnlyDictionary<string, string> Buttons,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Answers,
    IReadOnlyList<ParentLabelOption> Labels,
    IReadOnlyDictionary<DraftSectionKind, string> PlainSections,
    IReadOnlyDictionary<NeedKind, string> PlainNeeds,
    IReadOnlyDictionary<string, string> PlainLabels,
    int MaxLength)
{
    public static readonly string[] RequiredTexts =
    [
        "code_wrong", "code_too_many", "welcome", "who_reads", "ask_label", "label_reprompt", "ask_custody", "custody_reprompt",
        "custody_no", "home_intro", "ask_goes_well", "ask_hard", "ask_more", "more_reprompt", "reprompt_empty", "reprompt_too_long",
        "needs_intro_parenting", "needs_intro_support", "needs_none", "need_choose", "need_reprompt", "need_complete", "need_added",
        "plan_intro", "ask_zienswijze", "ask_zienswijze_no_plan", "ask_consent", "consent_reprompt", "ask_reasons_not_agreed",
        "reasons_required", "ask_reasons_agreed", "goodbye_agreed", "goodbye_not_agreed", "goodbye_no_custody", "after_goodbye", "help", "pupil_fallback", "pupil_in_plan",
    ];

    public static readonly string[] RequiredButtons = ["yes", "no", "skip", "next", "agree", "not_agree", "nothing_to_add", "custody_yes", "custody_no"];

    public static readonly string[] RequiredAnswers = ["yes", "no", "skip", "next", "agree", "not_agree", "nothing_to_add"];

    public static readonly IReadOnlyDictionary<string, string[]> Placeholders = new Dictionary<string, string[]>
    {
        ["welcome"] = ["pupil"],
        ["ask_label"] = ["pupil"],
        ["ask_custody"] = ["pupil"],
        ["ask_goes_well"] = ["pupil"],
        ["ask_hard"] = ["pupil"],
        ["needs_intro_parenting"] = ["pupil"],
        ["needs_intro_support"] = ["pupil"],
        ["ask_zienswijze_no_plan"] = ["pupil"],
        ["need_choose"] = ["goal"],
        ["need_complete"] = ["start"],
        ["need_added"] = ["need"],
        ["reprompt_too_long"] = ["max"],
    };

    /// <summary>The sections of the draft a parent reads before deciding: the handelingsdeel and when it is evaluated.</summary>
    public static readonly DraftSectionKind[] PlanSections = [DraftSectionKind.ActionPart, DraftSectionKind.Evaluation];

    public string Text(string key) =>
        Texts.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"dialogs/parent-plan.yaml has no text '{key}'");

    public string Text(string key, params (string Name, string Value)[] values) => DraftDialog.Fill(Text(key), values);

    public bool Is(string? text, string answer) => TextMatcher.IsExactly(text, [.. Answers[answer], Buttons[answer]]);

    /// <summary>The draft's texts with the plain headings and labels a parent reads (the rest as in dialogs/draft.yaml).</summary>
    /// <summary>The status line a parent reads for these states; any other state reads as the plain "status" label.</summary>
    public IReadOnlyDictionary<OppStatus, string> PlainStates { get; init; } = new Dictionary<OppStatus, string>();

    public DraftDialog PlainDraft(DraftDialog draft) => draft with
    {
        Sections = draft.Sections.Select(s => PlainSections.TryGetValue(s.Kind, out var title) ? s with { Title = title } : s).ToList(),
        Needs = draft.Needs.Select(n => PlainNeeds.TryGetValue(n.Kind, out var title) ? n with { Title = title } : n).ToList(),
        Labels = draft.Labels.ToDictionary(l => l.Key, l => PlainLabels.GetValueOrDefault(l.Key, l.Value)),
    };

    internal static ParentPlanDialog Read(YamlFile file)
    {
        var texts = Keyed(file, "texts", RequiredTexts);
        var textsNode = file.Mapping(file.Root, "texts");
        foreach (var (key, keyNode, _) in YamlFile.Entries(textsNode))
        {
            file.CheckPlaceholders(keyNode, key, texts[key], Placeholders.GetValueOrDefault(key, []));
        }
        var buttons = Keyed(file, "buttons", RequiredButtons);
        var answersNode = file.Mapping(file.Root, "answers");
        var answers = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var key in RequiredAnswers)
        {
            answers[key] = file.Strings(answersNode, key);
        }
        foreach (var (key, keyNode, _) in YamlFile.Entries(answersNode).Where(e => !RequiredAnswers.Contains(e.Key)))
        {
            throw ContentException.At(file.Path, keyNode, $"unknown answers '{key}'");
        }
        var labels = file.Mappings(file.Root, "labels")
            .Select(node => new ParentLabelOption(file.String(node, "id"), file.String(node, "label"), file.Strings(node, "answers")))
            .ToList();
        if (labels.GroupBy(l => l.Id).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw ContentException.At(file.Path, file.Root, $"label '{twice.Key}' is listed twice");
        }

        var plain = file.Mapping(file.Root, "plain_plan");
        var sectionsNode = file.Mapping(plain, "sections");
        var sections = new Dictionary<DraftSectionKind, string>();
        foreach (var (key, keyNode, _) in YamlFile.Entries(sectionsNode))
        {
            var kind = PlanSections.FirstOrDefault(k => DraftDialog.Key(k) == key, (DraftSectionKind)(-1));
            sections[(int)kind >= 0 ? kind : throw ContentException.At(file.Path, keyNode, $"'{key}' is not one of the sections a parent reads")] = file.String(sectionsNode, key);
        }
        var needsNode = file.Mapping(plain, "needs");
        var needs = new Dictionary<NeedKind, string>();
        foreach (var kind in Enum.GetValues<NeedKind>())
        {
            needs[kind] = file.String(needsNode, DraftDialog.Key(kind));
        }
        var labelsNode = file.Mapping(plain, "labels");
        var plainLabels = new Dictionary<string, string>();
        foreach (var (key, keyNode, _) in YamlFile.Entries(labelsNode))
        {
            if (!DraftDialog.RequiredLabels.Contains(key))
            {
                throw ContentException.At(file.Path, keyNode, $"'{key}' is not a label of dialogs/draft.yaml");
            }
            plainLabels[key] = file.String(labelsNode, key);
            file.CheckPlaceholders(keyNode, key, plainLabels[key], DraftDialog.LabelPlaceholders.GetValueOrDefault(key, []));
        }
        var states = new Dictionary<OppStatus, string>();
        if (plain.Children.ContainsKey("states"))
        {
            var statesNode = file.Mapping(plain, "states");
            foreach (var (key, keyNode, _) in YamlFile.Entries(statesNode))
            {
                var state = Enum.GetValues<OppStatus>().FirstOrDefault(s => DraftDialog.Key(s) == key, (OppStatus)(-1));
                states[(int)state >= 0 ? state : throw ContentException.At(file.Path, keyNode, $"'{key}' is not a state of the plan's lifecycle")] = file.String(statesNode, key);
            }
        }
        return new ParentPlanDialog(texts, buttons, answers, labels, sections, needs, plainLabels,
            file.Int(file.Root, "max_length", 1000, 50, 4000))
        {
            PlainStates = states,
        };
    }

    private static Dictionary<string, string> Keyed(YamlFile file, string section, string[] required)
    {
        var node = file.Mapping(file.Root, section);
        var values = YamlFile.Entries(node).ToDictionary(e => e.Key, e => file.String(node, e.Key));
        foreach (var key in required.Where(k => !values.ContainsKey(k)))
        {
            throw ContentException.At(file.Path, node, $"missing {section} '{key}'");
        }
        foreach (var (key, keyNode, _) in YamlFile.Entries(node).Where(e => !required.Contains(e.Key)))
        {
            throw ContentException.At(file.Path, keyNode, $"unknown {section} '{key}'");
        }
        return values;
    }
}
