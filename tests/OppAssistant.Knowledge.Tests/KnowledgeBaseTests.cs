using Microsoft.Extensions.Time.Testing;

namespace OppAssistant.Knowledge.Tests;

public sealed class KnowledgeBaseTests
{
    private static readonly FakeTimeProvider January2026 = new(new DateTimeOffset(2026, 1, 20, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Fixture_cards_load_with_every_field()
    {
        var knowledge = KnowledgeBase.Load(Repo.FixtureKnowledge, Repo.SynonymsFile, January2026);

        Assert.Equal(10, knowledge.Cards().Count);
        Assert.Equal(["nl"], knowledge.Languages);
        var card = knowledge.Find("instemming-handelingsdeel")!;
        Assert.Equal("Moet ik akkoord gaan met het OPP?", card.Title);
        Assert.Equal("instemming-oogo", card.Topic);
        Assert.Equal(3, card.AlsoAsked.Count);
        Assert.Contains("instemmingsrecht", card.Keywords);
        Assert.Equal(["oogo", "geschillencommissie"], card.Related);
        Assert.Equal(2, card.Sources.Count);
        Assert.Equal(new DateOnly(2026, 1, 15), card.LastChecked);
        Assert.Null(card.HoldsNow);
        Assert.StartsWith("U hebt instemmingsrecht", card.Body, StringComparison.Ordinal);
        Assert.NotNull(knowledge.Find("hoorrecht-leerling")!.HoldsNow);
    }

    [Fact]
    public void The_real_synonyms_file_loads()
    {
        var synonyms = SynonymTable.Load(Repo.SynonymsFile);

        Assert.Contains(synonyms.Groups, g => g.Contains("opp") && g.Contains("ontwikkelingsperspectiefplan"));
        Assert.Contains(synonyms.Groups, g => g.Contains("ib'er") && g.Contains("intern begeleider"));
        Assert.Equal("handelingsdeel", synonyms.Corrections["handelingsdl"]);
        Assert.NotEmpty(synonyms.CompoundParts);
        Assert.NotEmpty(synonyms.Fillers);
    }

    [Fact]
    public void English_cards_load_next_to_Dutch_ones_and_are_checked_on_their_own()
    {
        var root = Repo.CopyFixture();
        Directory.CreateDirectory(Path.Combine(root, "en"));
        foreach (var (id, related) in new[] { ("what-is-an-opp", "consent, disputes"), ("consent", "what-is-an-opp, disputes"), ("disputes", "consent, what-is-an-opp") })
        {
            File.WriteAllText(Path.Combine(root, "en", id + ".md"), $"""
                ---
                id: {id}
                title: Question about {id}?
                topic: opp-basis
                also_asked: [ "a {id}", "b {id}", "c {id}" ]
                related: [{related}]
                sources: [ "faq-brief.md §1.1" ]
                last_checked: 2026-01-01
                ---
                The answer about {id}.
                """);
        }

        var knowledge = KnowledgeBase.Load(root, Repo.SynonymsFile, January2026);

        Assert.Equal(3, knowledge.Cards("en").Count);
        Assert.Equal("en", knowledge.Find("consent", "en")!.Language);
        using var search = KnowledgeSearch.Build(knowledge, "en");
        Assert.Equal("disputes", search.Rank("disputes about the plan")[0].Card.Id);
    }

    public static TheoryData<string, string, string, string> BrokenCards => new()
    {
        // file, text to replace, replacement, expected problem
        { "oogo.md", "id: oogo", "id: overleg", "the id 'overleg' differs from the file name 'oogo'" },
        { "oogo.md", "id: oogo", "id: Oogo_Card", "is not lower-kebab-case" },
        { "oogo.md", "topic: instemming-oogo", "topic: rechten", "unknown topic 'rechten'" },
        { "oogo.md", "related: [instemming-handelingsdeel, niet-eens]", "related: [instemming-handelingsdeel, bestaat-niet]", "related card 'bestaat-niet' does not exist" },
        { "oogo.md", "related: [instemming-handelingsdeel, niet-eens]", "related: [instemming-handelingsdeel]", "'related' has 1 items; expected 2–3" },
        { "oogo.md", "sources: [ \"faq-brief.md §1.3\" ]", "sources: []", "'sources' has 0 items; expected at least 1" },
        { "oogo.md", "sources: [ \"faq-brief.md §1.3\" ]\n", "", "the field 'sources' is missing" },
        { "oogo.md", "last_checked: 2026-01-15", "last_checked: 2026-12-31", "last_checked 2026-12-31 lies in the future" },
        { "oogo.md", "last_checked: 2026-01-15", "last_checked: januari 2026", "last_checked 'januari 2026' is not a date" },
        { "oogo.md", "title: Wat is op overeenstemming gericht overleg (OOGO)?\n", "", "the field 'title' is missing" },
        { "oogo.md", "also_asked: [ \"Moet de school met ons overleggen over het plan?\", \"Wat betekent OOGO?\", \"Moet de school onze ideeën overnemen?\" ]", "also_asked: [ \"Wat betekent OOGO?\" ]", "'also_asked' has 1 items; expected 3–6" },
        { "oogo.md", "also_asked:", "also-asked:", "unknown field 'also-asked'" },
        { "oogo.md", "keywords: [oogo, overleg, overeenstemming, meedenken, ouders]", "keywords: [oogo, overleg", "the front matter is not valid YAML" },
        { "oogo.md", "title: Wat is op overeenstemming gericht overleg (OOGO)?", "title: Wat is een OPP?", "the title 'Wat is een OPP?' is used by more than one card" },
    };

    [Theory]
    [MemberData(nameof(BrokenCards))]
    public void A_broken_card_is_reported_with_its_file_and_problem(string file, string find, string replace, string problem)
    {
        var root = Repo.CopyFixture();
        var path = Path.Combine(root, "nl", file);
        var text = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Contains(find, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(find, replace, StringComparison.Ordinal));

        var e = Assert.Throws<KnowledgeException>(() => KnowledgeBase.Load(root, Repo.SynonymsFile, January2026));

        Assert.Contains(e.Problems, p => p.File.EndsWith(Path.Combine("nl", file), StringComparison.Ordinal) && p.Problem.Contains(problem, StringComparison.Ordinal));
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_answer_and_a_missing_front_matter_are_reported()
    {
        var root = Repo.CopyFixture();
        var oogo = Path.Combine(root, "nl", "oogo.md");
        var text = File.ReadAllText(oogo).Replace("\r\n", "\n", StringComparison.Ordinal);
        File.WriteAllText(oogo, text[..(text.IndexOf("\n---\n", 3, StringComparison.Ordinal) + 5)]);
        File.WriteAllText(Path.Combine(root, "nl", "evaluatie.md"), "Hoe vaak wordt het OPP geëvalueerd?\n");

        var e = Assert.Throws<KnowledgeException>(() => KnowledgeBase.Load(root, Repo.SynonymsFile, January2026));

        Assert.Contains(e.Problems, p => p.File.EndsWith("oogo.md", StringComparison.Ordinal) && p.Problem.Contains("the answer (the Markdown after the front matter) is empty", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.File.EndsWith("evaluatie.md", StringComparison.Ordinal) && p.Problem.Contains("must start with a front matter block", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_folder_and_a_broken_synonyms_file_are_reported()
    {
        var empty = Path.Combine(Path.GetTempPath(), "oppassistant-knowledge-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(empty);
        var missing = Assert.Throws<KnowledgeException>(() => KnowledgeBase.Load(empty));
        Assert.Contains("the folder of Dutch cards does not exist", missing.Message, StringComparison.Ordinal);

        var root = Repo.CopyFixture();
        File.WriteAllText(Path.Combine(root, "synonyms.yaml"), "groups:\n  - [alleen]\nextra: 1\n");
        var broken = Assert.Throws<KnowledgeException>(() => KnowledgeBase.Load(root, time: January2026));
        Assert.Contains(broken.Problems, p => p.File.EndsWith("synonyms.yaml", StringComparison.Ordinal) && p.Problem.Contains("at least two", StringComparison.Ordinal));
        Assert.Contains(broken.Problems, p => p.Problem.Contains("unexpected 'extra'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_question_set_naming_an_unknown_card_is_reported()
    {
        var knowledge = KnowledgeBase.Load(Repo.FixtureKnowledge, Repo.SynonymsFile, January2026);
        var path = Path.Combine(Path.GetTempPath(), "oppassistant-questions-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, "questions:\n  - q: \"wat is een opp\"\n    card: bestaat-niet\n  - q: \"zonder kaart\"\nout_of_scope:\n  - q: \"laptop\"\n");

        var e = Assert.Throws<KnowledgeException>(() => QuestionSet.Load(path, knowledge));

        Assert.Contains("card 'bestaat-niet' does not exist", e.Message, StringComparison.Ordinal);
        Assert.Contains("needs card:", e.Message, StringComparison.Ordinal);
    }
}
