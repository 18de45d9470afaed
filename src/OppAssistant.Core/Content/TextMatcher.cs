using System.Globalization;
using System.Text;

namespace OppAssistant.Core.Content;

/// <summary>Matches what a user typed against the answers listed in the dialogs, forgiving case, accents and punctuation.</summary>
public static class TextMatcher
{
    /// <summary>Lower case, no diacritics, letters and digits only, single spaces: "IB'er!" becomes "ib er".</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var decomposed = text.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }
                builder.Append(c);
                pendingSpace = false;
            }
            else
            {
                pendingSpace = true;
            }
        }
        return builder.ToString();
    }

    /// <summary>True when the text is exactly one of the answers.</summary>
    public static bool IsExactly(string? text, IEnumerable<string> answers)
    {
        var normalized = Normalize(text);
        var raw = text?.Trim();
        return answers.Any(a => normalized.Length > 0 ? Normalize(a) == normalized : a == raw);
    }

    /// <summary>True when one of the answers occurs in the text as whole words ("ik ben juf" contains "juf").</summary>
    public static bool Mentions(string? text, IEnumerable<string> answers)
    {
        var padded = " " + Normalize(text) + " ";
        return padded.Length > 2 && answers.Select(Normalize).Any(a => a.Length > 0 && padded.Contains(" " + a + " ", StringComparison.Ordinal));
    }
}
