using Lucene.Net.Index;

namespace OppAssistant.Knowledge;

/// <summary>
/// Every indexed word, for typo tolerance: an unknown word of a question is replaced by the nearest indexed words
/// (Damerau–Levenshtein distance 1 from 5 letters, 2 from 8 letters; the first letter must match). Computed here
/// rather than with Lucene's FuzzyQuery, whose automata cost tens of milliseconds per question in Lucene.Net.
/// </summary>
internal sealed class IndexVocabulary
{
    public const int MaxCandidates = 3;

    private readonly string[] _words;
    private readonly Dictionary<string, HashSet<string>> _byField;

    private IndexVocabulary(string[] words, Dictionary<string, HashSet<string>> byField)
    {
        _words = words;
        _byField = byField;
    }

    /// <summary>Whether <paramref name="field"/> of some card holds <paramref name="word"/>.</summary>
    public bool Contains(string field, string word) => _byField.TryGetValue(field, out var words) && words.Contains(word);

    public int Count => _words.Length;

    public static IndexVocabulary Read(IndexReader reader, IEnumerable<string> fields)
    {
        var words = new SortedSet<string>(StringComparer.Ordinal);
        var byField = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var inField = byField[field] = new HashSet<string>(StringComparer.Ordinal);
            var terms = MultiFields.GetTerms(reader, field);
            if (terms is null)
            {
                continue;
            }
            var enumerator = terms.GetEnumerator();
            while (enumerator.MoveNext())
            {
                var word = enumerator.Term.Utf8ToString();
                inField.Add(word);
                words.Add(word);
            }
        }
        return new IndexVocabulary([.. words], byField);
    }

    public static int MaxEdits(string word) => word.Length >= 8 ? 2 : word.Length >= 5 ? 1 : 0;

    /// <summary>The indexed words nearest to <paramref name="word"/>: the smallest distance found, at most <see cref="MaxCandidates"/>, in ordinal order.</summary>
    public IReadOnlyList<(string Word, int Distance)> Nearest(string word)
    {
        var maxEdits = MaxEdits(word);
        if (maxEdits == 0)
        {
            return [];
        }
        var best = maxEdits + 1;
        var found = new List<(string, int)>();
        foreach (var candidate in _words)
        {
            if (candidate.Length < 4 || Math.Abs(candidate.Length - word.Length) > maxEdits || candidate[0] != word[0])
            {
                continue;
            }
            var distance = Distance(word, candidate, best);
            if (distance < best)
            {
                best = distance;
                found.Clear();
            }
            if (distance == best && found.Count < MaxCandidates)
            {
                found.Add((candidate, distance));
            }
        }
        return best <= maxEdits ? found : [];
    }

    /// <summary>Optimal string alignment distance (a swap of two neighbours counts once); stops early above <paramref name="limit"/>.</summary>
    internal static int Distance(string a, string b, int limit)
    {
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }
                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }
            if (rowMin > limit)
            {
                return limit + 1;
            }
            (previous2, previous, current) = (previous, current, previous2);
        }
        return previous[b.Length];
    }
}
