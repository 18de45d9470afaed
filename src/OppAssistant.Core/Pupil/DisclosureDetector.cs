using OppAssistant.Core.Drafting;

namespace OppAssistant.Core.Pupil;

/// <summary>One entry of the phrase list of dialogs/safeguarding.yaml: its category and id.</summary>
internal sealed record DisclosurePhrase(DisclosureCategory Category, string Id, PhraseEntry Entry);

/// <summary>Words typed apart that count as one ("me zelf" → "mezelf"); <paramref name="Words"/> are normalized.</summary>
internal sealed record WordJoin(string[] Words, string Into);

/// <summary>
/// Finds words in a pupil's answer that suggest abuse, violence at home, self-harm or suicidal thoughts, with the
/// phrase lists of dialogs/safeguarding.yaml. Predictable on purpose: the text is read as words without case, accents
/// or punctuation; runs of three or more of the same letter count as two; the listed joins make one word of words
/// typed apart; a word of <see cref="MinFuzzyLength"/> letters or more that is one typo away from a phrase word of that
/// length counts as that word. Then the phrases are matched, and an exclusion that overlaps a hit cancels it. Pure and
/// silent: it logs nothing, so no answer text can reach a log.
/// </summary>
public sealed class DisclosureDetector
{
    /// <summary>Shorter words are too close to ordinary words to allow a typo; their variants are listed instead.</summary>
    public const int MinFuzzyLength = 7;

    private readonly IReadOnlyList<DisclosurePhrase> phrases;
    private readonly PhraseList list;
    private readonly WordJoin[] joins;
    private readonly HashSet<string> known;
    private readonly string[] fuzzyTargets;

    internal DisclosureDetector(IReadOnlyList<DisclosurePhrase> phrases, IReadOnlyList<WordJoin> joins, int maxGap)
    {
        this.phrases = phrases;
        list = new PhraseList([.. phrases.Select(p => p.Entry)], maxGap, negations: null);
        this.joins = [.. joins.OrderByDescending(j => j.Words.Length)];
        known = phrases
            .SelectMany(p => p.Entry.Match.Concat(p.Entry.Except))
            .SelectMany(pattern => pattern.Words)
            .SelectMany(word => word.Alternatives)
            .Where(a => !a.AnyBefore && !a.AnyAfter)
            .Select(a => a.Text)
            .Concat(joins.Select(j => j.Into))
            .ToHashSet(StringComparer.Ordinal);
        fuzzyTargets = [.. phrases
            .SelectMany(p => p.Entry.Match)
            .SelectMany(pattern => pattern.Words)
            .SelectMany(word => word.Alternatives)
            .Where(a => !a.AnyBefore && !a.AnyAfter && a.Text.Length >= MinFuzzyLength)
            .Select(a => a.Text)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The first disclosure in the text (leftmost; at the same word, the first category and phrase of the list), or null.</summary>
    public DisclosureMatch? Detect(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var words = Normalize(TokenizedText.Of(text));
        var found = list.FindAll(words);
        int? bestEntry = null;
        PhraseMatch best = default;
        for (var entry = 0; entry < found.Length; entry++)
        {
            if (found[entry].Count > 0 && (bestEntry is null || found[entry][0].First < best.First))
            {
                bestEntry = entry;
                best = found[entry][0];
            }
        }
        if (bestEntry is not { } hit)
        {
            return null;
        }
        return new DisclosureMatch(phrases[hit].Category, phrases[hit].Id, SentenceOf(words, best.First));
    }

    /// <summary>The words as the phrases are matched against them: repeats collapsed, joins made, typos corrected.</summary>
    internal TokenizedText Normalize(TokenizedText text)
    {
        var source = text.Tokens.Select(t => t with { Text = CollapseRepeats(t.Text) }).ToArray();
        var tokens = new List<Token>(source.Length);
        for (var i = 0; i < source.Length;)
        {
            if (JoinAt(source, i) is { } join)
            {
                tokens.Add(source[i] with { Text = join.Into, End = source[i + join.Words.Length - 1].End });
                i += join.Words.Length;
                continue;
            }
            tokens.Add(source[i] with { Text = Correct(source[i].Text) });
            i++;
        }
        return TokenizedText.From(text.Original, [.. tokens]);
    }

    private WordJoin? JoinAt(Token[] tokens, int start)
    {
        foreach (var join in joins)
        {
            if (start + join.Words.Length > tokens.Length)
            {
                continue;
            }
            var matches = true;
            for (var k = 0; k < join.Words.Length && matches; k++)
            {
                var token = tokens[start + k];
                matches = token.Text == join.Words[k] && token.Sentence == tokens[start].Sentence;
            }
            if (matches)
            {
                return join;
            }
        }
        return null;
    }

    /// <summary>A long word one typo away from a long phrase word becomes that word; the first in ordinal order, so the result never varies.</summary>
    private string Correct(string word)
    {
        if (word.Length < MinFuzzyLength || known.Contains(word))
        {
            return word;
        }
        foreach (var target in fuzzyTargets)
        {
            if (IsOneEditApart(word, target))
            {
                return target;
            }
        }
        return word;
    }

    /// <summary>"slaaaat" → "slaat", "zelfmooooord" → "zelfmoord": Dutch has double letters, never triple ones.</summary>
    internal static string CollapseRepeats(string word)
    {
        if (word.Length < 3)
        {
            return word;
        }
        var result = new System.Text.StringBuilder(word.Length);
        foreach (var c in word)
        {
            if (result.Length >= 2 && result[^1] == c && result[^2] == c)
            {
                continue;
            }
            result.Append(c);
        }
        return result.ToString();
    }

    /// <summary>One letter replaced, inserted, left out, or two neighbours swapped (optimal string alignment distance 1).</summary>
    internal static bool IsOneEditApart(string a, string b)
    {
        if (a == b || Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }
        if (a.Length == b.Length)
        {
            return a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i + 1))
                || (i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a.AsSpan(i + 2).SequenceEqual(b.AsSpan(i + 2)));
        }
        var (longer, shorter) = a.Length > b.Length ? (a, b) : (b, a);
        return longer.AsSpan(i + 1).SequenceEqual(shorter.AsSpan(i));
    }

    /// <summary>The sentence of the token exactly as typed, with its closing punctuation and nothing of its neighbours.</summary>
    private static string SentenceOf(TokenizedText text, int token)
    {
        var sentence = text.Tokens[token].Sentence;
        var first = text.Tokens.First(t => t.Sentence == sentence);
        var last = text.Tokens.Last(t => t.Sentence == sentence);
        var end = last.End;
        var original = text.Original;
        while (end < original.Length && !char.IsWhiteSpace(original[end]) && !char.IsLetterOrDigit(original[end]) && original[end] != ';')
        {
            end++;
        }
        return original[first.Start..end];
    }
}
