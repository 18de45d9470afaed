using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Drafting;

/// <summary>The checks on the language of a plan (faq-brief §3.3 and §8); each has a hint in dialogs/language-checks.yaml.</summary>
public enum LanguageCheckId
{
    /// <summary>A label or diagnosis (ADHD, dyslexie, hoogbegaafd, …) where a factor or need should describe behaviour or needs.</summary>
    Label,

    /// <summary>Problem language ("is lui", "vraagt dwingend om aandacht") that can be written as a need.</summary>
    ProblemLanguage,

    /// <summary>A goal without a success criterion.</summary>
    MissingSuccessCriterion,

    /// <summary>A goal without an evaluation date.</summary>
    MissingEvaluationDate,

    /// <summary>A goal phrased vaguely ("maakt vorderingen") with nothing measurable: no number, observable action or moment.</summary>
    VagueGoal,

    /// <summary>A need not tied to a goal of the plan.</summary>
    NeedWithoutGoal,

    /// <summary>A text (nearly) copied from another plan or from the school's standard offer (basisondersteuning).</summary>
    RepeatedText,
}

/// <summary>Which part of the plan a text or finding is about.</summary>
public enum TextKind
{
    Factor,
    GoalDescription,
    SuccessCriterion,

    /// <summary>A goal's evaluation date: not a text, but a finding can be about it.</summary>
    EvaluationDate,
    Need,

    /// <summary>The handelingsdeel's support and approach, where the basisondersteuning is most often copied.</summary>
    SupportAndApproach,
}

/// <summary>A hint of dialogs/language-checks.yaml, with placeholders still in it, and its sources.</summary>
public sealed record LanguageHint(string Text, IReadOnlyList<string> Sources);

/// <summary>
/// A finding: which check, the text it is about (<see cref="Kind"/> and the factor, goal or need <see cref="Id"/>;
/// null for a text checked on its own or for the support and approach), the Dutch hint with its placeholders filled
/// in, the words that triggered it as the user typed them, and for problem language the suggested reframing.
/// </summary>
public sealed record LanguageFinding(
    LanguageCheckId Check,
    TextKind Kind,
    string? Id,
    string Hint,
    string? Found = null,
    string? Suggestion = null);

/// <summary>A term of the label list: a name for content writers, its phrases, and a hint of its own if it needs one.</summary>
internal sealed record LabelTerm(string Name, LanguageHint? Hint);

/// <summary>
/// Checks the language of factors, goals and needs, and whether goals and needs are complete. A pure function of
/// the plan and the texts passed in: no storage, no clock. The word lists come from dialogs/language-checks.yaml
/// and are compiled once when the catalog loads, so a check is cheap enough to run on every answer.
/// </summary>
/// <remarks>
/// Matching works on words of the normalized text (lower case, no accents, punctuation splits words), so "ADD"
/// never matches inside "kladderen" and "ASS" not inside "assertief"; a term matches part of a word only where the
/// list says so with a "*". Problem language and vague phrases are not counted after a negation ("is niet lui").
/// </remarks>
public sealed class LanguageChecks
{
    /// <summary>Repeated text is compared on runs of this many words (word shingles).</summary>
    public const int ShingleWords = 3;

    /// <summary>Texts shorter than this many words are not compared: short sentences are alike by chance.</summary>
    public const int MinWordsToCompare = 8;

    /// <summary>
    /// A text counts as repeated when at least this share of its word shingles occurs in one other text. The share
    /// is of the checked text (containment), not of both (Jaccard), so a sentence copied out of a long
    /// basisondersteuning document is found too.
    /// </summary>
    public const double RepeatedThreshold = 0.7;

    private static readonly IReadOnlyDictionary<TextKind, LanguageCheckId[]> TextChecks = new Dictionary<TextKind, LanguageCheckId[]>
    {
        [TextKind.Factor] = [LanguageCheckId.Label, LanguageCheckId.ProblemLanguage, LanguageCheckId.RepeatedText],
        [TextKind.Need] = [LanguageCheckId.Label, LanguageCheckId.ProblemLanguage, LanguageCheckId.RepeatedText],
        [TextKind.GoalDescription] = [LanguageCheckId.VagueGoal, LanguageCheckId.RepeatedText],
        [TextKind.SuccessCriterion] = [LanguageCheckId.VagueGoal, LanguageCheckId.RepeatedText],
        [TextKind.SupportAndApproach] = [LanguageCheckId.RepeatedText],
        [TextKind.EvaluationDate] = [],
    };

    private readonly PhraseList labels;
    private readonly IReadOnlyList<LabelTerm> labelTerms;
    private readonly PhraseList reframings;
    private readonly IReadOnlyList<string> suggestions;
    private readonly PhraseList vague;
    private readonly PhraseList measurable;
    private readonly IReadOnlySet<string> neutralWords;

    internal LanguageChecks(
        IReadOnlyDictionary<LanguageCheckId, LanguageHint> hints,
        PhraseList labels,
        IReadOnlyList<LabelTerm> labelTerms,
        PhraseList reframings,
        IReadOnlyList<string> suggestions,
        PhraseList vague,
        PhraseList measurable,
        IReadOnlySet<string> neutralWords)
    {
        Hints = hints;
        this.labels = labels;
        this.labelTerms = labelTerms;
        this.reframings = reframings;
        this.suggestions = suggestions;
        this.vague = vague;
        this.measurable = measurable;
        this.neutralWords = neutralWords;
    }

    /// <summary>The hint of every check, as written in the file (placeholders {found} and {suggestion} unfilled).</summary>
    public IReadOnlyDictionary<LanguageCheckId, LanguageHint> Hints { get; }

    /// <summary>The checks <see cref="CheckText"/> runs on a text of this kind.</summary>
    public static IReadOnlyList<LanguageCheckId> TextChecksFor(TextKind kind) => TextChecks[kind];

    /// <summary>Prepares the texts to compare with (other plans' texts, the school's standard offer) once, for many checks.</summary>
    public ReferenceTexts Prepare(IEnumerable<string?> otherTexts) =>
        ReferenceTexts.Build(otherTexts.Select(t => Shingles(TokenizedText.Of(t))));

    /// <summary>Checks every factor, goal and need of the plan, and the support and approach.</summary>
    /// <param name="otherTexts">Texts of other plans and of the school's standard offer; not this plan's own texts.</param>
    public IReadOnlyList<LanguageFinding> Check(OppDocument plan, IReadOnlyList<string> otherTexts) => Check(plan, Prepare(otherTexts));

    /// <inheritdoc cref="Check(OppDocument, IReadOnlyList{string})"/>
    public IReadOnlyList<LanguageFinding> Check(OppDocument plan, ReferenceTexts otherTexts)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(otherTexts);
        var findings = new List<LanguageFinding>();
        foreach (var factor in plan.Factors)
        {
            CheckText(findings, TokenizedText.Of(factor.Text), TextKind.Factor, factor.Id, otherTexts, companion: null);
        }
        foreach (var goal in plan.Goals)
        {
            var description = TokenizedText.Of(goal.Description?.Text);
            var criterion = TokenizedText.Of(goal.SuccessCriterion?.Text);
            // A goal is measurable as a whole: a vague description with a concrete success criterion is fine.
            CheckText(findings, description, TextKind.GoalDescription, goal.Id, otherTexts, companion: criterion);
            if (criterion.Tokens.Length == 0)
            {
                findings.Add(Finding(LanguageCheckId.MissingSuccessCriterion, TextKind.SuccessCriterion, goal.Id));
            }
            CheckText(findings, criterion, TextKind.SuccessCriterion, goal.Id, otherTexts, companion: description);
            if (goal.EvaluateOn is null)
            {
                findings.Add(Finding(LanguageCheckId.MissingEvaluationDate, TextKind.EvaluationDate, goal.Id));
            }
        }
        var goalIds = plan.Goals.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var need in plan.ActionPart.Needs)
        {
            CheckText(findings, TokenizedText.Of(need.Text), TextKind.Need, need.Id, otherTexts, companion: null);
            if (string.IsNullOrWhiteSpace(need.GoalId) || !goalIds.Contains(need.GoalId))
            {
                findings.Add(Finding(LanguageCheckId.NeedWithoutGoal, TextKind.Need, need.Id));
            }
        }
        CheckText(findings, TokenizedText.Of(plan.ActionPart.SupportAndApproach?.Text), TextKind.SupportAndApproach, null, otherTexts, companion: null);
        return findings;
    }

    /// <summary>
    /// Checks one text on its own, for example an answer right after it was typed: the checks of
    /// <see cref="TextChecksFor"/> for its kind. Whether a goal or need is complete needs the plan (<see cref="Check(OppDocument, ReferenceTexts)"/>).
    /// </summary>
    public IReadOnlyList<LanguageFinding> CheckText(string? text, TextKind kind, ReferenceTexts? otherTexts = null)
    {
        var findings = new List<LanguageFinding>();
        CheckText(findings, TokenizedText.Of(text), kind, null, otherTexts ?? ReferenceTexts.None, companion: null);
        return findings;
    }

    private void CheckText(List<LanguageFinding> findings, TokenizedText text, TextKind kind, string? id, ReferenceTexts otherTexts, TokenizedText? companion)
    {
        if (text.Tokens.Length == 0)
        {
            return;
        }
        foreach (var check in TextChecks[kind])
        {
            switch (check)
            {
                case LanguageCheckId.Label:
                    FindLabels(findings, text, kind, id);
                    break;
                case LanguageCheckId.ProblemLanguage:
                    FindProblemLanguage(findings, text, kind, id);
                    break;
                case LanguageCheckId.VagueGoal:
                    FindVagueness(findings, text, kind, id, companion);
                    break;
                case LanguageCheckId.RepeatedText:
                    if (otherTexts.Count > 0 && text.Tokens.Length >= MinWordsToCompare
                        && otherTexts.BestContainment(Shingles(text)) >= RepeatedThreshold)
                    {
                        findings.Add(Finding(LanguageCheckId.RepeatedText, kind, id));
                    }
                    break;
            }
        }
    }

    /// <summary>One finding per hint: the terms that share the general hint are named together ("ADHD en dyslexie").</summary>
    private void FindLabels(List<LanguageFinding> findings, TokenizedText text, TextKind kind, string? id)
    {
        var byHint = new List<(LanguageHint? Hint, List<PhraseMatch> Matches)>();
        var all = labels.FindAll(text);
        for (var i = 0; i < all.Length; i++)
        {
            var matches = all[i];
            if (matches.Count == 0)
            {
                continue;
            }
            var hint = labelTerms[i].Hint;
            var group = byHint.FindIndex(g => ReferenceEquals(g.Hint, hint));
            if (group < 0)
            {
                byHint.Add((hint, [.. matches]));
            }
            else
            {
                byHint[group].Matches.AddRange(matches);
            }
        }
        foreach (var (hint, matches) in byHint.OrderBy(g => g.Matches.Min(m => m.First)))
        {
            var found = string.Join(", ", Merge(text, matches).Select(m => text.Span(m.First, m.Last)).Distinct(StringComparer.OrdinalIgnoreCase));
            findings.Add(new LanguageFinding(LanguageCheckId.Label, kind, id, Fill(hint ?? Hints[LanguageCheckId.Label], found, null), found));
        }
    }

    private void FindProblemLanguage(List<LanguageFinding> findings, TokenizedText text, TextKind kind, string? id)
    {
        var found = new List<(PhraseMatch Match, int Entry)>();
        var all = reframings.FindAll(text);
        for (var i = 0; i < all.Length; i++)
        {
            if (all[i] is [var first, ..])
            {
                found.Add((first, i));
            }
        }
        foreach (var (match, entry) in found.OrderBy(f => f.Match.First))
        {
            var words = text.Span(match.First, match.Last);
            findings.Add(new LanguageFinding(LanguageCheckId.ProblemLanguage, kind, id, Fill(Hints[LanguageCheckId.ProblemLanguage], words, suggestions[entry]), words, suggestions[entry]));
        }
    }

    private void FindVagueness(List<LanguageFinding> findings, TokenizedText text, TextKind kind, string? id, TokenizedText? companion)
    {
        if (vague.FindAll(text)[0] is not [var match, ..] || IsMeasurable(text) || (companion is not null && IsMeasurable(companion)))
        {
            return;
        }
        var words = text.Span(match.First, match.Last);
        findings.Add(new LanguageFinding(LanguageCheckId.VagueGoal, kind, id, Fill(Hints[LanguageCheckId.VagueGoal], words, null), words));
    }

    /// <summary>A number (digits, as in "3 keer" or "AVI-E5"), or a word of the measurable list: a moment, an amount, an observable action.</summary>
    private bool IsMeasurable(TokenizedText text) => text.HasDigit || measurable.FindAll(text)[0].Count > 0;

    /// <summary>Distinct word shingles; a capitalized word (a name, mostly) and a pronoun count as the same word in every text.</summary>
    private HashSet<string> Shingles(TokenizedText text)
    {
        var words = text.Tokens.Select(t => t.Capitalized ? "#" : neutralWords.Contains(t.Text) ? "@" : t.Text).ToArray();
        var shingles = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + ShingleWords <= words.Length; i++)
        {
            shingles.Add(string.Join(' ', words, i, ShingleWords));
        }
        return shingles;
    }

    /// <summary>Matches that overlap or stand at most one word apart in the same sentence become one ("heeft kenmerken van ADHD").</summary>
    private static List<PhraseMatch> Merge(TokenizedText text, List<PhraseMatch> matches)
    {
        var merged = new List<PhraseMatch>();
        foreach (var match in matches.OrderBy(m => m.First).ThenByDescending(m => m.Last))
        {
            if (merged.Count > 0 && merged[^1] is var last && match.First <= last.Last + 2
                && text.Tokens[match.First].Sentence == text.Tokens[last.Last].Sentence)
            {
                merged[^1] = last with { Last = Math.Max(last.Last, match.Last) };
            }
            else
            {
                merged.Add(match);
            }
        }
        return merged;
    }

    private LanguageFinding Finding(LanguageCheckId check, TextKind kind, string? id) => new(check, kind, id, Hints[check].Text);

    private static string Fill(LanguageHint hint, string found, string? suggestion) =>
        hint.Text.Replace("{found}", found, StringComparison.Ordinal).Replace("{suggestion}", suggestion ?? "", StringComparison.Ordinal);
}

/// <summary>
/// Texts to compare with, prepared once by <see cref="LanguageChecks.Prepare"/>: an index from each word shingle to
/// the texts it occurs in, so comparing a text costs a look-up per shingle, not a pass over every other text.
/// </summary>
public sealed class ReferenceTexts
{
    private readonly Dictionary<string, int[]> index;

    private ReferenceTexts(Dictionary<string, int[]> index, int count)
    {
        this.index = index;
        Count = count;
    }

    public static ReferenceTexts None { get; } = new([], 0);

    /// <summary>How many texts were prepared (including empty ones, which never match).</summary>
    public int Count { get; }

    internal static ReferenceTexts Build(IEnumerable<HashSet<string>> texts)
    {
        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var count = 0;
        foreach (var shingles in texts)
        {
            foreach (var shingle in shingles)
            {
                if (!index.TryGetValue(shingle, out var list))
                {
                    index[shingle] = list = [];
                }
                list.Add(count);
            }
            count++;
        }
        return new ReferenceTexts(index.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal), count);
    }

    /// <summary>The largest share of the shingles that occurs in one and the same prepared text (0 when none).</summary>
    internal double BestContainment(HashSet<string> shingles)
    {
        if (shingles.Count == 0)
        {
            return 0;
        }
        var hits = new Dictionary<int, int>();
        foreach (var shingle in shingles)
        {
            if (index.TryGetValue(shingle, out var texts))
            {
                foreach (var text in texts)
                {
                    hits[text] = hits.GetValueOrDefault(text) + 1;
                }
            }
        }
        return hits.Count == 0 ? 0 : (double)hits.Values.Max() / shingles.Count;
    }
}
