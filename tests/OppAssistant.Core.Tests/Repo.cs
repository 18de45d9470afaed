namespace OppAssistant.Core.Tests;

/// <summary>Finds files of the repository (dialogs/, README.md) from the test's output folder.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string DialogsDirectory => Path.Combine(Root, "dialogs");

    public static string PromptsDirectory => Path.Combine(Root, "prompts");

    /// <summary>Copies the repository's prompts/ to <paramref name="target"/>, for tests that load content from a temporary copy.</summary>
    public static void CopyPrompts(string target)
    {
        foreach (var file in Directory.GetFiles(PromptsDirectory, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(PromptsDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
    }

    /// <summary>Copies the repository's dialogs/ with its sub-folders (pupil/) to <paramref name="target"/>; <paramref name="except"/> are left out.</summary>
    public static void CopyDialogs(string target, params string[] except)
    {
        foreach (var file in Directory.GetFiles(DialogsDirectory, "*.yaml", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(DialogsDirectory, file);
            if (except.Contains(relative.Replace('\\', '/')))
            {
                continue;
            }
            var to = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
    }

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

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
