using System.Text.RegularExpressions;
using OppAssistant.Core.Opp;
using YamlDotNet.RepresentationModel;

namespace OppAssistant.Core.Content;

/// <summary>The phases of the teacher's flow (glossary: start, overzicht, inzicht, uitzicht).</summary>
public enum TeacherPhase
{
    Start,
    Overview,
    Insight,
    Outlook,
}

public sealed record PhaseDialog(TeacherPhase Phase, string Title, string Intro, string Summary, IReadOnlyList<string> Sources);

/// <summary>A button of a choice question; <see cref="Answers"/> are what may be typed instead.</summary>
public sealed record ChoiceOption(string Value, string Label, IReadOnlyList<string> Answers);

public sealed record QuestionDialog(
    string Id,
    TeacherPhase Phase,
    SlotDefinition Slot,
    string Label,
    string Ask,
    string Help,
    bool Optional,
    int MaxLength,
    IReadOnlyList<ChoiceOption> Choices,
    IReadOnlyList<string> Sources);

/// <summary>
/// dialogs/teacher.yaml: the questions of the teacher's guided OPP, in order per phase, and the flow's texts.
/// Loading checks it against <see cref="OppSlots"/>, so content and plan cannot drift apart unnoticed.
/// </summary>
public sealed partial record TeacherDialog(
    string Progress,
    IReadOnlyList<PhaseDialog> Phases,
    IReadOnlyList<QuestionDialog> Questions,
    IReadOnlyDictionary<string, string> Texts,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Commands,
    IReadOnlyList<string> YesAnswers,
    IReadOnlyList<string> NoAnswers)
{
    /// <summary>What counts as used, partly or not used when she weighs a contribution of the pupil (typed or the button).</summary>
    public IReadOnlyDictionary<WeighingUse, IReadOnlyList<string>> UseAnswers { get; init; } = new Dictionary<WeighingUse, IReadOnlyList<string>>();

    public const int DefaultMaxLength = 1000;

    public static readonly string[] RequiredTexts =
    [
        "ask_more", "more_yes", "more_no", "skipped", "cannot_skip", "empty_answer", "too_long", "invalid_date",
        "invalid_choice", "wrong_card", "back_at_start", "phase_summary", "confirm_phase", "confirm_yes", "confirm_edit",
        "edit_which", "edit_unknown", "paused", "my_opps", "my_opps_empty", "resumed", "new_opp",
        "guard_overview_hindering", "guard_goal_criterion", "guard_perspective", "summary_intro", "done", "help_question",
        "my_opps_item", "my_opps_unknown", "unnamed_pupil", "code_unknown", "finished", "more_not_understood",
        "confirm_not_understood", "show_intro", "nothing_yet", "not_filled", "edit_current", "edited", "goal_item",
        "agreement_item", "submit", "group_card_intro", "group_card_submit", "no_plan", "skip_button", "new_opp_button", "confirm_summary", "plan_moved", "too_many_choices",
        "need_choose", "need_next_button", "need_unknown_category", "need_complete", "need_suggestions", "need_review", "need_accept",
        "need_rewrite", "need_drop", "need_review_not_understood", "need_accepted", "need_dropped", "need_done", "pupil_fallback",
        "ai_writing", "ai_suggestions", "ai_failed", "draft_language_hints", "ai_goal_hints", "need_ai_rephrase", "parents_version", "parents_version_no_ai", "ai_failed_plain",
        "invite_pupil", "invite_pupil_band", "invite_pupil_band_unknown", "invite_pupil_no_plan", "guard_pupil_voice", "pupil_voice_intro",
        "pupil_voice_new", "pupil_voice_ask_use", "pupil_voice_use_reprompt", "pupil_voice_ask_why", "pupil_voice_weighed", "pupil_voice_done",
        "pupil_voice_all_weighed", "pupil_voice_list", "pupil_voice_not_heard", "pupil_voice_busy", "use_used", "use_partly", "use_not_used",
        "invite_parents", "invite_parents_no_plan", "parents_new", "parents_not_agreed",
    ];

    public static readonly string[] RequiredCommands = ["skip", "back", "pause", "show", "edit", "my_opps", "new_opp", "resume", "need_rewrite", "need_drop", "draft", "parents_draft", "invite_pupil", "pupil_voice", "invite_parents"];

    /// <summary>Placeholders each text must contain (and the only ones it may contain).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Placeholders = new Dictionary<string, string[]>
    {
        ["too_long"] = ["max"],
        ["too_many_choices"] = ["max"],
        ["phase_summary"] = ["phase"],
        ["paused"] = ["code"],
        ["new_opp"] = ["code"],
        ["done"] = ["code"],
        ["my_opps_item"] = ["name", "date"],
        ["edit_current"] = ["current"],
        ["goal_item"] = ["n"],
        ["ask_more"] = ["what"],
        ["need_choose"] = ["goal_label", "goal", "kind", "who"],
        ["need_next_button"] = ["kind"],
        ["need_complete"] = ["start"],
        ["need_review"] = ["need"],
        ["ai_goal_hints"] = ["goal"],
        ["agreement_item"] = ["n"],
        ["invite_pupil"] = ["code", "band", "until", "link"],
        ["pupil_voice_intro"] = ["n"],
        ["pupil_voice_new"] = ["n"],
        ["invite_parents"] = ["code", "until", "link"],
        ["parents_new"] = ["n"],
        ["parents_not_agreed"] = ["parent", "reasons"],
        ["pupil_voice_ask_why"] = ["use"],
    };

    private static readonly string[] ProgressPlaceholders = ["step", "total", "phase"];

    public string Text(string key) =>
        Texts.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"dialogs/teacher.yaml has no text '{key}'");

    public IEnumerable<QuestionDialog> QuestionsOf(TeacherPhase phase) => Questions.Where(q => q.Phase == phase);

    public QuestionDialog Question(string id) => Questions.First(q => q.Id == id);

    public PhaseDialog PhaseOf(TeacherPhase phase) => Phases.First(p => p.Phase == phase);

    /// <summary>The text with its placeholders filled in.</summary>
    public string Text(string key, params (string Name, string Value)[] values) =>
        values.Aggregate(Text(key), (text, v) => text.Replace("{" + v.Name + "}", v.Value, StringComparison.Ordinal));

    public bool IsCommand(string? text, string command) => TextMatcher.IsExactly(text, Commands[command]);

    internal static TeacherDialog Read(YamlFile file)
    {
        var progress = file.String(file.Root, "progress");
        file.CheckPlaceholders(file.Root, "progress", progress, ProgressPlaceholders);

        var phases = ReadPhases(file);
        var questions = ReadQuestions(file);
        foreach (var phase in phases.Where(p => questions.All(q => q.Phase != p.Phase)))
        {
            throw ContentException.At(file.Path, file.Root, $"phase '{Key(phase.Phase)}' has no questions");
        }
        foreach (var group in OppSlots.All.Values.Where(s => s.Group is not null).GroupBy(s => s.Group!))
        {
            var asked = group.Count(s => questions.Any(q => q.Slot == s));
            if (asked != 0 && asked != group.Count())
            {
                throw ContentException.At(file.Path, file.Root,
                    $"the {group.Key} group needs a question for each of {string.Join(", ", group.Select(s => s.Name))}");
            }
        }

        var textsNode = file.Mapping(file.Root, "texts");
        var texts = YamlFile.Entries(textsNode).ToDictionary(e => e.Key, e => file.String(textsNode, e.Key));
        foreach (var key in RequiredTexts.Where(k => !texts.ContainsKey(k)))
        {
            throw ContentException.At(file.Path, textsNode, $"missing text '{key}'");
        }
        foreach (var (key, keyNode, _) in YamlFile.Entries(textsNode))
        {
            file.CheckPlaceholders(keyNode, key, texts[key], Placeholders.GetValueOrDefault(key, []));
        }

        var commandsNode = file.Mapping(file.Root, "commands");
        var commands = YamlFile.Entries(commandsNode).ToDictionary(e => e.Key, e => file.Strings(commandsNode, e.Key));
        foreach (var key in RequiredCommands.Where(k => !commands.ContainsKey(k)))
        {
            throw ContentException.At(file.Path, commandsNode, $"missing command '{key}'");
        }
        var phrases = commands.SelectMany(c => c.Value.Select(p => (Phrase: TextMatcher.Normalize(p), Command: c.Key))).ToList();
        foreach (var clash in phrases.GroupBy(p => p.Phrase).Where(g => g.Select(p => p.Command).Distinct().Count() > 1))
        {
            throw ContentException.At(file.Path, commandsNode, $"'{clash.Key}' belongs to more than one command ({string.Join(", ", clash.Select(p => p.Command))})");
        }
        var answersNode = file.Mapping(file.Root, "answers");
        var yes = file.Strings(answersNode, "yes");
        var no = file.Strings(answersNode, "no");
        if (yes.Select(TextMatcher.Normalize).Intersect(no.Select(TextMatcher.Normalize)).FirstOrDefault() is { } both)
        {
            throw ContentException.At(file.Path, answersNode, $"'{both}' is both a yes and a no answer");
        }
        var uses = new Dictionary<WeighingUse, IReadOnlyList<string>>
        {
            [WeighingUse.Used] = file.Strings(answersNode, "used"),
            [WeighingUse.Partly] = file.Strings(answersNode, "partly"),
            [WeighingUse.NotUsed] = file.Strings(answersNode, "not_used"),
        };
        if (uses.Values.SelectMany(u => u.Select(TextMatcher.Normalize).Distinct()).GroupBy(w => w).FirstOrDefault(g => g.Count() > 1) is { } shared)
        {
            throw ContentException.At(file.Path, answersNode, $"'{shared.Key}' counts for more than one of used, partly and not_used");
        }
        return new TeacherDialog(progress, phases, questions, texts, commands, yes, no) { UseAnswers = uses };
    }

    private static List<PhaseDialog> ReadPhases(YamlFile file)
    {
        var node = file.Mapping(file.Root, "phases");
        var keys = YamlFile.Entries(node).ToList();
        var expected = Enum.GetValues<TeacherPhase>().Select(Key).ToList();
        if (!keys.Select(k => k.Key).SequenceEqual(expected))
        {
            throw ContentException.At(file.Path, node, $"phases must be exactly {string.Join(", ", expected)}, in this order");
        }
        return keys.Select(k =>
        {
            var phase = file.Mapping(node, k.Key);
            return new PhaseDialog(
                Enum.GetValues<TeacherPhase>().First(p => Key(p) == k.Key),
                file.String(phase, "title"),
                file.String(phase, "intro"),
                file.String(phase, "summary"),
                file.Strings(phase, "sources"));
        }).ToList();
    }

    private static List<QuestionDialog> ReadQuestions(YamlFile file)
    {
        var questions = new List<QuestionDialog>();
        foreach (var node in file.Mappings(file.Root, "questions"))
        {
            var id = file.String(node, "id");
            if (!IdPattern().IsMatch(id))
            {
                throw ContentException.At(file.Path, node, $"question id '{id}' must be lower_snake_case");
            }
            if (questions.Any(q => q.Id == id))
            {
                throw ContentException.At(file.Path, node, $"question id '{id}' is used twice");
            }
            var phaseKey = file.String(node, "phase");
            if (!Enum.GetValues<TeacherPhase>().Any(p => Key(p) == phaseKey))
            {
                throw ContentException.At(file.Path, node, $"question '{id}': unknown phase '{phaseKey}'");
            }
            var phase = Enum.GetValues<TeacherPhase>().First(p => Key(p) == phaseKey);
            if (questions.Count > 0 && phase < questions[^1].Phase)
            {
                throw ContentException.At(file.Path, node, $"question '{id}': questions must follow the order of the phases");
            }
            var slotName = file.String(node, "slot");
            if (!OppSlots.All.TryGetValue(slotName, out var slot))
            {
                throw ContentException.At(file.Path, node, $"question '{id}': '{slotName}' is not a slot of the plan (see dialogs/README.md)");
            }
            if (questions.Any(q => q.Slot == slot))
            {
                throw ContentException.At(file.Path, node, $"question '{id}': slot '{slotName}' is already asked by another question");
            }
            var inputKey = file.String(node, "input");
            if (!Enum.TryParse<InputType>(inputKey, ignoreCase: true, out var input) || inputKey != inputKey.ToLowerInvariant())
            {
                throw ContentException.At(file.Path, node, $"question '{id}': input must be text, choice, multichoice, date or needs");
            }
            if (input != slot.Input)
            {
                throw ContentException.At(file.Path, node, $"question '{id}': slot '{slotName}' takes input '{slot.Input.ToString().ToLowerInvariant()}'");
            }
            var hasChoices = input is InputType.Choice or InputType.MultiChoice;
            if (file.Optional(node, "max_length") is { } lengthNode && input is not (InputType.Text or InputType.Needs))
            {
                throw ContentException.At(file.Path, lengthNode, $"question '{id}': max_length is for text questions");
            }
            var choices = hasChoices ? ReadChoices(file, node, id, slot) : [];
            if (!hasChoices && file.Optional(node, "choices") is { } stray)
            {
                throw ContentException.At(file.Path, stray, $"question '{id}': choices are for choice and multichoice questions");
            }
            questions.Add(new QuestionDialog(
                id,
                phase,
                slot,
                file.String(node, "label"),
                file.String(node, "ask"),
                file.String(node, "help"),
                file.Bool(node, "optional", fallback: false),
                file.Int(node, "max_length", DefaultMaxLength, 1, 4000),
                choices,
                file.OptionalStrings(node, "sources")));
        }
        return questions;
    }

    private static List<ChoiceOption> ReadChoices(YamlFile file, YamlMappingNode question, string id, SlotDefinition slot)
    {
        var choices = file.Mappings(question, "choices").Select(c => new ChoiceOption(
            file.String(c, "value"), file.String(c, "label"), file.OptionalStrings(c, "answers"))).ToList();
        var choicesNode = file.Optional(question, "choices")!;
        if (slot.Values is { } values && !values.Order().SequenceEqual(choices.Select(c => c.Value).Order()))
        {
            throw ContentException.At(file.Path, choicesNode, $"question '{id}': the choice values must be exactly {string.Join(", ", values)}");
        }
        var typed = choices.SelectMany(c => c.Answers.Append(c.Label).Append(c.Value).Select(a => (Answer: TextMatcher.Normalize(a), c.Value))).ToList();
        foreach (var clash in typed.GroupBy(t => t.Answer).Where(g => g.Select(t => t.Value).Distinct().Count() > 1))
        {
            throw ContentException.At(file.Path, choicesNode, $"question '{id}': '{clash.Key}' would choose more than one option");
        }
        return choices;
    }

    private static string Key(TeacherPhase phase) => phase.ToString().ToLowerInvariant();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex IdPattern();
}
