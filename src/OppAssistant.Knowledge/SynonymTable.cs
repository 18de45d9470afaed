using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OppAssistant.Knowledge;

/// <summary>
/// The search vocabulary of knowledge/synonyms.yaml: groups of words or phrases that mean the same to a parent,
/// one-way corrections of common misspellings and abbreviations, extra word parts for splitting compounds, and
/// filler words that carry no meaning in a parent's question.
/// </summary>
public sealed class SynonymTable
{
    public static SynonymTable Empty { get; } = new([], new Dictionary<string, string>(), [], []);

    /// <summary>
    /// Words that nearly every question about the OPP holds ("opp", "plan", "kind"): they barely count in a search,
    /// unless the question has nothing else (see <see cref="KnowledgeSearch"/>).
    /// </summary>
    public IReadOnlyList<string> DomainWords { get; init; } = [];

    public SynonymTable(
        IReadOnlyList<IReadOnlyList<string>> groups,
        IReadOnlyDictionary<string, string> corrections,
        IReadOnlyList<string> compoundParts,
        IReadOnlyList<string> fillers)
    {
        Groups = groups;
        Corrections = corrections;
        CompoundParts = compoundParts;
        Fillers = fillers;
    }

    /// <summary>Each group: phrases that may stand for each other (two-way).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Groups { get; }

    /// <summary>Misspelling or abbreviation → the word meant (one-way).</summary>
    public IReadOnlyDictionary<string, string> Corrections { get; }

    /// <summary>Words that compounds are split into even when no card uses them on their own.</summary>
    public IReadOnlyList<string> CompoundParts { get; }

    /// <summary>Words dropped from a question before searching ("eigenlijk", "zoon").</summary>
    public IReadOnlyList<string> Fillers { get; }

    public static SynonymTable Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new KnowledgeException(path, "the synonyms file does not exist");
        }
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            using (var reader = File.OpenText(path))
            {
                stream.Load(reader);
            }
            root = stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode mapping
                ? mapping
                : throw new KnowledgeException(path, "the file must be a YAML mapping with groups:, corrections:, compound_parts: and fillers:");
        }
        catch (YamlException e)
        {
            throw new KnowledgeException(path, $"line {e.Start.Line}: not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        catch (InvalidOperationException)
        {
            throw new KnowledgeException(path, "not valid YAML: the text ends inside an unclosed list or quote");
        }

        var problems = new List<KnowledgeProblem>();
        var groups = new List<IReadOnlyList<string>>();
        var corrections = new Dictionary<string, string>(StringComparer.Ordinal);
        var parts = new List<string>();
        var fillers = new List<string>();
        var domainWords = new List<string>();
        foreach (var (keyNode, value) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            switch (key)
            {
                case "groups" when value is YamlSequenceNode sequence:
                    foreach (var group in sequence.Children)
                    {
                        var phrases = Texts(group);
                        if (phrases is null || phrases.Count < 2)
                        {
                            problems.Add(new KnowledgeProblem(path, $"line {group.Start.Line}: a group must be a list of at least two words or phrases"));
                            continue;
                        }
                        groups.Add(phrases);
                    }
                    break;
                case "corrections" when value is YamlMappingNode map:
                    foreach (var (wrong, right) in map.Children)
                    {
                        if (wrong is YamlScalarNode { Value: { Length: > 0 } w } && right is YamlScalarNode { Value: { Length: > 0 } r })
                        {
                            corrections[w.Trim().ToLowerInvariant()] = r.Trim();
                        }
                        else
                        {
                            problems.Add(new KnowledgeProblem(path, $"line {wrong.Start.Line}: a correction must be 'misspelling: intended word'"));
                        }
                    }
                    break;
                case "compound_parts" when Texts(value) is { } list:
                    parts.AddRange(list);
                    break;
                case "fillers" when Texts(value) is { } list:
                    fillers.AddRange(list);
                    break;
                case "domain_words" when Texts(value) is { } list:
                    domainWords.AddRange(list);
                    break;
                default:
                    problems.Add(new KnowledgeProblem(path, $"line {keyNode.Start.Line}: unexpected '{key}' (expected groups: and compound_parts:/fillers:/domain_words: as lists, corrections: as a mapping)"));
                    break;
            }
        }
        if (problems.Count > 0)
        {
            throw new KnowledgeException(problems);
        }
        return new SynonymTable(groups, corrections, parts, fillers) { DomainWords = domainWords };
    }

    private static List<string>? Texts(YamlNode node)
    {
        if (node is not YamlSequenceNode sequence)
        {
            return null;
        }
        var texts = new List<string>();
        foreach (var item in sequence.Children)
        {
            if (item is not YamlScalarNode { Value: { } value } || string.IsNullOrWhiteSpace(value))
            {
                return null;
            }
            texts.Add(value.Trim());
        }
        return texts;
    }
}
