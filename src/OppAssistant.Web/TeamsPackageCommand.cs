using OppAssistant.Core.Content;
using OppAssistant.Web.Teams;

namespace OppAssistant.Web;

/// <summary>`teams-package`: writes the Teams app zip (manifest and both icons) and exits.</summary>
/// <remarks>Exit codes: 0 written, 1 content or file problem, 2 wrong arguments.</remarks>
internal static class TeamsPackageCommand
{
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == "teams-package";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (TeamsPackageOptions.IsHelp(args))
        {
            await output.WriteLineAsync(TeamsPackageOptions.Usage);
            return 0;
        }

        TeamsPackageOptions options;
        try
        {
            options = TeamsPackageOptions.Parse(args, Environment.CurrentDirectory, AppContext.BaseDirectory);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"teams-package: {e.Message}");
            await error.WriteLineAsync(TeamsPackageOptions.Usage);
            return 2;
        }

        byte[] package;
        try
        {
            var texts = DialogCatalog.Load(options.DialogsDirectory).Channels.TeamsApp;
            var manifest = TeamsAppManifest.ToUtf8(TeamsAppManifest.Build(options, texts));
            package = TeamsAppPackage.Create(manifest, AppIcons.Color(), AppIcons.Outline());
        }
        catch (ContentException e)
        {
            await error.WriteLineAsync($"teams-package: {e.Message}");
            return 1;
        }

        try
        {
            var existed = File.Exists(options.OutputPath);
            if (Path.GetDirectoryName(options.OutputPath) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }
            await File.WriteAllBytesAsync(options.OutputPath, package);
            if (existed)
            {
                await output.WriteLineAsync($"Replaced the existing file {options.OutputPath}");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"teams-package: cannot write '{options.OutputPath}': {e.Message}");
            return 1;
        }

        await output.WriteLineAsync($"Wrote Teams app package {options.OutputPath}");
        await output.WriteLineAsync($"Teams app id {options.TeamsAppId:D}, bot {options.AppId:D}, host {options.Host}, version {options.Version}");
        return 0;
    }
}
