using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OppAssistant.Core.Content;

/// <summary>The counts of a text and the measures that follow from them.</summary>
public sealed record ReadabilityScore(int Sentences, int Words, int Syllables, int Letters)
{
    public static readonly ReadabilityScore Empty = new(0, 0, 0, 0);

    public double WordsPerSentence => Sentences == 0 ? 0 : (double)Words / Sentences;

    public double SyllablesPerWord => Words == 0 ? 0 : (double)Syllables / Words;

    public double LettersPerWord => Words == 0 ? 0 : (double)Letters / Words;

    /// <summary>Flesch-Douma (Douma 1960), Flesch's reading ease for Dutch: 206.835 − 0.93 × words/sentence − 77 × syllables/word. Higher is easier.</summary>
    public double FleschDouma => Words == 0 ? 0 : 206.835 - 0.93 * WordsPerSentence - 77 * SyllablesPerWord;

    public static ReadabilityScore operator +(ReadabilityScore a, ReadabilityScore b) =>
        new(a.Sentences + b.Sentences, a.Words + b.Words, a.Syllables + b.Syllables, a.Letters + b.Letters);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Flesch-Douma {FleschDouma:0.0}, {WordsPerSentence:0.0} words a sentence, {LettersPerWord:0.0} letters a word ({Words} words, {Sentences} sentences)");
}

/// <summary>
/// Dutch readability: sentences, words and syllables of a text as the assistant shows it (placeholders, Markdown
/// and emoji left out), and the Flesch-Douma score with the average sentence and word length.
/// </summary>
public static partial class Readability
{
    // Vowel units that sound as one syllable, longest first so "oei" wins over "oe".
    private static readonly string[] VowelUnits =
    [
        "aai", "ooi", "oei", "ieu", "eeu",
        "aa", "ee", "oo", "uu", "ie", "oe", "eu", "ei", "ui", "ou", "au", "ij", "oi", "ai",
    ];

    public static ReadabilityScore Measure(string text)
    {
        var score = ReadabilityScore.Empty;
        foreach (var sentence in Sentences(text))
        {
            var words = Words(sentence);
            if (words.Count == 0)
            {
                continue;
            }
            score += new ReadabilityScore(1, words.Count, words.Sum(Syllables), words.Sum(w => w.Count(char.IsLetter)));
        }
        return score;
    }

    /// <summary>The text as it is read: without placeholders ({number}), Markdown marks, links' addresses and emoji.</summary>
    public static string Plain(string text)
    {
        var plain = PlaceholderPattern().Replace(text, " ");
        plain = LinkPattern().Replace(plain, "$1");
        plain = ListMarkPattern().Replace(plain, "");
        plain = MarkdownPattern().Replace(plain, "");
        plain = EmojiPattern().Replace(plain, "");
        return plain;
    }

    /// <summary>Sentences end at . ! ? … and at a line break.</summary>
    public static IReadOnlyList<string> Sentences(string text) =>
        SentenceEndPattern().Split(Plain(text))
            .Select(s => SpacePattern().Replace(s, " ").Trim())
            .Where(s => s.Length > 0 && Words(s).Count > 0)
            .ToList();

    /// <summary>Words are runs of letters and digits; an apostrophe or hyphen inside a word keeps it whole ("IB'er", "e-mail").</summary>
    public static IReadOnlyList<string> Words(string sentence) =>
        WordPattern().Matches(sentence).Select(m => m.Value).ToList();

    /// <summary>
    /// Dutch syllables: one per vowel unit, where aa ee oo uu ie oe eu ei ij ui ou au and aai ooi oei ieu eeu are one
    /// unit (and oi, ai as in hoi, mail). A diaeresis starts a new syllable (ideeën, België). A final e is a schwa and counts, as Dutch says it
    /// (de, code, lange). A word without vowels (a number, an abbreviation) counts as one syllable.
    /// </summary>
    public static int Syllables(string word)
    {
        var count = 0;
        var run = new StringBuilder();
        void Flush()
        {
            count += UnitsIn(run.ToString());
            run.Clear();
        }
        foreach (var c in word.ToLowerInvariant())
        {
            var (letter, breaks) = Fold(c);
            if (IsVowel(letter))
            {
                if (breaks)
                {
                    Flush();
                }
                run.Append(letter);
            }
            else
            {
                // ij: the j belongs to the vowel (mijn, bijeen).
                if (letter == 'j' && run.Length > 0 && run[^1] == 'i')
                {
                    run.Append('j');
                    continue;
                }
                Flush();
            }
        }
        Flush();
        return Math.Max(count, 1);
    }

    private static int UnitsIn(string run)
    {
        var units = 0;
        var i = 0;
        while (i < run.Length)
        {
            var unit = VowelUnits.FirstOrDefault(u => string.CompareOrdinal(run, i, u, 0, u.Length) == 0);
            i += unit?.Length ?? 1;
            if (unit is null && run[i - 1] == 'j')
            {
                continue;
            }
            units++;
        }
        return units;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    /// <summary>The letter without its accent, and whether a diaeresis makes it start a new syllable.</summary>
    private static (char Letter, bool Breaks) Fold(char c) => c switch
    {
        'ë' => ('e', true),
        'ï' => ('i', true),
        'ü' => ('u', true),
        'ö' => ('o', true),
        'ä' => ('a', true),
        'é' or 'è' or 'ê' => ('e', false),
        'á' or 'à' or 'â' => ('a', false),
        'ó' or 'ò' or 'ô' => ('o', false),
        'í' or 'ì' or 'î' => ('i', false),
        'ú' or 'ù' or 'û' => ('u', false),
        _ => (c, false),
    };

    [GeneratedRegex(@"\{[a-z_]+\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"^[ \t]*(?:[-*+]|\d+\.)[ \t]+", RegexOptions.Multiline)]
    private static partial Regex ListMarkPattern();

    [GeneratedRegex(@"[*_`#>]")]
    private static partial Regex MarkdownPattern();

    [GeneratedRegex(@"[\p{So}\p{Cs}\p{Sk}\uFE0F\u200D]")]
    private static partial Regex EmojiPattern();

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex SpacePattern();

    [GeneratedRegex(@"[.!?…]+|\r?\n")]
    private static partial Regex SentenceEndPattern();

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*")]
    private static partial Regex WordPattern();
}
