namespace OppAssistant.Knowledge.Tests;

/// <summary>The Dutch analysis on the fixture cards with the real knowledge/synonyms.yaml.</summary>
public sealed class SearchTests(FixtureSearch fixture) : IClassFixture<FixtureSearch>
{
    private KnowledgeSearch Search => fixture.Search;

    private string Top(string question) => Search.Rank(question) is [var first, ..] ? first.Card.Id : "(nothing)";

    [Theory]
    [InlineData("instemmingsrecht", "instemming-handelingsdeel")]
    [InlineData("geschillencommissie passend onderwijs", "geschillencommissie")]
    [InlineData("ontwikkelingsperspectiefplan", "wat-is-een-opp")]
    [InlineData("voortgangsgesprekken", "evaluatie")]
    public void Compounds_find_cards_that_use_their_parts(string question, string expected) =>
        Assert.Equal(expected, Top(question));

    [Fact]
    public void A_compound_is_split_into_card_words_and_the_linking_s_is_skipped()
    {
        Assert.Equal(["instemming", "recht"], Search.Compounds.Split("instemmingsrecht"));
        // The synonyms file has "ontwikkelingsperspectief"; it is split again.
        Assert.Equal(["ontwikkelingsperspectief", "ontwikkeling", "perspectief", "plan"], Search.Compounds.Split("ontwikkelingsperspectiefplan"));
        // Parts must cover most of the word: "ondersteuning" is not "steun".
        Assert.Empty(Search.Compounds.Split("ondersteuning"));
        Assert.Empty(Search.Compounds.Split("recht"));
    }

    [Theory]
    [InlineData("wat doet de intern begeleider", "wie-helpt-ons")]
    [InlineData("mag ik nee zeggen", "instemming-handelingsdeel")]
    [InlineData("mag ik nee tegen het plan zeggen", "instemming-handelingsdeel")]
    [InlineData("ik wil weigeren", "instemming-handelingsdeel")]
    [InlineData("we hebben ruzie met de school", "niet-eens")]
    [InlineData("wat betekent oogo", "oogo")]
    [InlineData("heeft de leerling inspraak", "hoorrecht-leerling")]
    [InlineData("moet zijn dyslexie in het plan", "diagnose-nodig")]
    public void Synonyms_find_the_card_in_the_parents_words(string question, string expected) =>
        Assert.Equal(expected, Top(question));

    [Fact]
    public void Opp_and_ontwikkelingsperspectiefplan_stand_for_each_other()
    {
        Assert.Equal("wat-is-een-opp", Top("waarvoor dient een ontwikkelingsperspectiefplan"));
        Assert.Equal("wat-is-een-opp", Top("waarvoor dient een opp"));
    }

    [Theory]
    [InlineData("instemingsrecht", "instemming-handelingsdeel")]
    [InlineData("handelingsdl", "instemming-handelingsdeel")]
    [InlineData("geschillecommissie", "geschillencommissie")]
    [InlineData("evalutie van het opp", "evaluatie")]
    [InlineData("hoorecht", "hoorrecht-leerling")]
    [InlineData("geschilencommisie uitspraak", "geschillencommissie")]
    [InlineData("onafhankelijk adives", "wie-helpt-ons")]
    public void Misspellings_still_find_the_card(string question, string expected) =>
        Assert.Equal(expected, Top(question));

    [Fact]
    public void Typo_tolerance_allows_one_edit_from_five_letters_and_two_from_eight()
    {
        Assert.Equal(1, IndexVocabulary.Distance("hoorecht", "hoorrecht", 2));
        Assert.Equal(1, IndexVocabulary.Distance("hoorrehct", "hoorrecht", 2));
        Assert.Equal(3, IndexVocabulary.Distance("laptop", "hoorrecht", 2));
        Assert.Equal(0, IndexVocabulary.MaxEdits("kind"));
        Assert.Equal(1, IndexVocabulary.MaxEdits("klacht"));
        Assert.Equal(2, IndexVocabulary.MaxEdits("hoorrecht"));
    }

    [Theory]
    [InlineData("wanneer wordt het geëvalueerd", "evaluatie")]
    [InlineData("evalueert de school het plan", "evaluatie")]
    [InlineData("wordt het plan bijgesteld", "evaluatie")]
    [InlineData("moet ik tekenen", "instemming-handelingsdeel")]
    [InlineData("overleggen ze met ons", "oogo")]
    public void Stemming_matches_other_forms_of_a_word(string question, string expected) =>
        Assert.Equal(expected, Top(question));

    [Theory]
    [InlineData("wat is de beste laptop voor mijn kind?")]
    [InlineData("hoe laat begint de school morgen?")]
    [InlineData("wat is het recept voor pannenkoeken")]
    [InlineData("hoeveel kinderbijslag krijg ik")]
    [InlineData("")]
    [InlineData("   ?! ")]
    [InlineData("de het een")]
    public void Questions_no_card_answers_get_DoNotKnow(string question) =>
        Assert.IsType<KnowledgeDecision.DoNotKnow>(Search.Decide(question));

    [Fact]
    public void An_answer_carries_the_card_its_related_cards_and_the_ranking()
    {
        var answer = Assert.IsType<KnowledgeDecision.Answer>(Search.Decide("mag ik eigenlijk nee zeggen tegen dat opp van mijn zoon?"));

        Assert.Equal("instemming-handelingsdeel", answer.Card.Id);
        Assert.Equal(["oogo", "geschillencommissie"], answer.Related.Select(c => c.Id));
        Assert.Equal(answer.Score, answer.Ranking[0].Score);
        Assert.True(answer.Ranking.Zip(answer.Ranking.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public void The_confidence_rule_needs_a_high_enough_score_and_a_clear_lead()
    {
        var card = fixture.Knowledge.Cards()[0];
        var other = fixture.Knowledge.Cards()[1];
        using var strict = KnowledgeSearch.Build(fixture.Knowledge, options: new KnowledgeSearchOptions { MinimumScore = 0.3f, MinimumMargin = 1.2f, ConfidentScore = 0.8f });

        Assert.False(strict.IsConfident([new ScoredCard(card, 0.29f)]));
        Assert.True(strict.IsConfident([new ScoredCard(card, 0.31f)]));
        Assert.False(strict.IsConfident([new ScoredCard(card, 0.5f), new ScoredCard(other, 0.45f)]));
        Assert.True(strict.IsConfident([new ScoredCard(card, 0.5f), new ScoredCard(other, 0.40f)]));
        Assert.True(strict.IsConfident([new ScoredCard(card, 0.9f), new ScoredCard(other, 0.85f)]));
    }

    [Fact]
    public void A_card_that_matches_only_a_common_word_of_the_question_does_not_cover_it()
    {
        // "instemmingsrecht" is found, "huurtoeslag" by no card: the rarer, unknown word weighs most.
        var (_, partly) = Search.Search("instemmingsrecht huurtoeslag", 5);
        var (_, fully) = Search.Search("instemmingsrecht handelingsdeel", 5);

        Assert.InRange(partly, 0.01f, 0.6f);
        Assert.Equal(1f, fully);
        using var strict = KnowledgeSearch.Build(fixture.Knowledge, options: new KnowledgeSearchOptions { MinimumScore = 0f, MinimumCoverage = 0.99f });
        Assert.IsType<KnowledgeDecision.DoNotKnow>(strict.Decide("instemmingsrecht huurtoeslag"));
        Assert.IsType<KnowledgeDecision.Answer>(strict.Decide("instemmingsrecht handelingsdeel"));
    }

    [Fact]
    public void Searching_is_deterministic()
    {
        const string question = "we zijn het oneens over het handelingsdl, wat nu?";
        var first = Search.Rank(question).Select(r => (r.Card.Id, r.Score)).ToList();
        using var rebuilt = KnowledgeSearch.Build(fixture.Knowledge);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(first, Search.Rank(question).Select(r => (r.Card.Id, r.Score)));
        }
        Assert.Equal(first, rebuilt.Rank(question).Select(r => (r.Card.Id, r.Score)));
    }

    [Fact]
    public void Searching_from_many_threads_gives_the_same_answers()
    {
        var questions = new[] { "heb ik instemingsrecht", "wat doet de intern begeleider", "hoe vaak evalueren ze het opp" };
        var expected = questions.Select(Top).ToList();

        Parallel.For(0, 200, i => Assert.Equal(expected[i % 3], Top(questions[i % 3])));
    }
}
