using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Nl;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Tartarus.Snowball;
using Lucene.Net.Tartarus.Snowball.Ext;
using Lucene.Net.Util;

namespace OppAssistant.Knowledge;

/// <summary>What an analyzer does after tokenising, lower-casing and folding accents (é → e).</summary>
internal enum AnalysisMode
{
    /// <summary>Words only: for building the compound dictionary.</summary>
    Surface,

    /// <summary>Stemmed, nothing removed: for finding synonym phrases, where "niet" and "geen" matter.</summary>
    Phrase,

    /// <summary>Stop words removed, compounds split, stemmed: what is indexed and searched.</summary>
    Index,
}

/// <summary>
/// The language's analysis chain: StandardTokenizer → lower case → ASCII folding → (stop words) →
/// (compound splitting against the card vocabulary) → Snowball stemmer (Dutch or English).
/// </summary>
internal sealed class CardAnalyzer(string language, AnalysisMode mode, CompoundDictionary? compounds) : Analyzer
{
    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;

    public static CharArraySet StopWords(string language) =>
        language == KnowledgeBase.English ? EnglishAnalyzer.DefaultStopSet : DutchAnalyzer.DefaultStopSet;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream stream = new LowerCaseFilter(Version, source);
        stream = new ASCIIFoldingFilter(stream);
        if (mode == AnalysisMode.Surface)
        {
            return new TokenStreamComponents(source, stream);
        }
        if (mode == AnalysisMode.Index)
        {
            stream = new StopFilter(Version, stream, StopWords(language));
            if (compounds is not null)
            {
                stream = new CompoundSplitFilter(stream, compounds);
            }
        }
        SnowballProgram stemmer = language == KnowledgeBase.English ? new EnglishStemmer() : new Lucene.Net.Tartarus.Snowball.Ext.DutchStemmer();
        stream = new SnowballFilter(stream, stemmer);
        return new TokenStreamComponents(source, stream);
    }

    /// <summary>The tokens of <paramref name="text"/>, grouped by position: a compound and its parts share a group.</summary>
    public List<List<string>> Groups(string text)
    {
        var groups = new List<List<string>>();
        using var stream = GetTokenStream("text", new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var value = term.ToString();
            if (increment.PositionIncrement == 0 && groups.Count > 0)
            {
                if (!groups[^1].Contains(value))
                {
                    groups[^1].Add(value);
                }
            }
            else
            {
                groups.Add([value]);
            }
        }
        stream.End();
        return groups;
    }

    public List<string> Terms(string text) => Groups(text).SelectMany(g => g).ToList();
}

/// <summary>The words compounds may be split into: the card vocabulary plus the synonyms file's compound parts.</summary>
internal sealed class CompoundDictionary
{
    public const int MinimumWordLength = 7;
    public const int MinimumPartLength = 4;

    /// <summary>The parts must cover this share of the compound, so "ondersteuning" is not split into "steun".</summary>
    public const double MinimumCoverage = 0.6;

    private readonly HashSet<string> _words;
    private readonly int _longest;

    public CompoundDictionary(IEnumerable<string> words, CharArraySet stopWords)
    {
        _words = words.Where(w => w.Length >= MinimumPartLength && !stopWords.Contains(w) && w.All(char.IsLetter))
            .ToHashSet(StringComparer.Ordinal);
        _longest = _words.Count == 0 ? 0 : _words.Max(w => w.Length);
    }

    public int Count => _words.Count;

    /// <summary>
    /// Greedy, longest part first, left to right: "instemmingsrecht" → instemming, recht (the linking s is skipped);
    /// parts that are compounds are split again.
    /// </summary>
    public IReadOnlyList<string> Split(string word)
    {
        if (word.Length < MinimumWordLength)
        {
            return [];
        }
        var parts = new List<string>();
        var covered = 0;
        var i = 0;
        while (i <= word.Length - MinimumPartLength)
        {
            string? found = null;
            for (var length = Math.Min(_longest, word.Length - i); length >= MinimumPartLength; length--)
            {
                if (i == 0 && length == word.Length)
                {
                    continue;
                }
                var candidate = word.Substring(i, length);
                if (_words.Contains(candidate))
                {
                    found = candidate;
                    break;
                }
            }
            if (found is null)
            {
                i++;
                continue;
            }
            parts.Add(found);
            // A part that is a compound itself is split too: ontwikkelingsperspectief → ontwikkeling, perspectief.
            parts.AddRange(Split(found).Where(p => !parts.Contains(p)));
            covered += found.Length;
            i += found.Length;
        }
        return covered >= MinimumCoverage * word.Length ? parts : [];
    }
}

/// <summary>Adds the parts of a compound at the compound's own position (increment 0), keeping the compound itself.</summary>
internal sealed class CompoundSplitFilter : TokenFilter
{
    private readonly CompoundDictionary _dictionary;
    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _increment;
    private readonly Queue<string> _pending = new();
    private State? _state;

    public CompoundSplitFilter(TokenStream input, CompoundDictionary dictionary)
        : base(input)
    {
        _dictionary = dictionary;
        _term = AddAttribute<ICharTermAttribute>();
        _increment = AddAttribute<IPositionIncrementAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_pending.Count > 0)
        {
            RestoreState(_state);
            _term.SetEmpty().Append(_pending.Dequeue());
            _increment.PositionIncrement = 0;
            return true;
        }
        if (!m_input.IncrementToken())
        {
            return false;
        }
        var parts = _dictionary.Split(_term.ToString());
        if (parts.Count > 0)
        {
            foreach (var part in parts)
            {
                _pending.Enqueue(part);
            }
            _state = CaptureState();
        }
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _pending.Clear();
        _state = null;
    }
}
