using System.Text;
using System.Text.RegularExpressions;
using OppAssistant.Core.Drafting;
using YamlDotNet.RepresentationModel;

namespace OppAssistant.Core.Content;

/// <summary>
/// Reads dialogs/language-checks.yaml into compiled <see cref="LanguageChecks"/>: a hint per check, the label list,
/// the problem phrases with their reframings, and the vague and measurable phrases of goals. Every phrase is parsed
/// here, so a broken phrase stops the service with its file and line.
/// </summary>
internal static partial class LanguageCheckContent
{
    /// <summary>Placeholders each hint must contain (and the only ones it may contain).</summary>
    public static readonly IReadOnlyDictionary<LanguageCheckId, string[]> Placeholders = new Dictionary<LanguageCheckId, string[]>
    {
        [LanguageCheckId.Label] = ["found"],
        [LanguageCheckId.ProblemLanguage] = ["found", "suggestion"],
        [LanguageCheckId.VagueGoal] = ["found"],
    };

    public const int MaxGap = 4;

    public static string Key(LanguageCheckId check) =>
        string.Concat(check.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    internal static LanguageChecks Read(YamlFile file)
    {
        AllowOnly(file, file.Root, "hints", "negations", "labels", "reframings", "vague_goals", "repeated_text");
        var hints = ReadHints(file);
        var negations = file.Strings(file.Root, "negations").Select(Word(file, "negations")).ToHashSet(StringComparer.Ordinal);

        var labelsNode = file.Mapping(file.Root, "labels");
        AllowOnly(file, labelsNode, "max_gap", "terms");
        var terms = new List<LabelTerm>();
        var labelEntries = new List<PhraseEntry>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var term in file.Mappings(labelsNode, "terms"))
        {
            AllowOnly(file, term, "name", "match", "hint", "sources");
            var name = file.String(term, "name");
            var match = Phrases(file, term, "match");
            foreach (var (phrase, node) in match.Zip(Nodes(file, term, "match")))
            {
                var key = string.Join(' ', phrase.Words.Select(w => string.Join('|', w.Alternatives)));
                if (!seen.TryAdd(key, name))
                {
                    throw ContentException.At(file.Path, node, $"'{phrase.Source}' is listed under both '{seen[key]}' and '{name}'");
                }
            }
            LanguageHint? hint = null;
            if (file.Optional(term, "hint") is { } hintNode)
            {
                hint = new LanguageHint(file.String(term, "hint"), file.Strings(term, "sources"));
                CheckPlaceholders(file, hintNode, $"the hint of '{name}'", hint.Text, Placeholders[LanguageCheckId.Label]);
            }
            else if (file.Optional(term, "sources") is { } stray)
            {
                throw ContentException.At(file.Path, stray, $"'{name}': sources belong with a hint of its own");
            }
            terms.Add(new LabelTerm(name, hint));
            labelEntries.Add(new PhraseEntry(match, []));
        }
        var labels = new PhraseList(labelEntries, Gap(file, labelsNode), negations: null);

        var reframingsNode = file.Mapping(file.Root, "reframings");
        AllowOnly(file, reframingsNode, "max_gap", "items");
        var suggestions = new List<string>();
        var reframingEntries = new List<PhraseEntry>();
        foreach (var item in file.Mappings(reframingsNode, "items"))
        {
            AllowOnly(file, item, "match", "except", "suggestion");
            reframingEntries.Add(new PhraseEntry(Phrases(file, item, "match"), OptionalPhrases(file, item, "except")));
            var suggestion = file.String(item, "suggestion");
            CheckPlaceholders(file, item, "a suggestion", suggestion, []);
            suggestions.Add(suggestion);
        }
        var reframings = new PhraseList(reframingEntries, Gap(file, reframingsNode), negations);

        var vagueNode = file.Mapping(file.Root, "vague_goals");
        AllowOnly(file, vagueNode, "max_gap", "match", "except", "measurable");
        var gap = Gap(file, vagueNode);
        var vague = new PhraseList([new PhraseEntry(Phrases(file, vagueNode, "match"), OptionalPhrases(file, vagueNode, "except"))], gap, negations);
        var measurable = new PhraseList([new PhraseEntry(Phrases(file, vagueNode, "measurable"), [])], gap, negations: null);

        var repeatedNode = file.Mapping(file.Root, "repeated_text");
        AllowOnly(file, repeatedNode, "neutral_words");
        var neutral = file.Strings(repeatedNode, "neutral_words").Select(Word(file, "neutral_words")).ToHashSet(StringComparer.Ordinal);

        return new LanguageChecks(hints, labels, terms, reframings, suggestions, vague, measurable, neutral);
    }

    private static Dictionary<LanguageCheckId, LanguageHint> ReadHints(YamlFile file)
    {
        var node = file.Mapping(file.Root, "hints");
        var hints = new Dictionary<LanguageCheckId, LanguageHint>();
        foreach (var (key, keyNode, _) in YamlFile.Entries(node))
        {
            if (!Enum.GetValues<LanguageCheckId>().Any(c => Key(c) == key))
            {
                throw ContentException.At(file.Path, keyNode, $"unknown check '{key}' (expected: {string.Join(", ", Enum.GetValues<LanguageCheckId>().Select(Key))})");
            }
            var check = Enum.GetValues<LanguageCheckId>().First(c => Key(c) == key);
            var hint = file.Mapping(node, key);
            AllowOnly(file, hint, "text", "sources");
            var text = file.String(hint, "text");
            CheckPlaceholders(file, keyNode, $"the hint '{key}'", text, Placeholders.GetValueOrDefault(check, []));
            hints[check] = new LanguageHint(text, file.Strings(hint, "sources"));
        }
        foreach (var missing in Enum.GetValues<LanguageCheckId>().Where(c => !hints.ContainsKey(c)))
        {
            throw ContentException.At(file.Path, node, $"missing hint '{Key(missing)}'");
        }
        return hints;
    }

    private static int Gap(YamlFile file, YamlMappingNode node) => file.Int(node, "max_gap", 0, 0, MaxGap);

    private static List<PhrasePattern> Phrases(YamlFile file, YamlMappingNode parent, string key)
    {
        var texts = file.Strings(parent, key);
        return texts.Zip(Nodes(file, parent, key)).Select(p =>
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

    private static List<PhrasePattern> OptionalPhrases(YamlFile file, YamlMappingNode parent, string key) =>
        file.Optional(parent, key) is null ? [] : Phrases(file, parent, key);

    private static IEnumerable<YamlNode> Nodes(YamlFile file, YamlMappingNode parent, string key) =>
        file.Optional(parent, key) is YamlSequenceNode sequence ? sequence.Children : [];

    /// <summary>A single word, normalized ("niet", "z'n" is not one word).</summary>
    private static Func<string, string> Word(YamlFile file, string key) => text =>
    {
        var tokens = TokenizedText.Of(text).Tokens;
        return tokens.Length == 1
            ? tokens[0].Text
            : throw ContentException.At(file.Path, file.Optional(file.Root, key) ?? file.Root, $"'{key}': '{text}' must be one word");
    };

    /// <summary>A misspelled key ("excpet") would silently drop a list, so only the known keys are allowed.</summary>
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

    private static void CheckPlaceholders(YamlFile file, YamlNode node, string what, string text, string[] allowed)
    {
        var used = PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
        if (allowed.Except(used).Any() || used.Except(allowed).Any())
        {
            var expected = allowed.Length == 0
                ? "no placeholders"
                : new StringBuilder("the placeholders {").AppendJoin("}, {", allowed).Append('}').ToString();
            throw ContentException.At(file.Path, node, $"{what} must use {expected}");
        }
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex PlaceholderPattern();
}
