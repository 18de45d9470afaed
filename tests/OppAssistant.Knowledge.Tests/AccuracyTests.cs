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
