namespace OppAssistant.Documents.Tests;

/// <summary>Finds the repository's dialogs/ from the test's output folder.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string DialogsDirectory => Path.Combine(Root, "dialogs");

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
