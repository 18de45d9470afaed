using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Review;

/// <summary>What changed in one section of the draft: sentences that are new and sentences that are gone.</summary>
public sealed record SectionChanges(DraftSectionKind Section, string Title, IReadOnlyList<DraftSentence> Added, IReadOnlyList<DraftSentence> Removed)
{
    public bool Any => Added.Count > 0 || Removed.Count > 0;
}

/// <summary>
/// The changes between two versions of a plan, section by section, as the coordinator reads them: each section's
/// sentences (with their labels, so "Succescriterium: …" is compared as a whole) before and after. A changed sentence
/// shows as one removed and one added. Order within a section is ignored; a moved sentence is no change.
/// </summary>
public static class DraftChanges
{
    public static IReadOnlyList<SectionChanges> Between(OppDocument before, OppDocument after, DraftAssembler assembler)
    {
        ArgumentNullException.ThrowIfNull(assembler);
        var old = assembler.Assemble(before).Sections.ToDictionary(s => s.Kind);
        var changes = new List<SectionChanges>();
        foreach (var section in assembler.Assemble(after).Sections)
        {
            var was = old.TryGetValue(section.Kind, out var previous) ? Lines(previous) : [];
            var now = Lines(section);
            var added = Without(now, was);
            var removed = Without(was, now);
            if (added.Count > 0 || removed.Count > 0)
            {
                changes.Add(new SectionChanges(section.Kind, section.Title, added, removed));
            }
        }
        return changes;
    }

    /// <summary>The section's filled-in sentences, each prefixed with its block's label.</summary>
    private static List<DraftSentence> Lines(DraftSection section) =>
        section.Blocks
            .Where(b => b.Kind != DraftBlockKind.Note)
            .SelectMany(b => b.Sentences.Select(s => s with { Text = b.Label is { Length: > 0 } label && b.Kind == DraftBlockKind.Field ? $"{label}: {s.Text}" : s.Text }))
            .ToList();

    /// <summary>The sentences of <paramref name="these"/> not in <paramref name="those"/>, counting repeats (a multiset difference by text).</summary>
    private static List<DraftSentence> Without(List<DraftSentence> these, List<DraftSentence> those)
    {
        var left = those.GroupBy(s => s.Text, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var result = new List<DraftSentence>();
        foreach (var sentence in these)
        {
            if (left.TryGetValue(sentence.Text, out var count) && count > 0)
            {
                left[sentence.Text] = count - 1;
            }
            else
            {
                result.Add(sentence);
            }
        }
        return result;
    }
}
