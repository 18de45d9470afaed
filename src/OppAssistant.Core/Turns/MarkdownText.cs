using System.Text;

namespace OppAssistant.Core.Turns;

/// <summary>
/// Text a person typed, made safe to put inside a Markdown reply or an Adaptive Card TextBlock: Teams and Web Chat
/// render both as Markdown, so "Ik vind *rekenen* leuk." would otherwise lose its asterisks and turn bold.
/// Backslash escapes are the CommonMark way, and Web Chat and Teams honour them.
/// </summary>
public static class MarkdownText
{
    // The ASCII punctuation that starts or ends Markdown inline syntax in the renderers we target.
    private const string InlineSpecials = "\\`*_[]<>#|~";

    public static string Escape(string text) => string.Join('\n', text.Split('\n').Select(EscapeLine));

    private static string EscapeLine(string line)
    {
        var md = new StringBuilder(line.Length + 8);
        var start = line.Length - line.TrimStart(' ').Length;
        var terminator = ListTerminator(line, start);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            // A list or setext marker only counts at the start of a line: "- ", "+ ", "=", "1. ", "1) ".
            var blockMarker = (i == start && c is '-' or '+' or '=') || i == terminator;
            if (blockMarker || InlineSpecials.Contains(c, StringComparison.Ordinal))
            {
                md.Append('\\');
            }
            md.Append(c);
        }
        return md.ToString();
    }

    /// <summary>The position of the "." or ")" of an ordered-list marker at <paramref name="start"/>, or -1.</summary>
    private static int ListTerminator(string line, int start)
    {
        var end = start;
        while (end < line.Length && char.IsAsciiDigit(line[end]))
        {
            end++;
        }
        var isMarker = end > start && end < line.Length && line[end] is '.' or ')' && (end + 1 == line.Length || line[end + 1] == ' ');
        return isMarker ? end : -1;
    }
}
