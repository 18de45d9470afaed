using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Microsoft.SemanticKernel;
using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;

namespace OppAssistant.Drafting.AI;

/// <summary>A prompt file that cannot be used; the message names the file.</summary>
public sealed class PromptException(string message) : Exception(message);

/// <summary>The wording of a need kind and its hulpzin (from prompts/hulpzinnen.yaml, through the dialog catalog).</summary>
internal sealed record NeedFrame(string Kind, string Frame);

/// <summary>
/// The prompt files in SK's folder format (<c>prompts/&lt;Use&gt;/skprompt.txt</c> + <c>config.json</c>), one per
/// <see cref="DraftingUse"/>, and the hulpzinnen. Loaded once and checked loudly: a missing file, an undeclared or
/// unused <c>{{$variable}}</c>, or a template that is not a chat prompt (system and user messages) stops the start.
/// </summary>
internal sealed partial class DraftingPrompts
{
    public const string PluginName = "OppDrafting";

    private readonly KernelPlugin plugin;

    private DraftingPrompts(KernelPlugin plugin, IReadOnlyDictionary<NeedKind, NeedFrame> frames, DialogCatalog dialogs)
    {
        this.plugin = plugin;
        Frames = frames;
        Dialogs = dialogs;
    }

    public IReadOnlyDictionary<NeedKind, NeedFrame> Frames { get; }

    /// <summary>The names of circles, domains and school types, and the words for "not filled in", as the draft uses them.</summary>
    public DialogCatalog Dialogs { get; }

    public KernelFunction this[DraftingUse use] => plugin[use.ToString()];

    /// <summary>The prompt files, and the hulpzinnen the two need prompts quote (the same frames the flow composes with).</summary>
    public static DraftingPrompts Load(string directory, DialogCatalog dialogs)
    {
        var plugin = LoadPlugin(directory);
        var pupil = dialogs.Teacher.Text("pupil_fallback");
        var frames = dialogs.Needs.Frames.ToDictionary(
            f => f.Kind,
            f => new NeedFrame($"{f.Title}: {f.Who.Replace("{pupil}", pupil, StringComparison.Ordinal)}", f.Frame));
        return new DraftingPrompts(plugin, frames, dialogs);
    }

    /// <summary>Checks the prompt files only (start-up validation, before the dialogs are loaded).</summary>
    public static void Check(string directory) => LoadPlugin(directory);

    private static KernelPlugin LoadPlugin(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new PromptException($"the prompts folder {directory} does not exist.");
        }
        foreach (var use in Enum.GetValues<DraftingUse>())
        {
            CheckPromptFolder(Path.Combine(directory, use.ToString()));
        }
        KernelPlugin plugin;
        try
        {
            plugin = new Kernel().CreatePluginFromPromptDirectory(directory, PluginName);
        }
        catch (Exception e) when (e is ArgumentException or JsonException or KernelException or IOException)
        {
            throw new PromptException($"{directory}: {e.Message}");
        }
        return plugin;
    }

    /// <summary>The names used as <c>{{$name}}</c> in a template.</summary>
    public static IReadOnlySet<string> VariablesUsedIn(string template) =>
        Variable().Matches(template).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    private static void CheckPromptFolder(string folder)
    {
        var templatePath = Path.Combine(folder, "skprompt.txt");
        var configPath = Path.Combine(folder, "config.json");
        foreach (var path in new[] { templatePath, configPath })
        {
            if (!File.Exists(path))
            {
                throw new PromptException($"{path} is missing.");
            }
        }
        PromptTemplateConfig config;
        try
        {
            config = PromptTemplateConfig.FromJson(File.ReadAllText(configPath));
        }
        catch (Exception e) when (e is ArgumentException or JsonException)
        {
            throw new PromptException($"{configPath}: {e.Message}");
        }
        var template = File.ReadAllText(templatePath);
        var declared = config.InputVariables.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        var used = VariablesUsedIn(template);
        if (used.Except(declared).FirstOrDefault() is { } undeclared)
        {
            throw new PromptException($"{templatePath} uses {{{{${undeclared}}}}} but {configPath} does not declare it in input_variables.");
        }
        if (declared.Except(used).FirstOrDefault() is { } unused)
        {
            throw new PromptException($"{configPath} declares '{unused}' but {templatePath} never uses it.");
        }
        CheckChatPrompt(templatePath, Variable().Replace(template, "x"));
    }

    /// <summary>
    /// SK parses a prompt into messages only when it is well-formed XML; otherwise the whole text (with the
    /// variables HTML-encoded) would go out as one user message. So a prompt must be system and user messages.
    /// </summary>
    private static void CheckChatPrompt(string path, string template)
    {
        XElement root;
        try
        {
            root = XElement.Parse("<prompt>" + template + "</prompt>", LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new PromptException($"{path} is not a chat prompt (well-formed <message role=\"…\"> elements): {e.Message}");
        }
        var roles = root.Elements().Select(e => e.Name.LocalName == "message" ? (string?)e.Attribute("role") : null).ToList();
        if (roles.Count < 2 || roles[0] != "system" || roles.Skip(1).Any(r => r != "user") || root.Nodes().OfType<XText>().Any(t => !string.IsNullOrWhiteSpace(t.Value)))
        {
            throw new PromptException($"{path} must be one <message role=\"system\"> followed by <message role=\"user\"> elements and nothing else.");
        }
    }

    [GeneratedRegex(@"\{\{\s*\$(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex Variable();
}
