using System.Text;

namespace OppAssistant.Web.Tests.Transcripts;

/// <summary>A small unified-looking line diff (LCS), enough to point at the changed lines of two JSON texts.</summary>
internal static class LineDiff
{
    private const int Context = 3;

    /// <summary>Above this many line pairs the table gets big; both texts are then shown whole.</summary>
    private const long MaxCells = 4_000_000;

    public static string Unified(string expected, string actual)
    {
        var a = expected.ReplaceLineEndings("\n").Split('\n');
        var b = actual.ReplaceLineEndings("\n").Split('\n');
        if ((long)a.Length * b.Length > MaxCells)
        {
            return $"--- expected\n{expected}\n+++ actual\n{actual}";
        }

        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var lines = new List<(char Op, string Text)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add((' ', a[x++]));
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                // Removals before additions, as in a unified diff.
                lines.Add(('-', a[x++]));
            }
            else
            {
                lines.Add(('+', b[y++]));
            }
        }

        // Keep changed lines and a little context around them; elide the rest.
        var keep = new bool[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Op != ' ')
            {
                for (var k = Math.Max(0, i - Context); k <= Math.Min(lines.Count - 1, i + Context); k++)
                {
                    keep[k] = true;
                }
            }
        }
        var text = new StringBuilder("--- expected\n+++ actual\n");
        for (var i = 0; i < lines.Count; i++)
        {
            if (keep[i])
            {
                text.Append(lines[i].Op).Append(' ').Append(lines[i].Text).Append('\n');
            }
            else if (i == 0 || keep[i - 1])
            {
                text.Append("  ...\n");
            }
        }
        return text.ToString();
    }
}
