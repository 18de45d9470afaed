namespace OppAssistant.Drafting.AI.Tests;

/// <summary>Finds files of the repository (prompts/) from the test's output folder.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string PromptsDirectory => Path.Combine(Root, "prompts");

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
