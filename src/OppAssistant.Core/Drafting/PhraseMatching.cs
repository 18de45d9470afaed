using System.Globalization;
using System.Text;

namespace OppAssistant.Core.Drafting;

/// <summary>A word of a text: lower case without accents (as <see cref="Content.TextMatcher.Normalize"/>), with where it stands in the original.</summary>
internal readonly record struct Token(string Text, int Start, int End, int Sentence, bool Capitalized);

/// <summary>
/// A text split into words once, so every check reads the same words. Anything but a letter or digit separates
/// words ("ADHD'er" is "adhd" and "er", "AVI-E5" is "avi" and "e5"); a full stop, question or exclamation mark
/// followed by a space, a semicolon or a line break starts a new sentence, and a phrase never spans two sentences.
/// </summary>
internal sealed class TokenizedText
{
    private TokenizedText(string original, Token[] tokens)
    {
        Original = original;
        Tokens = tokens;
    }

    public string Original { get; }

    public Token[] Tokens { get; }

    public bool HasDigit => Tokens.Any(t => t.Text.Any(char.IsAsciiDigit));

    /// <summary>The original words from token <paramref name="first"/> to <paramref name="last"/>, as typed.</summary>
    public string Span(int first, int last) => Original[Tokens[first].Start..Tokens[last].End];

    /// <summary>The same text read as other words: the safeguarding detector joins and corrects words before matching.</summary>
    public static TokenizedText From(string original, Token[] tokens) => new(original, tokens);

    public static TokenizedText Of(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new TokenizedText("", []);
        }
        var tokens = new List<Token>();
        var word = new StringBuilder();
        int start = -1, end = 0, sentence = 0;
        var capitalized = false;

        void Flush()
        {
            if (word.Length > 0)
            {
                tokens.Add(new Token(word.ToString(), start, end, sentence, capitalized));
            }
            word.Clear();
            start = -1;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (AppendFolded(word, c))
            {
                if (start < 0)
                {
                    start = i;
                    capitalized = char.IsUpper(c);
                }
                end = i + 1;
                continue;
            }
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark && start >= 0)
            {
                end = i + 1; // an accent typed as a separate mark belongs to its letter
                continue;
            }
            Flush();
            if (IsSentenceEnd(text, i))
            {
                sentence++;
            }
        }
        Flush();
        return new TokenizedText(text, [.. tokens]);
    }

    /// <summary>Appends the letter or digit without case or accent; false for anything else.</summary>
    private static bool AppendFolded(StringBuilder word, char c)
    {
        if (c < 0x80)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
            word.Append(char.ToLowerInvariant(c));
            return true;
        }
        if (!char.IsLetterOrDigit(c))
        {
            return false;
        }
        foreach (var part in c.ToString().Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetterOrDigit(part))
            {
                word.Append(char.ToLowerInvariant(part));
            }
        }
        return true;
    }

    private static bool IsSentenceEnd(string text, int i) => text[i] switch
    {
        '\n' or ';' => true,
        '.' or '!' or '?' => i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1]),
        _ => false,
    };
}

/// <summary>A match of a phrase: the first and last token it covers (gaps included).</summary>
internal readonly record struct PhraseMatch(int First, int Last)
{
    public bool Overlaps(PhraseMatch other) => First <= other.Last && other.First <= Last;
}

/// <summary>One word of a phrase: one or more alternatives, each whole, a prefix ("adhd*"), a suffix ("*vakantie") or a part ("*dyslex*").</summary>
internal sealed class WordPattern(WordPattern.Alternative[] alternatives)
{
    public readonly record struct Alternative(string Text, bool AnyBefore, bool AnyAfter)
    {
        public bool Matches(string token) => (AnyBefore, AnyAfter) switch
        {
            (false, false) => token == Text,
            (false, true) => token.StartsWith(Text, StringComparison.Ordinal),
            (true, false) => token.EndsWith(Text, StringComparison.Ordinal),
            (true, true) => token.Contains(Text, StringComparison.Ordinal),
        };
    }

    public Alternative[] Alternatives { get; } = alternatives;

    public bool Matches(string token)
    {
        // A for loop over an array: this runs for every word of every answer against every phrase.
        for (var i = 0; i < Alternatives.Length; i++)
        {
            if (Alternatives[i].Matches(token))
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>
/// A phrase of the language-check lists (dialogs/language-checks.yaml): words separated by spaces, matched on
/// whole words of the normalized text. A word may list alternatives with "|" ("vraagt|vroeg") and may start or
/// end with "*" to match part of a word ("adhd*" also finds "ADHD-achtig" and "adhder"). Between two words of the
/// phrase up to a set number of other words may stand ("vraagt voortdurend dwingend om aandacht").
/// </summary>
internal sealed class PhrasePattern
{
    /// <summary>A word with "*" needs at least this many letters, so a pattern cannot match nearly every word.</summary>
    public const int MinWildcardLength = 3;

    private PhrasePattern(string source, WordPattern[] words)
    {
        Source = source;
        Words = words;
    }

    public string Source { get; }

    public WordPattern[] Words { get; }

    /// <summary>Reads a phrase; a <see cref="FormatException"/> says what is wrong with it.</summary>
    public static PhrasePattern Parse(string source)
    {
        var words = new List<WordPattern>();
        foreach (var raw in source.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (raw.Contains('|', StringComparison.Ordinal))
            {
                var alternatives = raw.Split('|').Select(part =>
                {
                    var (core, before, after) = Stars(part, raw);
                    var tokens = TokenizedText.Of(core).Tokens;
                    return tokens.Length == 1
                        ? new WordPattern.Alternative(tokens[0].Text, before, after)
                        : throw new FormatException($"'{part}' in '{raw}' must be one word (write alternatives of several words as separate phrases)");
                }).ToArray();
                words.Add(new WordPattern(alternatives));
                continue;
            }
            var (text, anyBefore, anyAfter) = Stars(raw, raw);
            var parts = TokenizedText.Of(text).Tokens;
            if (parts.Length == 0)
            {
                throw new FormatException($"'{raw}' has no letters or digits");
            }
            for (var i = 0; i < parts.Length; i++)
            {
                words.Add(new WordPattern([new WordPattern.Alternative(parts[i].Text, anyBefore && i == 0, anyAfter && i == parts.Length - 1)]));
            }
        }
        return words.Count > 0 ? new PhrasePattern(source, [.. words]) : throw new FormatException("the phrase is empty");
    }

    /// <summary>The match of this phrase starting at token <paramref name="start"/>, if there is one.</summary>
    public PhraseMatch? MatchAt(Token[] tokens, int start, int maxGap, IReadOnlySet<string>? negations)
    {
        if (!Words[0].Matches(tokens[start].Text))
        {
            return null;
        }
        if (negations is not null && NegatedBefore(tokens, start, negations))
        {
            return null;
        }
        return Continue(tokens, 0, start, maxGap, negations) is { } last ? new PhraseMatch(start, last) : null;
    }

    private int? Continue(Token[] tokens, int word, int position, int maxGap, IReadOnlySet<string>? negations)
    {
        if (word == Words.Length - 1)
        {
            return position;
        }
        for (var next = position + 1; next <= position + 1 + maxGap && next < tokens.Length; next++)
        {
            if (tokens[next].Sentence != tokens[position].Sentence)
            {
                return null;
            }
            if (Words[word + 1].Matches(tokens[next].Text) && Continue(tokens, word + 1, next, maxGap, negations) is { } last)
            {
                return last;
            }
            if (negations is not null && negations.Contains(tokens[next].Text))
            {
                return null; // "vraagt niet dwingend om aandacht": the negation turns the phrase around
            }
        }
        return null;
    }

    /// <summary>"is niet lui", "is echt niet lui": a negation in the two words before the phrase turns it around.</summary>
    private static bool NegatedBefore(Token[] tokens, int start, IReadOnlySet<string> negations)
    {
        for (var i = start - 1; i >= 0 && i >= start - 2 && tokens[i].Sentence == tokens[start].Sentence; i--)
        {
            if (negations.Contains(tokens[i].Text))
            {
                return true;
            }
        }
        return false;
    }

    private static (string Core, bool AnyBefore, bool AnyAfter) Stars(string word, string raw)
    {
        var before = word.StartsWith('*');
        var after = word.EndsWith('*') && word.Length > 1;
        var core = word[(before ? 1 : 0)..(after ? word.Length - 1 : word.Length)];
        if (core.Contains('*', StringComparison.Ordinal) || core.Length == 0)
        {
            throw new FormatException($"'{raw}': a * may only stand at the start or end of a word");
        }
        if ((before || after) && TokenizedText.Of(core).Tokens is var tokens && tokens.Sum(t => t.Text.Length) < MinWildcardLength)
        {
            throw new FormatException($"'{raw}': a word with * needs at least {MinWildcardLength} letters");
        }
        return (core, before, after);
    }
}

/// <summary>One entry of a list: the phrases that find it and the phrases that, where they overlap a find, cancel it.</summary>
internal sealed record PhraseEntry(IReadOnlyList<PhrasePattern> Match, IReadOnlyList<PhrasePattern> Except);

/// <summary>
/// A compiled list of entries, matched with one gap size and, optionally, negations. The phrases are indexed by
/// their first word, so a text is read once and each word is tried only against the phrases that can start there:
/// the cost grows with the length of the answer, hardly with the length of the lists.
/// </summary>
internal sealed class PhraseList
{
    private readonly int maxGap;
    private readonly IReadOnlySet<string>? negations;

    /// <summary>Phrases whose first word is whole words only, by each of those words; in list order.</summary>
    private readonly Dictionary<string, Phrase[]> byFirstWord;

    /// <summary>Phrases whose first word has a "*": tried at every word.</summary>
    private readonly Phrase[] open;

    public PhraseList(IReadOnlyList<PhraseEntry> entries, int maxGap, IReadOnlySet<string>? negations)
    {
        Entries = entries;
        this.maxGap = maxGap;
        this.negations = negations;
        var all = entries.SelectMany((entry, index) => entry.Match.Select(pattern => (Entry: index, Pattern: pattern)))
            .Select((p, order) => new Phrase(p.Entry, order, p.Pattern)).ToList();
        open = [.. all.Where(p => p.Pattern.Words[0].Alternatives.Any(a => a.AnyBefore || a.AnyAfter))];
        byFirstWord = all.Except(open)
            .SelectMany(p => p.Pattern.Words[0].Alternatives.Select(a => (Word: a.Text, Phrase: p)))
            .GroupBy(p => p.Word, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Phrase).Distinct().ToArray(), StringComparer.Ordinal);
    }

    /// <summary>A phrase with its entry and its place in the whole list.</summary>
    private readonly record struct Phrase(int Entry, int Order, PhrasePattern Pattern);

    public IReadOnlyList<PhraseEntry> Entries { get; }

    /// <summary>
    /// Per entry, every match in the text, left to right; matches of one entry do not overlap each other, and a
    /// match that overlaps one of the entry's exceptions does not count. At a word, the first phrase of the entry
    /// that matches there wins.
    /// </summary>
    public List<PhraseMatch>[] FindAll(TokenizedText text)
    {
        var found = new List<PhraseMatch>[Entries.Count];
        var free = new int[Entries.Count];
        var exceptions = new List<PhraseMatch>?[Entries.Count];
        var tokens = text.Tokens;
        var candidates = new List<Phrase>();
        for (var start = 0; start < tokens.Length; start++)
        {
            candidates.Clear();
            if (byFirstWord.TryGetValue(tokens[start].Text, out var indexed))
            {
                candidates.AddRange(indexed);
            }
            foreach (var phrase in open)
            {
                if (phrase.Pattern.Words[0].Matches(tokens[start].Text))
                {
                    candidates.Add(phrase);
                }
            }
            if (candidates.Count == 0)
            {
                continue;
            }
            if (indexed is not null && candidates.Count > indexed.Length)
            {
                candidates.Sort((a, b) => a.Order.CompareTo(b.Order)); // both parts are in list order; merge them
            }
            foreach (var (entry, _, pattern) in candidates)
            {
                if (start < free[entry] || pattern.MatchAt(tokens, start, maxGap, negations) is not { } match)
                {
                    continue;
                }
                exceptions[entry] ??= Exceptions(tokens, Entries[entry].Except);
                if (exceptions[entry]!.Any(match.Overlaps))
                {
                    continue;
                }
                (found[entry] ??= []).Add(match);
                free[entry] = match.Last + 1;
            }
        }
        for (var i = 0; i < found.Length; i++)
        {
            found[i] ??= [];
        }
        return found;
    }

    private List<PhraseMatch> Exceptions(Token[] tokens, IReadOnlyList<PhrasePattern> patterns)
    {
        var all = new List<PhraseMatch>();
        for (var start = 0; start < tokens.Length && patterns.Count > 0; start++)
        {
            foreach (var pattern in patterns)
            {
                if (pattern.MatchAt(tokens, start, maxGap, negations: null) is { } match)
                {
                    all.Add(match);
                }
            }
        }
        return all;
    }
}
