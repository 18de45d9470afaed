namespace OppAssistant.Web.Tests.Knowledge;

/// <summary>`knowledge-accuracy` on the knowledge tests' fixture cards and questions.</summary>
public sealed class KnowledgeAccuracyCommandTests
{
    private static readonly string Root = FindRoot();

    private static string Fixture(params string[] parts) =>
        Path.Combine([Root, "tests", "OppAssistant.Knowledge.Tests", "Fixtures", .. parts]);

    [Fact]
    public void Prints_accuracy_rejection_latency_and_the_index_figures()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = KnowledgeAccuracyCommand.Run(
            ["knowledge-accuracy", "--knowledge", Fixture("knowledge"), "--synonyms", Path.Combine(Root, "knowledge", "synonyms.yaml"), "--questions", Fixture("questions.yaml")],
            output, error);

        Assert.Equal(0, code);
        Assert.Equal("", error.ToString());
        var text = output.ToString();
        Assert.Contains("knowledge: 10 Dutch cards", text, StringComparison.Ordinal);
        Assert.Contains("index built in", text, StringComparison.Ordinal);
        Assert.Contains("MiB held", text, StringComparison.Ordinal);
        Assert.Matches(@"top-1: \d+\.\d %", text);
        Assert.Matches(@"top-3: \d+\.\d %", text);
        Assert.Matches(@"out-of-scope rejection: \d+\.\d %", text);
        Assert.Matches(@"latency per question: mean \d+\.\d\d ms, p95 \d+\.\d\d ms, max \d+\.\d\d ms", text);
        Assert.Contains("suggested MinimumScore", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Prints_the_held_out_figures_apart_on_the_real_set()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = KnowledgeAccuracyCommand.Run(
            ["knowledge-accuracy", "--knowledge", Path.Combine(Root, "knowledge"), "--questions", Path.Combine(Root, "tests", "OppAssistant.Knowledge.Tests", "parent-questions.yaml")],
            output, error);

        Assert.Equal(0, code);
        var text = output.ToString();
        Assert.Matches(@"held-out set \(not tuned on\): \d+ questions", text);
        Assert.Matches(@"held-out top-1: \d+\.\d %", text);
        Assert.Matches(@"held-out top-3: \d+\.\d %", text);
    }

    [Fact]
    public void A_content_problem_exits_1_and_a_wrong_argument_2()
    {
        var error = new StringWriter();
        var missing = Path.Combine(Path.GetTempPath(), "oppassistant-no-knowledge-" + Guid.NewGuid().ToString("N"));

        Assert.Equal(1, KnowledgeAccuracyCommand.Run(["knowledge-accuracy", "--knowledge", missing], TextWriter.Null, error));
        Assert.Contains("the folder of Dutch cards does not exist", error.ToString(), StringComparison.Ordinal);

        Assert.Equal(2, KnowledgeAccuracyCommand.Run(["knowledge-accuracy", "--repeat", "0"], TextWriter.Null, TextWriter.Null));
        Assert.Equal(2, KnowledgeAccuracyCommand.Run(["knowledge-accuracy", "--nonsense"], TextWriter.Null, TextWriter.Null));
        Assert.True(KnowledgeAccuracyCommand.IsRequested(["knowledge-accuracy"]));
        Assert.False(KnowledgeAccuracyCommand.IsRequested(["teams-package"]));
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OppAssistant.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("OppAssistant.sln not found above " + AppContext.BaseDirectory);
    }
}
