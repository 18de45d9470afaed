using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OppAssistant.Knowledge;

/// <summary>Reads one card file: the YAML front matter between two "---" lines, then the Markdown body.</summary>
internal static partial class CardReader
{
    private static readonly string[] KnownKeys =
        ["id", "title", "topic", "also_asked", "keywords", "related", "sources", "last_checked", "holds_now"];

    /// <summary>Parses <paramref name="path"/>; problems of this file alone are added to <paramref name="problems"/>.</summary>
    /// <returns>The card, or null when it cannot be read far enough to check it against the other cards.</returns>
    public static KnowledgeCard? Read(string path, string displayPath, string language, DateOnly today, List<KnowledgeProblem> problems)
    {
        void Problem(string text) => problems.Add(new KnowledgeProblem(displayPath, text));

        var text = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
        {
            Problem("the file must start with a front matter block: a line '---', the YAML fields, and a line '---'");
            return null;
        }
        var end = text.IndexOf("\n---\n", 3, StringComparison.Ordinal);
        var endAtEof = text.EndsWith("\n---", StringComparison.Ordinal) ? text.Length - 4 : -1;
        if (end < 0 && endAtEof < 0)
        {
            Problem("the front matter is not closed by a line '---'");
            return null;
        }
        var frontMatter = text[4..(end >= 0 ? end + 1 : endAtEof + 1)];
        var body = end >= 0 ? text[(end + 5)..].Trim() : "";

        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(frontMatter));
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                Problem("the front matter must be a YAML mapping of fields (id:, title:, …)");
                return null;
            }
            root = mapping;
        }
        catch (YamlException e)
        {
            // The front matter starts on line 2 of the file.
            Problem($"line {e.Start.Line + 1}: the front matter is not valid YAML: {e.InnerException?.Message ?? e.Message}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's parser throws this when the text ends inside a construct, e.g. an unclosed [ list.
            Problem("the front matter is not valid YAML: it ends inside an unclosed list or quote");
            return null;
        }

        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!KnownKeys.Contains(key, StringComparer.Ordinal))
            {
                Problem($"line {keyNode.Start.Line + 1}: unknown field '{key}' (known: {string.Join(", ", KnownKeys)})");
                continue;
            }
            fields[key] = value;
        }

        string? Scalar(string key, bool required = true)
        {
            if (!fields.TryGetValue(key, out var node))
            {
                if (required)
                {
                    Problem($"the field '{key}' is missing");
                }
                return null;
            }
            if (node is not YamlScalarNode { Value: var value } || string.IsNullOrWhiteSpace(value))
            {
                Problem($"line {node.Start.Line + 1}: the field '{key}' must be a non-empty text");
                return null;
            }
            return value.Trim();
        }

        IReadOnlyList<string> List(string key, int min, int max)
        {
            if (!fields.TryGetValue(key, out var node))
            {
                if (min > 0)
                {
                    Problem($"the field '{key}' is missing");
                }
                return [];
            }
            if (node is not YamlSequenceNode sequence)
            {
                Problem($"line {node.Start.Line + 1}: the field '{key}' must be a YAML list, e.g. [ \"…\", \"…\" ]");
                return [];
            }
            var items = new List<string>();
            foreach (var item in sequence.Children)
            {
                if (item is not YamlScalarNode { Value: { } value } || string.IsNullOrWhiteSpace(value))
                {
                    Problem($"line {item.Start.Line + 1}: every item of '{key}' must be a non-empty text");
                    continue;
                }
                items.Add(value.Trim());
            }
            if (items.Count < min || items.Count > max)
            {
                var expected = max == int.MaxValue ? $"at least {min}" : $"{min}–{max}";
                Problem($"line {node.Start.Line + 1}: '{key}' has {items.Count} items; expected {expected}");
            }
            var duplicate = items.GroupBy(i => i, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                Problem($"line {node.Start.Line + 1}: '{key}' lists '{duplicate.Key}' twice");
            }
            return items;
        }

        var fileId = Path.GetFileNameWithoutExtension(path);
        var id = Scalar("id");
        if (id is not null)
        {
            if (!KebabCase().IsMatch(id))
            {
                Problem($"the id '{id}' is not lower-kebab-case (a-z, 0-9 and single hyphens)");
            }
            if (!string.Equals(id, fileId, StringComparison.Ordinal))
            {
                Problem($"the id '{id}' differs from the file name '{fileId}'");
            }
        }
        var title = Scalar("title");
        var topic = Scalar("topic");
        if (topic is not null && !KnowledgeTopics.IsKnown(topic))
        {
            Problem($"unknown topic '{topic}' (known: {string.Join(", ", KnowledgeTopics.All)})");
        }
        var alsoAsked = List("also_asked", 3, 6);
        var keywords = List("keywords", 0, int.MaxValue);
        var related = List("related", 2, 3);
        var sources = List("sources", 1, int.MaxValue);
        var lastCheckedText = Scalar("last_checked");
        var lastChecked = DateOnly.MinValue;
        if (lastCheckedText is not null)
        {
            if (!DateOnly.TryParseExact(lastCheckedText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out lastChecked))
            {
                Problem($"last_checked '{lastCheckedText}' is not a date of the form 2026-12-03");
            }
            else if (lastChecked > today)
            {
                Problem($"last_checked {lastCheckedText} lies in the future (today is {today:yyyy-MM-dd})");
            }
        }
        var holdsNow = Scalar("holds_now", required: false);
        if (body.Length == 0)
        {
            Problem("the answer (the Markdown after the front matter) is empty");
        }
        if (id is not null && related.Contains(id, StringComparer.Ordinal))
        {
            Problem($"'related' names the card itself ('{id}')");
        }

        return new KnowledgeCard(
            id ?? fileId, language, title ?? "", topic ?? "", alsoAsked, keywords, related, sources, lastChecked, holdsNow, body, displayPath);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();
}
