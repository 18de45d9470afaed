using YamlDotNet.RepresentationModel;
using OppAssistant.Core.Conversation;

namespace OppAssistant.Core.Content;

/// <summary>How a role is offered, recognised when typed, and introduced (dialogs/common.yaml, roles); <see cref="NotYet"/> only for a role without a flow yet.</summary>
public sealed record RoleDialog(Role Role, string Label, IReadOnlyList<string> Answers, string Intro, string? NotYet, IReadOnlyList<string> Sources);

/// <summary>Texts of dialogs/common.yaml: the welcome, role choice, help and the turn-error apology.</summary>
public sealed record CommonDialog(
    IReadOnlyDictionary<string, string> Texts,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Commands,
    IReadOnlyList<RoleDialog> Roles)
{
    public static readonly string[] RequiredTexts =
        ["welcome", "ask_role", "role_not_understood", "role_help", "in_role_help", "switch_role", "error_apology", "conflict_retry"];

    public static readonly string[] RequiredCommands = ["help", "switch_role"];

    public string Text(string key) =>
        Texts.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"dialogs/common.yaml has no text '{key}'");

    public RoleDialog For(Role role) => Roles.First(r => r.Role == role);

    internal static CommonDialog Read(YamlFile file)
    {
        var texts = file.Mapping(file.Root, "texts");
        var textMap = YamlFile.Entries(texts).ToDictionary(e => e.Key, e => file.String(texts, e.Key));
        foreach (var key in RequiredTexts.Where(k => !textMap.ContainsKey(k)))
        {
            throw ContentException.At(file.Path, texts, $"missing text '{key}'");
        }

        var commands = file.Mapping(file.Root, "commands");
        var commandMap = YamlFile.Entries(commands).ToDictionary(e => e.Key, e => file.Strings(commands, e.Key));
        foreach (var key in RequiredCommands.Where(k => !commandMap.ContainsKey(k)))
        {
            throw ContentException.At(file.Path, commands, $"missing command '{key}'");
        }

        var rolesNode = file.Mapping(file.Root, "roles");
        var roles = new List<RoleDialog>();
        foreach (var (key, keyNode, _) in YamlFile.Entries(rolesNode))
        {
            if (!Enum.TryParse<Role>(key, ignoreCase: true, out var role) || !char.IsLower(key[0]))
            {
                throw ContentException.At(file.Path, keyNode, $"unknown role '{key}' (expected: {string.Join(", ", Enum.GetNames<Role>().Select(n => n.ToLowerInvariant()))})");
            }
            var node = file.Mapping(rolesNode, key);
            roles.Add(new RoleDialog(
                role,
                file.String(node, "label"),
                file.Strings(node, "answers"),
                file.String(node, "intro"),
                file.Optional(node, "not_yet") is null ? null : file.String(node, "not_yet"),
                file.Strings(node, "sources")));
        }
        foreach (var missing in Enum.GetValues<Role>().Where(r => roles.All(d => d.Role != r)))
        {
            throw ContentException.At(file.Path, rolesNode, $"missing role '{missing.ToString().ToLowerInvariant()}'");
        }
        return new CommonDialog(textMap, commandMap, roles);
    }
}

/// <summary>
/// Texts of dialogs/channels.yaml: the Web Chat page, the Teams app manifest, and the bot's one answer in a Teams
/// channel or group chat (<see cref="PersonalOnly"/>).
/// </summary>
public sealed record ChannelTexts(IReadOnlyDictionary<string, string> WebChat, IReadOnlyDictionary<string, string> TeamsApp)
{
    public static readonly string[] RequiredWebChat = ["page_title", "heading", "intro", "noscript", "connection_error"];
    public static readonly string[] RequiredTeamsApp = ["short_name", "full_name", "short_description", "full_description", "personal_only"];

    /// <summary>Said once to a message in a channel or group chat, where the bot runs no turn (others read along).</summary>
    public string PersonalOnly => TeamsApp["personal_only"];

    internal static ChannelTexts Read(YamlFile file)
    {
        var texts = new ChannelTexts(Section(file, "webchat", RequiredWebChat), Section(file, "teams_app", RequiredTeamsApp));
        if (file.Optional(file.Root, "text_sources") is { } sourcesNode)
        {
            // Keys are "section.key", such as teams_app.personal_only.
            var sources = sourcesNode as YamlMappingNode ?? throw ContentException.At(file.Path, sourcesNode, "'text_sources' must be a mapping");
            foreach (var (key, keyNode, _) in YamlFile.Entries(sources))
            {
                var known = key.Split('.', 2) switch
                {
                    ["webchat", var name] => texts.WebChat.ContainsKey(name),
                    ["teams_app", var name] => texts.TeamsApp.ContainsKey(name),
                    _ => false,
                };
                if (!known)
                {
                    throw ContentException.At(file.Path, keyNode, $"'text_sources': there is no text '{key}'");
                }
                file.Strings(sources, key);
            }
        }
        return texts;
    }

    private static Dictionary<string, string> Section(YamlFile file, string name, string[] required)
    {
        var node = file.Mapping(file.Root, name);
        return required.ToDictionary(key => key, key => file.String(node, key));
    }
}
