using System.Diagnostics;
using System.Globalization;
using OppAssistant.Knowledge;

namespace OppAssistant.Web;

/// <summary>
/// `knowledge-accuracy`: loads knowledge/, builds the search index, runs the parent question set and prints top-1,
/// top-3, out-of-scope rejection, the misses, latency per question and the index build time and memory.
/// </summary>
/// <remarks>Exit codes: 0 measured, 1 content problem, 2 wrong arguments.</remarks>
internal static class KnowledgeAccuracyCommand
{
    public const string Name = "knowledge-accuracy";

    public const string Usage = """
        Usage: dotnet run --project src/OppAssistant.Web -- knowledge-accuracy [--knowledge DIR] [--questions FILE] [--repeat N]
          --knowledge DIR   the knowledge folder with nl/ and synonyms.yaml (default: knowledge)
          --questions FILE  the question set (default: tests/OppAssistant.Knowledge.Tests/parent-questions.yaml)
          --synonyms FILE   another synonyms file (default: DIR/synonyms.yaml)
          --repeat N        run the set N times for the latency figures (default: 1)
        """;

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var knowledgeDirectory = "knowledge";
        var questionsFile = Path.Combine("tests", "OppAssistant.Knowledge.Tests", "parent-questions.yaml");
        string? synonymsFile = null;
        var repeat = 1;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--help" or "-h":
                    output.WriteLine(Usage);
                    return 0;
                case "--knowledge" when value is not null:
                    knowledgeDirectory = value;
                    i++;
                    break;
                case "--questions" when value is not null:
                    questionsFile = value;
                    i++;
                    break;
                case "--synonyms" when value is not null:
                    synonymsFile = value;
                    i++;
                    break;
                case "--repeat" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                    repeat = n;
                    i++;
                    break;
                default:
                    error.WriteLine($"{Name}: unexpected argument '{args[i]}'");
                    error.WriteLine(Usage);
                    return 2;
            }
        }

        knowledgeDirectory = Resolve(knowledgeDirectory);
        questionsFile = Resolve(questionsFile);
        synonymsFile = synonymsFile is null ? null : Resolve(synonymsFile);

        try
        {
            var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
            var started = Stopwatch.GetTimestamp();
            var knowledge = KnowledgeBase.Load(knowledgeDirectory, synonymsFile);
            var loaded = Stopwatch.GetElapsedTime(started);
            using var search = KnowledgeSearch.Build(knowledge);
            var built = Stopwatch.GetElapsedTime(started) - loaded;
            var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
            var set = QuestionSet.Load(questionsFile, knowledge);

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"knowledge: {search.CardCount} Dutch cards from {knowledge.Directory}; loaded in {loaded.TotalMilliseconds:F0} ms, index built in {built.TotalMilliseconds:F0} ms, {(memoryAfter - memoryBefore) / 1024.0 / 1024.0:F1} MiB held (cards + index), compound dictionary {search.CompoundWordCount} words"));
            var report = AccuracyReport.Run(search, set);
            for (var i = 1; i < repeat; i++)
            {
                var again = AccuracyReport.Run(search, set);
                report = report with
                {
                    InScope = [.. report.InScope, .. again.InScope],
                    OutOfScope = [.. report.OutOfScope, .. again.OutOfScope],
                    Holdout = [.. report.Holdout, .. again.Holdout],
                };
            }
            if (repeat > 1)
            {
                output.WriteLine($"(the set ran {repeat} times; the shares below count every run)");
            }
            report.Print(output);
            return 0;
        }
        catch (KnowledgeException e)
        {
            error.WriteLine($"{Name}: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// `dotnet run` starts the host in the project folder, so a relative path that is not found there is taken from
    /// the repository root (the folder above holding OppAssistant.sln).
    /// </summary>
    private static string Resolve(string path)
    {
        if (Path.IsPathRooted(path) || Path.Exists(path))
        {
            return path;
        }
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "OppAssistant.sln")))
                {
                    return Path.Combine(directory.FullName, path);
                }
            }
        }
        return path;
    }
}
