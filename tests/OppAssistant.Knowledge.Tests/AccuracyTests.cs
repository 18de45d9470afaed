namespace OppAssistant.Knowledge.Tests;

/// <summary>Issue 6: top-1 ≥ 85 %, top-3 ≥ 95 % and out-of-scope rejection ≥ 80 % on the parents' question set.</summary>
public sealed class AccuracyTests(ITestOutputHelper output)
{
    [Fact]
    public void The_fixture_set_meets_the_targets()
    {
        var knowledge = KnowledgeBase.Load(Repo.FixtureKnowledge, Repo.SynonymsFile);
        using var search = KnowledgeSearch.Build(knowledge);
        var report = AccuracyReport.Run(search, QuestionSet.Load(Repo.FixtureQuestions, knowledge));

        AssertTargets(report);
    }

    /// <summary>
    /// The real cards (knowledge/nl) and questions (parent-questions.yaml) are written on another branch; until both
    /// are merged this test skips, afterwards it holds the targets.
    /// </summary>
    [Fact]
    public void The_parent_question_set_meets_the_targets_on_the_real_cards()
    {
        var cards = Path.Combine(Repo.KnowledgeDirectory, KnowledgeBase.Dutch);
        Assert.SkipUnless(Directory.Exists(cards) && File.Exists(Repo.QuestionsFile),
            $"Waiting for the real cards and question set: {cards} and {Repo.QuestionsFile} are not both in this branch yet.");

        var knowledge = KnowledgeBase.Load(Repo.KnowledgeDirectory);
        using var search = KnowledgeSearch.Build(knowledge);
        var set = QuestionSet.Load(Repo.QuestionsFile, knowledge);
        Assert.True(set.InScope.Count >= 80, $"The question set has {set.InScope.Count} in-scope questions; issue 6 asks for at least 80.");
        Assert.NotEmpty(set.OutOfScope);
        Assert.True(knowledge.Cards().Count >= 60, $"knowledge/nl has {knowledge.Cards().Count} cards; issue 6 asks for at least 60.");

        AssertTargets(search, set);
    }

    /// <summary>
    /// The held-out questions (holdout: in parent-questions.yaml) were written before tuning and are never tuned on:
    /// their top-1 is printed and must reach 70 %, a realistic bar for unseen questions.
    /// </summary>
    [Fact]
    public void The_held_out_questions_reach_70_percent_top_1()
    {
        var knowledge = KnowledgeBase.Load(Repo.KnowledgeDirectory);
        using var search = KnowledgeSearch.Build(knowledge);
        var set = QuestionSet.Load(Repo.QuestionsFile, knowledge);
        Assert.True(set.Holdout.Count >= 30, $"The held-out set has {set.Holdout.Count} questions; expected at least 30.");
        Assert.True(set.Holdout.Select(q => q.Card).Distinct().Count() >= 20, "The held-out set should cover at least 20 cards.");

        var report = AccuracyReport.Run(search, set);
        var printed = new StringWriter();
        report.Print(printed);
        output.WriteLine(printed.ToString());

        Assert.Contains("held-out top-1:", printed.ToString(), StringComparison.Ordinal);
        Assert.True(report.HoldoutTop1 >= 0.70, $"held-out top-1 {report.HoldoutTop1:P1} is below 70 %.");
    }

    /// <summary>A question of OPP names only asks what the OPP is, not whether its names mean the same.</summary>
    [Theory]
    [InlineData("opp")]
    [InlineData("ontwikkelingsperspectief?")]
    [InlineData("o.p.p.")]
    public void A_question_of_opp_names_only_finds_what_an_opp_is(string question)
    {
        var knowledge = KnowledgeBase.Load(Repo.KnowledgeDirectory);
        using var search = KnowledgeSearch.Build(knowledge);

        var answer = Assert.IsType<KnowledgeDecision.Answer>(search.Decide(question));
        Assert.Equal("wat-is-een-opp", answer.Card.Id);
    }

    /// <summary>A question that copies a card's title or also_asked line, or one of the other list, measures nothing.</summary>
    [Fact]
    public void No_question_copies_a_card_line_or_another_question()
    {
        var knowledge = KnowledgeBase.Load(Repo.KnowledgeDirectory);
        var set = QuestionSet.Load(Repo.QuestionsFile, knowledge);
        static string Normal(string text) =>
            string.Join(' ', new string(text.ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || char.IsWhiteSpace(c)).ToArray())
                .Split(' ', StringSplitOptions.RemoveEmptyEntries));

        var cardLines = knowledge.Cards().SelectMany(c => c.AlsoAsked.Append(c.Title)).Select(Normal).ToHashSet(StringComparer.Ordinal);
        var copies = set.InScope.Concat(set.Holdout).Where(q => cardLines.Contains(Normal(q.Question))).Select(q => q.Question).ToList();
        Assert.True(copies.Count == 0, "Questions equal to a card's title or also_asked line: " + string.Join(" | ", copies));

        var main = set.InScope.Select(q => Normal(q.Question)).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(set.Holdout, q => main.Contains(Normal(q.Question)));
    }

    private void AssertTargets(KnowledgeSearch search, QuestionSet set) => AssertTargets(AccuracyReport.Run(search, set));

    private void AssertTargets(AccuracyReport report)
    {
        var printed = new StringWriter();
        report.Print(printed);
        output.WriteLine(printed.ToString());

        Assert.True(report.Top1 >= 0.85, $"top-1 {report.Top1:P1} is below 85 %.{Environment.NewLine}{printed}");
        Assert.True(report.Top3 >= 0.95, $"top-3 {report.Top3:P1} is below 95 %.{Environment.NewLine}{printed}");
        Assert.True(report.OutOfScopeRejection >= 0.80, $"out-of-scope rejection {report.OutOfScopeRejection:P1} is below 80 %.{Environment.NewLine}{printed}");
    }
}
