namespace OppAssistant.Web;

/// <summary>`teams-package`: writes the Teams app zip (manifest and both icons) and exits.</summary>
internal static class TeamsPackageCommand
{
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == "teams-package";

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) => Task.FromResult(1);
}
