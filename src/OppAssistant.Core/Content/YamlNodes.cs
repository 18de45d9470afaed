using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OppAssistant.Core.Content;

/// <summary>Raised when a content file is broken; the message names the file and line.</summary>
public sealed class ContentException(string message) : Exception(message)
{
    public static ContentException At(string file, YamlNode node, string problem) =>
        new($"{file}:{node.Start.Line}:{node.Start.Column}: {problem}");
}

/// <summary>Small readers over YamlDotNet's node tree that keep line numbers for error messages.</summary>
internal sealed partial class YamlFile(string path, YamlMappingNode root)
{
    public string Path { get; } = path;

    public YamlMappingNode Root { get; } = root;

    public static YamlFile Load(string path, string displayName)
    {
        if (!File.Exists(path))
        {
            throw new ContentException($"{displayName}: the file is missing (every file of dialogs/README.md is required)");
        }
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new ContentException($"{displayName}:{e.Start.Line}:{e.Start.Column}: not valid YAML ({e.InnerException?.Message ?? e.Message})");
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ContentException($"{displayName}:1:1: expected one YAML document with a mapping at the top");
        }
        return new YamlFile(displayName, root);
    }

    public YamlMappingNode Mapping(YamlMappingNode parent, string key) =>
        Get(parent, key) as YamlMappingNode ?? throw ContentException.At(Path, Get(parent, key), $"'{key}' must be a mapping");

    public string String(YamlMappingNode parent, string key)
    {
        var node = Get(parent, key);
        if (node is not YamlScalarNode { Value: { } value } || string.IsNullOrWhiteSpace(value))
        {
            throw ContentException.At(Path, node, $"'{key}' must be a non-empty text");
        }
        return value.Trim();
    }

    public IReadOnlyList<string> Strings(YamlMappingNode parent, string key)
    {
        var node = Get(parent, key);
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            throw ContentException.At(Path, node, $"'{key}' must be a non-empty list");
        }
        return sequence.Children
            .Select(child => child is YamlScalarNode { Value: { Length: > 0 } v }
                ? v.Trim()
                : throw ContentException.At(Path, child, $"every item of '{key}' must be a non-empty text"))
            .ToList();
    }

    public static IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries(YamlMappingNode mapping)
    {
        foreach (var (key, value) in mapping.Children)
        {
            yield return (((YamlScalarNode)key).Value ?? "", key, value);
        }
    }

    public YamlNode? Optional(YamlMappingNode parent, string key) =>
        parent.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public IReadOnlyList<YamlMappingNode> Mappings(YamlMappingNode parent, string key)
    {
        var node = Get(parent, key);
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            throw ContentException.At(Path, node, $"'{key}' must be a non-empty list");
        }
        return sequence.Children
            .Select(child => child as YamlMappingNode ?? throw ContentException.At(Path, child, $"every item of '{key}' must be a mapping"))
            .ToList();
    }

    public IReadOnlyList<string> OptionalStrings(YamlMappingNode parent, string key) =>
        Optional(parent, key) is null ? [] : Strings(parent, key);

    public bool Bool(YamlMappingNode parent, string key, bool fallback) => Optional(parent, key) switch
    {
        null => fallback,
        YamlScalarNode { Value: "true" } => true,
        YamlScalarNode { Value: "false" } => false,
        var node => throw ContentException.At(Path, node, $"'{key}' must be true or false"),
    };

    public int Int(YamlMappingNode parent, string key, int fallback, int min, int max) => Optional(parent, key) switch
    {
        null => fallback,
        YamlScalarNode { Value: { } text } when int.TryParse(text, out var value) && value >= min && value <= max => value,
        var node => throw ContentException.At(Path, node, $"'{key}' must be a whole number from {min} to {max}"),
    };

    /// <summary>Checks that <paramref name="text"/> uses exactly the <paramref name="allowed"/> placeholders ({name}), each at least once.</summary>
    public void CheckPlaceholders(YamlNode node, string key, string text, IReadOnlyCollection<string> allowed)
    {
        var used = PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
        var missing = allowed.Except(used).ToList();
        var unknown = used.Except(allowed).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
        {
            throw ContentException.At(Path, node,
                $"'{key}' must use the placeholders {{{string.Join("}, {", allowed)}}}" + (unknown.Count > 0 ? $", not {{{string.Join("}, {", unknown)}}}" : ""));
        }
    }

    /// <summary>A top-level section whose keys are exactly <paramref name="required"/>: each present, no other.</summary>
    public Dictionary<string, T> Section<T>(string section, IReadOnlyCollection<string> required, Func<YamlMappingNode, string, T> read)
    {
        var node = Mapping(Root, section);
        foreach (var key in required.Where(k => !Entries(node).Any(e => e.Key == k)))
        {
            throw ContentException.At(Path, node, $"missing {section} '{key}'");
        }
        var values = new Dictionary<string, T>();
        foreach (var (key, keyNode, _) in Entries(node))
        {
            if (!required.Contains(key))
            {
                throw ContentException.At(Path, keyNode, $"unknown {section} '{key}'");
            }
            values[key] = read(node, key);
        }
        return values;
    }

    /// <summary>The section <c>texts</c>: exactly the <paramref name="required"/> keys, each with exactly its <paramref name="placeholders"/>.</summary>
    public Dictionary<string, string> Texts(IReadOnlyCollection<string> required, IReadOnlyDictionary<string, string[]> placeholders)
    {
        var texts = Section("texts", required, String);
        foreach (var (key, keyNode, _) in Entries(Mapping(Root, "texts")))
        {
            CheckPlaceholders(keyNode, key, texts[key], placeholders.GetValueOrDefault(key, []));
        }
        return texts;
    }

    /// <summary>The section <c>text_sources</c>: the sources of texts that state a fact; each key names a text (or one of <paramref name="otherKeys"/>).</summary>
    public Dictionary<string, IReadOnlyList<string>> TextSources(IReadOnlyDictionary<string, string> texts, params string[] otherKeys)
    {
        var node = Mapping(Root, "text_sources");
        var sources = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var (key, keyNode, _) in Entries(node))
        {
            if (!otherKeys.Contains(key) && !texts.ContainsKey(key))
            {
                var allowed = otherKeys.Length == 0 ? "" : $"neither {string.Join(", ", otherKeys.Select(k => $"'{k}'"))} nor ";
                throw ContentException.At(Path, keyNode, $"text_sources '{key}' is {(allowed.Length == 0 ? "not " : allowed)}a key of 'texts'");
            }
            sources[key] = Strings(node, key);
        }
        return sources;
    }

    /// <summary>One name per value of <typeparamref name="TEnum"/> in the section, keyed lower_snake_case; nothing more, nothing less.</summary>
    public Dictionary<TEnum, string> EnumNames<TEnum>(string section) where TEnum : struct, Enum
    {
        var node = Mapping(Root, section);
        var names = Enum.GetValues<TEnum>().ToDictionary(v => v, v => String(node, DraftDialog.Key(v)));
        foreach (var (key, keyNode, _) in Entries(node).Where(e => !Enum.GetValues<TEnum>().Any(v => DraftDialog.Key(v) == e.Key)))
        {
            throw ContentException.At(Path, keyNode, $"unknown {section} '{key}'");
        }
        return names;
    }

    private YamlNode Get(YamlMappingNode parent, string key) =>
        parent.Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? node
            : throw ContentException.At(Path, parent, $"missing '{key}'");

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex PlaceholderPattern();
}
