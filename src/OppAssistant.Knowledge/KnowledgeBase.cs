namespace OppAssistant.Knowledge;

/// <summary>
/// The validated cards of a knowledge folder: &lt;directory&gt;/nl/*.md (required) and, where present,
/// &lt;directory&gt;/en/*.md, plus &lt;directory&gt;/synonyms.yaml for the Dutch search when it exists.
/// </summary>
public sealed class KnowledgeBase
{
    public const string Dutch = "nl";
    public const string English = "en";

    private readonly Dictionary<string, IReadOnlyList<KnowledgeCard>> _cards;

    private KnowledgeBase(string directory, Dictionary<string, IReadOnlyList<KnowledgeCard>> cards, SynonymTable synonyms)
    {
        Directory = directory;
        _cards = cards;
        Synonyms = synonyms;
    }

    public string Directory { get; }

    /// <summary>The languages that have cards: always "nl", "en" when its folder exists.</summary>
    public IReadOnlyCollection<string> Languages => _cards.Keys;

    public SynonymTable Synonyms { get; }

    /// <summary>The cards of one language, ordered by id.</summary>
    public IReadOnlyList<KnowledgeCard> Cards(string language = Dutch) =>
        _cards.TryGetValue(language, out var cards) ? cards : [];

    public KnowledgeCard? Find(string id, string language = Dutch) =>
        Cards(language).FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));

    /// <summary>Reads and validates every card; throws <see cref="KnowledgeException"/> naming each file and problem.</summary>
    /// <param name="directory">The knowledge folder, holding nl/ and optionally en/ and synonyms.yaml.</param>
    /// <param name="synonymsFile">Another synonyms file than &lt;directory&gt;/synonyms.yaml (tests with fixture cards).</param>
    /// <param name="time">The clock for "last_checked is not in the future"; the system clock by default.</param>
    public static KnowledgeBase Load(string directory, string? synonymsFile = null, TimeProvider? time = null)
    {
        var root = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(Path.Combine(root, Dutch)))
        {
            throw new KnowledgeException(Path.Combine(directory, Dutch), "the folder of Dutch cards does not exist");
        }
        var today = DateOnly.FromDateTime((time ?? TimeProvider.System).GetLocalNow().DateTime);
        var problems = new List<KnowledgeProblem>();
        var cards = new Dictionary<string, IReadOnlyList<KnowledgeCard>>(StringComparer.Ordinal);
        foreach (var language in new[] { Dutch, English })
        {
            var folder = Path.Combine(root, language);
            if (!System.IO.Directory.Exists(folder))
            {
                continue;
            }
            cards[language] = LoadLanguage(folder, Path.Combine(directory, language), language, today, problems);
        }

        SynonymTable synonyms;
        var synonymsPath = synonymsFile ?? Path.Combine(root, "synonyms.yaml");
        try
        {
            synonyms = File.Exists(synonymsPath) || synonymsFile is not null ? SynonymTable.Load(synonymsPath) : SynonymTable.Empty;
        }
        catch (KnowledgeException e)
        {
            problems.AddRange(e.Problems);
            synonyms = SynonymTable.Empty;
        }

        if (problems.Count > 0)
        {
            throw new KnowledgeException(problems);
        }
        return new KnowledgeBase(root, cards, synonyms);
    }

    private static List<KnowledgeCard> LoadLanguage(string folder, string displayFolder, string language, DateOnly today, List<KnowledgeProblem> problems)
    {
        var cards = new List<KnowledgeCard>();
        var files = System.IO.Directory.GetFiles(folder, "*.md").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            problems.Add(new KnowledgeProblem(displayFolder, "the folder holds no cards (*.md)"));
        }
        foreach (var file in files)
        {
            var display = Path.Combine(displayFolder, Path.GetFileName(file));
            if (CardReader.Read(file, display, language, today, problems) is { } card)
            {
                cards.Add(card);
            }
        }

        foreach (var group in cards.GroupBy(c => c.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            foreach (var card in group)
            {
                problems.Add(new KnowledgeProblem(card.File, $"the id '{card.Id}' is used by more than one card ({string.Join(", ", group.Select(c => Path.GetFileName(c.File)))})"));
            }
        }
        foreach (var group in cards.GroupBy(c => c.Title.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Key.Length > 0 && g.Count() > 1))
        {
            foreach (var card in group)
            {
                problems.Add(new KnowledgeProblem(card.File, $"the title '{card.Title}' is used by more than one card"));
            }
        }

        var ids = cards.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var card in cards)
        {
            foreach (var related in card.Related.Where(r => !ids.Contains(r) && r != card.Id))
            {
                problems.Add(new KnowledgeProblem(card.File, $"related card '{related}' does not exist in {displayFolder}"));
            }
        }
        return cards;
    }
}
