namespace OppAssistant.Knowledge.Tests;

/// <summary>Finds the repository's knowledge/ and the fixtures from the test's output folder.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string KnowledgeDirectory => Path.Combine(Root, "knowledge");

    public static string SynonymsFile => Path.Combine(KnowledgeDirectory, "synonyms.yaml");

    /// <summary>The real question set, written next to this project (issue 6).</summary>
    public static string QuestionsFile => Path.Combine(Root, "tests", "OppAssistant.Knowledge.Tests", "parent-questions.yaml");

    public static string FixtureKnowledge => Path.Combine(Root, "tests", "OppAssistant.Knowledge.Tests", "Fixtures", "knowledge");

    public static string FixtureQuestions => Path.Combine(Root, "tests", "OppAssistant.Knowledge.Tests", "Fixtures", "questions.yaml");

    /// <summary>A fresh copy of the fixture cards in a temporary folder, for tests that break a card.</summary>
    public static string CopyFixture()
    {
        var target = Path.Combine(Path.GetTempPath(), "oppassistant-knowledge-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.GetFiles(FixtureKnowledge, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(FixtureKnowledge, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
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

/// <summary>One index over the fixture cards with the real synonyms file, shared by the search tests.</summary>
public sealed class FixtureSearch : IDisposable
{
    public FixtureSearch()
    {
        Knowledge = KnowledgeBase.Load(Repo.FixtureKnowledge, Repo.SynonymsFile);
        Search = KnowledgeSearch.Build(Knowledge);
    }

    public KnowledgeBase Knowledge { get; }

    public KnowledgeSearch Search { get; }

    public void Dispose() => Search.Dispose();
}
