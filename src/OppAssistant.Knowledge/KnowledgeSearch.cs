using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace OppAssistant.Knowledge;

/// <summary>A card with its score for one question; higher is better.</summary>
public sealed record ScoredCard(KnowledgeCard Card, float Score);

/// <summary>What to do with a question: answer with a card, or say "I don't know".</summary>
public abstract record KnowledgeDecision(IReadOnlyList<ScoredCard> Ranking)
{
    /// <summary>The best card fits well enough; <paramref name="Related"/> are its related cards, for follow-up buttons.</summary>
    public sealed record Answer(KnowledgeCard Card, IReadOnlyList<KnowledgeCard> Related, float Score, IReadOnlyList<ScoredCard> Ranking)
        : KnowledgeDecision(Ranking);

    /// <summary>No card fits well enough: the bot must not guess, but point to the IB'er and the ouder- en jeugdsteunpunt.</summary>
    public sealed record DoNotKnow(IReadOnlyList<ScoredCard> Ranking) : KnowledgeDecision(Ranking);
}

/// <summary>
/// The confidence rule: answer only when the best card matches <see cref="MinimumCoverage"/> of the question's
/// meaningful words, its score reaches <see cref="MinimumScore"/> and, unless it is
/// at least <see cref="ConfidentScore"/>, leads the runner-up by <see cref="MinimumMargin"/>. Scores are BM25 scores
/// divided by the idf of a word found in one card and by the question's query norm (the root of the summed squared
/// clause weights), so they stay comparable as cards are added and between short and long questions. The defaults come
/// from the real set (knowledge-accuracy's calibration lines): 1.4 rejects 10 of the 12 out-of-scope questions
/// (their scores run up to 1.37, one at 1.47 and one at 2.90); the fixture set passes with them too.
/// </summary>
public sealed record KnowledgeSearchOptions
{
    public float MinimumScore { get; init; } = 1.4f;

    /// <summary>best / second below which a not clearly confident answer becomes DoNotKnow (1.0 switches the rule off).</summary>
    public float MinimumMargin { get; init; } = 1.05f;

    /// <summary>From this score on, a small margin does not matter.</summary>
    public float ConfidentScore { get; init; } = 3.0f;

    /// <summary>
    /// The share of the question's meaningful words (not domain words, fillers or stop words) the best card must match,
    /// itself or by a synonym, each word weighted by its idf (a word no card holds weighs as a word of one card); 0
    /// switches the rule off. "hoe vraag ik kinderbijslag aan" matches the common "vraag" but not "kinderbijslag"
    /// (0.21), so no card answers it although "vraag" scores 2.9. From the real set: 0.3 keeps every right answer the
    /// score rule keeps on the main and the held-out set, and rejects 11 of the 12 out-of-scope questions.
    /// </summary>
    public float MinimumCoverage { get; init; } = 0.3f;
}

/// <summary>
/// An in-memory Lucene index over the cards of one language, built once at start; thread-safe for searching.
/// Fields, from strongest to weakest: title and also_asked, keywords (with the id's words), body.
/// </summary>
public sealed class KnowledgeSearch : IDisposable
{
    private const string IdField = "id";

    private static readonly (string Name, float Boost)[] Fields =
    [
        ("title", 3.0f),
        ("also_asked", 3.0f),
        ("keywords", 2.0f),
        ("body", 1.0f),
    ];

    private const float PartWeight = 0.6f;
    private const float FuzzyWeight = 0.6f;
    private const float SynonymWeight = 0.8f;
    private const float CorrectionWeight = 1.0f;

    /// <summary>The weight of a domain word ("opp", "plan", "kind") when the question holds other words too.</summary>
    private const float DomainWeight = 0.1f;

    /// <summary>Words allowed between the words of a synonym phrase: "nee tegen het plan zeggen" has "nee … zeggen".</summary>
    private const int PhraseSlop = 3;

    private readonly RAMDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly CardAnalyzer _indexAnalyzer;
    private readonly CardAnalyzer _phraseAnalyzer;
    private readonly Dictionary<string, KnowledgeCard> _cards;
    private readonly List<Expansion> _expansions;
    private readonly HashSet<string> _fillers;
    private readonly HashSet<string> _domainWords;
    private readonly Dictionary<string, string> _domainNames;
    private readonly IndexVocabulary _vocabulary;
    private readonly float _scale;

    private KnowledgeSearch(
        RAMDirectory directory, CardAnalyzer indexAnalyzer, CardAnalyzer phraseAnalyzer, Dictionary<string, KnowledgeCard> cards,
        List<Expansion> expansions, HashSet<string> fillers, HashSet<string> domainWords, Dictionary<string, string> domainNames,
        KnowledgeSearchOptions options, CompoundDictionary compounds, string language)
    {
        Language = language;
        _directory = directory;
        _reader = DirectoryReader.Open(directory);
        _searcher = new IndexSearcher(_reader) { Similarity = CardSimilarity.Instance };
        _vocabulary = IndexVocabulary.Read(_reader, Fields.Select(f => f.Name));
        // BM25's idf of a word found in one card: dividing by it keeps scores comparable between a small and a
        // large set of cards, so the threshold does not move much when cards are added.
        _scale = CardSimilarity.SingleCardIdf(cards.Count);
        _indexAnalyzer = indexAnalyzer;
        _phraseAnalyzer = phraseAnalyzer;
        _cards = cards;
        _expansions = expansions;
        _fillers = fillers;
        _domainWords = domainWords;
        _domainNames = domainNames;
        Options = options;
        Compounds = compounds;
    }

    public KnowledgeSearchOptions Options { get; }

    public string Language { get; }

    internal CompoundDictionary Compounds { get; }

    /// <summary>The number of words compounds can be split into (card vocabulary and synonyms file).</summary>
    public int CompoundWordCount => Compounds.Count;

    public int CardCount => _cards.Count;

    /// <summary>Builds the index of <paramref name="language"/>'s cards; the synonyms file applies to Dutch only.</summary>
    public static KnowledgeSearch Build(KnowledgeBase knowledge, string language = KnowledgeBase.Dutch, KnowledgeSearchOptions? options = null)
    {
        var cards = knowledge.Cards(language);
        var synonyms = language == KnowledgeBase.Dutch ? knowledge.Synonyms : SynonymTable.Empty;
        var stopWords = CardAnalyzer.StopWords(language);

        // The compound dictionary: every word of every card and of the synonyms file.
        var surface = new CardAnalyzer(language, AnalysisMode.Surface, null);
        var vocabulary = new List<string>();
        foreach (var card in cards)
        {
            foreach (var text in TextsOf(card))
            {
                vocabulary.AddRange(surface.Terms(text));
            }
        }
        foreach (var text in synonyms.Groups.SelectMany(g => g).Concat(synonyms.Corrections.Values).Concat(synonyms.CompoundParts))
        {
            vocabulary.AddRange(surface.Terms(text));
        }
        var compounds = new CompoundDictionary(vocabulary, stopWords);
        var indexAnalyzer = new CardAnalyzer(language, AnalysisMode.Index, compounds);
        var phraseAnalyzer = new CardAnalyzer(language, AnalysisMode.Phrase, null);

        var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(CardAnalyzer.Version, indexAnalyzer) { Similarity = CardSimilarity.Instance }))
        {
            foreach (var card in cards)
            {
                var document = new Document { new StringField(IdField, card.Id, Field.Store.YES) };
                document.Add(new TextField("title", card.Title, Field.Store.NO));
                foreach (var question in card.AlsoAsked)
                {
                    document.Add(new TextField("also_asked", question, Field.Store.NO));
                }
                document.Add(new TextField("keywords", string.Join(" ", card.Keywords.Append(card.Id.Replace('-', ' '))), Field.Store.NO));
                document.Add(new TextField("body", card.Body, Field.Store.NO));
                writer.AddDocument(document);
            }
            writer.Commit();
        }

        var expansions = new List<Expansion>();
        foreach (var group in synonyms.Groups)
        {
            var analysed = group.Select(p => (Source: phraseAnalyzer.Terms(p), Target: indexAnalyzer.Groups(p))).ToList();
            for (var i = 0; i < analysed.Count; i++)
            {
                var targets = analysed.Where((_, j) => j != i).Select(a => a.Target).Where(t => t.Count > 0).ToList();
                expansions.Add(new Expansion(analysed[i].Source, targets, SynonymWeight));
            }
        }
        foreach (var (wrong, right) in synonyms.Corrections)
        {
            expansions.Add(new Expansion(phraseAnalyzer.Terms(wrong), [indexAnalyzer.Groups(right)], CorrectionWeight));
        }
        expansions.RemoveAll(e => e.Source.Count == 0 || e.Targets.Count == 0);

        var fillers = synonyms.Fillers.SelectMany(f => phraseAnalyzer.Terms(f)).ToHashSet(StringComparer.Ordinal);
        var domainWords = synonyms.DomainWords.SelectMany(f => phraseAnalyzer.Terms(f)).ToHashSet(StringComparer.Ordinal);
        // A domain word's name: the first word of its synonym group ("ontwikkelingsperspectiefplan" → "opp").
        var domainNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in synonyms.Groups)
        {
            var name = phraseAnalyzer.Terms(group[0]);
            if (name.Count != 1 || !domainWords.Contains(name[0]))
            {
                continue;
            }
            foreach (var terms in group.Select(p => phraseAnalyzer.Terms(p)).Where(t => t.Count == 1 && domainWords.Contains(t[0])))
            {
                domainNames.TryAdd(terms[0], name[0]);
            }
        }
        var byId = cards.ToDictionary(c => c.Id, StringComparer.Ordinal);
        return new KnowledgeSearch(
            directory, indexAnalyzer, phraseAnalyzer, byId, expansions, fillers, domainWords, domainNames, options ?? new KnowledgeSearchOptions(),
            compounds, language);
    }

    /// <summary>The cards that match <paramref name="question"/> at all, best first (ties in id order).</summary>
    public IReadOnlyList<ScoredCard> Rank(string question, int max = 5) => Run(question, max).Ranking;

    /// <summary>Answer with the best card, or DoNotKnow when it does not fit well enough (see <see cref="KnowledgeSearchOptions"/>).</summary>
    public KnowledgeDecision Decide(string question)
    {
        var (ranking, units, best) = Run(question, 5);
        // The coverage costs an explanation per word, so it is only worked out when the score rule would answer.
        if (ranking.Count == 0 || !IsConfident(ranking) || (Options.MinimumCoverage > 0 && Coverage(units, best) < Options.MinimumCoverage))
        {
            return new KnowledgeDecision.DoNotKnow(ranking);
        }
        var card = ranking[0].Card;
        var related = card.Related.Select(id => _cards.GetValueOrDefault(id)).OfType<KnowledgeCard>().ToList();
        return new KnowledgeDecision.Answer(card, related, ranking[0].Score, ranking);
    }

    /// <summary>The ranking, and the share of the question's meaningful words the best card matches (see <see cref="KnowledgeSearchOptions.MinimumCoverage"/>).</summary>
    internal (IReadOnlyList<ScoredCard> Ranking, float Coverage) Search(string question, int max)
    {
        var (ranking, units, best) = Run(question, max);
        return (ranking, ranking.Count == 0 ? 0f : Coverage(units, best));
    }

    private (IReadOnlyList<ScoredCard> Ranking, List<(float Weight, List<Query> Clauses)> Units, int Best) Run(string question, int max)
    {
        var query = BuildQuery(question, out var units);
        if (query is null)
        {
            return ([], units, -1);
        }
        var hits = _searcher.Search(query, max).ScoreDocs;
        // Like classic Lucene's query norm: a long question does not score higher than a short one only by its length.
        var norm = _scale * MathF.Sqrt(query.Clauses.Sum(c => c.Query.Boost * c.Query.Boost));
        var ranking = hits.Select(h => new ScoredCard(_cards[_searcher.Doc(h.Doc).Get(IdField)], h.Score / norm)).ToList();
        return (ranking, units, hits.Length == 0 ? -1 : hits[0].Doc);
    }

    /// <summary>The idf-weighted share of <paramref name="units"/> that card <paramref name="doc"/> matches; 1 when there are none.</summary>
    private float Coverage(List<(float Weight, List<Query> Clauses)> units, int doc)
    {
        if (units.Count == 0)
        {
            return 1f;
        }
        var covered = units.Where(unit => unit.Clauses.Any(q => _searcher.Explain(q, doc).IsMatch)).Sum(unit => unit.Weight);
        return covered / units.Sum(unit => unit.Weight);
    }

    internal bool IsConfident(IReadOnlyList<ScoredCard> ranking, float coverage) =>
        coverage >= Options.MinimumCoverage && IsConfident(ranking);

    internal bool IsConfident(IReadOnlyList<ScoredCard> ranking)
    {
        var best = ranking[0].Score;
        if (best < Options.MinimumScore)
        {
            return false;
        }
        if (best >= Options.ConfidentScore || ranking.Count < 2 || ranking[1].Score <= 0)
        {
            return true;
        }
        return best / ranking[1].Score >= Options.MinimumMargin;
    }

    /// <summary>
    /// One clause per word of the question (a compound with its parts, fuzzy variants when the word is unknown),
    /// plus one clause per synonym or correction found. Coordination rewards cards that match more clauses.
    /// </summary>
    internal BooleanQuery? BuildQuery(string question) => BuildQuery(question, out _);

    /// <summary>
    /// <paramref name="units"/>: per meaningful word of the question (not a domain word), the clauses that find it
    /// (its own clause and those of the synonyms it starts), for the coverage rule.
    /// </summary>
    private BooleanQuery? BuildQuery(string question, out List<(float Weight, List<Query> Clauses)> units)
    {
        units = [];
        var query = new BooleanQuery(disableCoord: false);

        var phrase = _phraseAnalyzer.Terms(question);
        var usedExpansions = new HashSet<Expansion>();
        for (var start = 0; start < phrase.Count; start++)
        {
            foreach (var expansion in _expansions)
            {
                if (start + expansion.Source.Count <= phrase.Count && Matches(phrase, start, expansion.Source, PhraseSlop))
                {
                    usedExpansions.Add(expansion);
                }
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var words = new List<List<string>>();
        foreach (var group in _indexAnalyzer.Groups(question))
        {
            if (_fillers.Contains(group[0]) || !seen.Add(group[0]))
            {
                continue;
            }
            words.Add(group);
        }
        var expansions = usedExpansions.OrderBy(e => _expansions.IndexOf(e)).ToList();

        // Domain words ("opp", "plan", "kind") are in nearly every question: they count for little as long as the
        // question holds another word, so "opp beëindigen" is decided by "beëindigen". "opp??" keeps its one word.
        var onlyDomain = words.All(g => _domainWords.Contains(g[0])) && expansions.All(IsDomain);
        if (onlyDomain && words.Count + expansions.Count > 0)
        {
            // A question of domain words only ("opp??", "ontwikkelingsperspectiefplan uitleg") asks what the OPP is:
            // each word counts as its group's name ("opp"), in the titles and keywords only, so the card that is about
            // the OPP alone wins, not the card listing the OPP's other names ("Is een OPP hetzelfde als …").
            var names = new DisjunctionMaxQuery(0f);
            foreach (var name in words.Select(g => _domainNames.GetValueOrDefault(g[0], g[0])).Distinct(StringComparer.Ordinal))
            {
                var fields = new BooleanQuery(disableCoord: true);
                foreach (var (field, boost) in Fields.Where(f => f.Name is "title" or "keywords"))
                {
                    if (_vocabulary.Contains(field, name))
                    {
                        fields.Add(new TermQuery(new Term(field, name)) { Boost = boost }, Occur.SHOULD);
                    }
                }
                if (fields.Clauses.Count > 0)
                {
                    names.Add(fields);
                }
            }
            if (names.Disjuncts.Count > 0)
            {
                query.Add(names, Occur.SHOULD);
                return query;
            }
            var any = new DisjunctionMaxQuery(0f);
            foreach (var group in words)
            {
                any.Add(WordClause(group));
            }
            foreach (var target in expansions.SelectMany(e => e.Targets))
            {
                var all = new BooleanQuery(disableCoord: true);
                foreach (var group in target)
                {
                    all.Add(WordClause(group, typos: false), Occur.SHOULD);
                }
                any.Add(all);
            }
            query.Add(any, Occur.SHOULD);
            return query;
        }
        var unitOf = new Dictionary<string, List<Query>>(StringComparer.Ordinal);
        foreach (var group in words)
        {
            var clause = WordClause(group);
            if (_domainWords.Contains(group[0]))
            {
                clause.Boost = DomainWeight;
            }
            else
            {
                // A compound counts as found by its own word or a part that is not a domain word: "kinderbijslag" is
                // not found by "kind".
                var parts = group.Where((part, i) => i == 0 || !_domainWords.Contains(part)).ToList();
                unitOf[group[0]] = [parts.Count == group.Count ? clause : WordClause(parts)];
                units.Add((Rarity(group[0]), unitOf[group[0]]));
            }
            query.Add(clause, Occur.SHOULD);
        }
        foreach (var expansion in expansions)
        {
            var alternatives = new DisjunctionMaxQuery(0.1f) { Boost = expansion.Weight * (IsDomain(expansion) ? DomainWeight : 1f) };
            foreach (var target in expansion.Targets)
            {
                var all = new BooleanQuery(disableCoord: true);
                foreach (var group in target)
                {
                    all.Add(WordClause(group, typos: false), Occur.SHOULD);
                }
                alternatives.Add(all);
            }
            query.Add(alternatives, Occur.SHOULD);
            if (!IsDomain(expansion))
            {
                // A synonym finds the words it is made of; one made of stop words only ("niet eens") is a word of its own.
                var own = expansion.Source.Where(unitOf.ContainsKey).Select(w => unitOf[w]).ToList();
                if (own.Count == 0)
                {
                    units.Add((1f, [alternatives]));
                }
                foreach (var unit in own)
                {
                    unit.Add(alternatives);
                }
            }
        }
        return query.Clauses.Count == 0 ? null : query;
    }

    /// <summary>
    /// How much a word says, relative to a word found in one card: BM25's idf over the cards holding it in any
    /// field (a word no card holds counts as a word of one card), divided by the idf of a word in one card.
    /// </summary>
    private float Rarity(string term)
    {
        var cards = Fields.Max(f => _reader.DocFreq(new Term(f.Name, term)));
        var all = _cards.Count;
        var idf = MathF.Log(1f + (all - Math.Max(cards, 1) + 0.5f) / (Math.Max(cards, 1) + 0.5f));
        return idf / _scale;
    }

    private bool IsDomain(Expansion expansion) => expansion.Source.All(_domainWords.Contains);

    /// <summary>The phrase's words in order from <paramref name="start"/>, with at most <paramref name="slop"/> other words between two of them.</summary>
    private static bool Matches(List<string> words, int start, IReadOnlyList<string> source, int slop)
    {
        if (!string.Equals(words[start], source[0], StringComparison.Ordinal))
        {
            return false;
        }
        var at = start;
        for (var i = 1; i < source.Count; i++)
        {
            var next = -1;
            for (var j = at + 1; j < words.Count && j <= at + 1 + slop; j++)
            {
                if (string.Equals(words[j], source[i], StringComparison.Ordinal))
                {
                    next = j;
                    break;
                }
            }
            if (next < 0)
            {
                return false;
            }
            at = next;
        }
        return true;
    }

    /// <summary>
    /// The word itself and its compound parts (weaker), each over the fields that hold it; the nearest indexed words
    /// when the index lacks the word (not for a synonym's words, which are spelled right). A word no card holds stays as an empty clause, so it still lowers coordination.
    /// </summary>
    private BooleanQuery WordClause(List<string> group, bool typos = true)
    {
        var clause = new BooleanQuery(disableCoord: true);
        for (var i = 0; i < group.Count; i++)
        {
            var term = group[i];
            var weight = i == 0 ? 1.0f : PartWeight;
            if (FieldsQuery(term, weight) is { } exact)
            {
                clause.Add(exact, Occur.SHOULD);
            }
            else if (i == 0 && typos)
            {
                foreach (var (near, distance) in _vocabulary.Nearest(term))
                {
                    if (FieldsQuery(near, weight * (distance == 1 ? FuzzyWeight : FuzzyWeight * 0.75f)) is { } fuzzy)
                    {
                        clause.Add(fuzzy, Occur.SHOULD);
                    }
                }
            }
        }
        return clause;
    }

    /// <summary>The term in each field that holds it, the best field counting; null when no field holds it.</summary>
    private DisjunctionMaxQuery? FieldsQuery(string term, float weight)
    {
        DisjunctionMaxQuery? fields = null;
        foreach (var (name, boost) in Fields)
        {
            if (_vocabulary.Contains(name, term))
            {
                fields ??= new DisjunctionMaxQuery(0.1f) { Boost = weight };
                fields.Add(new TermQuery(new Term(name, term)) { Boost = boost });
            }
        }
        return fields;
    }

    private static IEnumerable<string> TextsOf(KnowledgeCard card) =>
        new[] { card.Title, card.Body }.Concat(card.AlsoAsked).Concat(card.Keywords);

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _indexAnalyzer.Dispose();
        _phraseAnalyzer.Dispose();
    }

    /// <summary>
    /// BM25 (saturating term frequency, length normalisation per field, so a card that lists many forms of one word
    /// does not win every question holding it), with classic coordination: a card that matches more of the
    /// question's words is preferred.
    /// </summary>
    private sealed class CardSimilarity : BM25Similarity
    {
        public static CardSimilarity Instance { get; } = new();

        private CardSimilarity()
            : base(k1: 1.2f, b: 0.75f)
        {
        }

        public static float SingleCardIdf(int cards) => MathF.Log(1f + (Math.Max(cards, 1) - 1 + 0.5f) / 1.5f);

        public override float Coord(int overlap, int maxOverlap) => maxOverlap == 0 ? 1f : (float)overlap / maxOverlap;
    }

    private sealed record Expansion(IReadOnlyList<string> Source, IReadOnlyList<List<List<string>>> Targets, float Weight);
}
