using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OppAssistant.Knowledge;

/// <summary>A parent's question and the card it should find; <see cref="Card"/> is null for a question no card answers.</summary>
public sealed record LabelledQuestion(string Question, string? Card);

/// <summary>
/// The measuring set (tests/OppAssistant.Knowledge.Tests/parent-questions.yaml): questions: with q: and card:,
/// out_of_scope: with q: only, and optionally holdout: (same shape as questions:), questions kept apart to check that
/// tuning on questions: does not overfit.
/// </summary>
public sealed record QuestionSet(IReadOnlyList<LabelledQuestion> InScope, IReadOnlyList<LabelledQuestion> OutOfScope)
{
    /// <summary>Held-out in-scope questions: measured and printed separately, never tuned on.</summary>
    public IReadOnlyList<LabelledQuestion> Holdout { get; init; } = [];

    /// <summary>Reads the set and checks that every expected card exists in <paramref name="knowledge"/> when given.</summary>
    public static QuestionSet Load(string path, KnowledgeBase? knowledge = null, string language = KnowledgeBase.Dutch)
    {
        if (!File.Exists(path))
        {
            throw new KnowledgeException(path, "the question set does not exist");
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
                : throw new KnowledgeException(path, "the file must be a mapping with questions: and out_of_scope:");
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
        List<LabelledQuestion> Read(string key, bool withCard, bool required = true)
        {
            var list = new List<LabelledQuestion>();
            if (!root.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                if (withCard && required)
                {
                    problems.Add(new KnowledgeProblem(path, $"'{key}:' is missing"));
                }
                return list;
            }
            if (node is not YamlSequenceNode sequence)
            {
                problems.Add(new KnowledgeProblem(path, $"line {node.Start.Line}: '{key}:' must be a list"));
                return list;
            }
            foreach (var item in sequence.Children)
            {
                var q = Field(item, "q");
                var card = Field(item, "card");
                if (q?.Value is not { Length: > 0 } question)
                {
                    problems.Add(new KnowledgeProblem(path, $"line {item.Start.Line}: an item needs q: with the question"));
                    continue;
                }
                if (withCard && card?.Value is not { Length: > 0 })
                {
                    problems.Add(new KnowledgeProblem(path, $"line {item.Start.Line}: the question needs card: with the id of the card it should find"));
                    continue;
                }
                if (withCard && knowledge is not null && knowledge.Find(card!.Value!, language) is null)
                {
                    problems.Add(new KnowledgeProblem(path, $"line {item.Start.Line}: card '{card.Value}' does not exist"));
                }
                list.Add(new LabelledQuestion(question, withCard ? card!.Value : null));
            }
            return list;
        }

        static YamlScalarNode? Field(YamlNode item, string key) =>
            item is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlScalarNode : null;

        var inScope = Read("questions", withCard: true);
        var outOfScope = Read("out_of_scope", withCard: false);
        var holdout = Read("holdout", withCard: true, required: false);
        if (problems.Count > 0)
        {
            throw new KnowledgeException(problems);
        }
        return new QuestionSet(inScope, outOfScope) { Holdout = holdout };
    }
}
