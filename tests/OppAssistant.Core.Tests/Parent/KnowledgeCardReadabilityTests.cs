using OppAssistant.Core.Content;
using OppAssistant.Knowledge;

namespace OppAssistant.Core.Tests.Parent;

/// <summary>
/// The answers of knowledge/nl are read by parents: each card's body within the parent limits of dialogs/readability.yaml
/// (the score, sentence and word length of the whole body, every long sentence on its own, no over-long word).
/// A term of law a parent must recognise (toelaatbaarheidsverklaring) is exempt only from the long-word check
/// (proper_names in dialogs/readability.yaml); the card explains it in a short sentence.
/// </summary>
public sealed class KnowledgeCardReadabilityTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<(KnowledgeCard Card, IReadOnlyList<ReadabilityFinding> Findings)>> Measured = new(() =>
    {
        var gate = ReadabilityGate.Load(Repo.DialogsDirectory);
        return KnowledgeBase.Load(Repo.PathOf("knowledge")).Cards(KnowledgeBase.Dutch)
            .Select(card => (card, (IReadOnlyList<ReadabilityFinding>)gate.CheckText(
                new MeasuredText("../knowledge/nl/" + card.Id + ".md", "body", "parent", card.Body, Readability.Measure(card.Body))).ToList()))
            .ToList();
    });

    [Fact]
    public void Every_card_body_in_knowledge_nl_is_within_the_parent_limits()
    {
        var failing = Measured.Value.Where(m => m.Findings.Count > 0).ToList();
        foreach (var (card, findings) in failing)
        {
            output.WriteLine($"{card.Id} ({Readability.Measure(card.Body)}):");
            foreach (var finding in findings)
            {
                output.WriteLine("  " + finding.Problem);
            }
        }
        Assert.True(failing.Count == 0, string.Join("\n", failing.SelectMany(m => m.Findings)));
    }
}
