using System.Text.RegularExpressions;
using OppAssistant.Core.Content;

namespace OppAssistant.Core.Parent;

/// <summary>What kind of personal data a parent's message holds; the Q&amp;A needs none of them.</summary>
[Flags]
public enum PersonalData
{
    None = 0,
    Name = 1,
    Bsn = 2,
    Diagnosis = 4,
}

/// <summary>The word lists of dialogs/parent.yaml (personal_data) the detector is built from.</summary>
public sealed record PersonalDataWords(
    IReadOnlyList<string> Diagnoses,
    IReadOnlyList<string> Whose,
    IReadOnlyList<string> Children,
    IReadOnlyList<string> Introductions,
    IReadOnlyList<string> FullNameIntroductions,
    IReadOnlyList<string> NameParticles,
    IReadOnlyList<string> NotNames);

/// <summary>
/// Finds a name, a BSN or a diagnosis in what a parent typed, with simple and predictable rules (the words are data,
/// in dialogs/parent.yaml):
/// <list type="bullet">
/// <item>a name: "mijn zoon Daan" (whose + child + a word with a capital and lower-case letters), "ik heet daan" /
/// "mijn naam is …" (any word after), "ik ben Anna de Vries" (two capitalised words, particles allowed); a word in
/// not_names ("Is", "OPP", "IB'er") is never a name;</item>
/// <item>a BSN: 9 digits, single spaces or dots allowed between them, that pass the elfproef;</item>
/// <item>a diagnosis: a listed word in a sentence that also says whose it is ("mijn", "onze" …); "wat is dyslexie?" is a general question.</item>
/// </list>
/// It only reads: nothing it sees is kept.
/// </summary>
public sealed partial class PersonalDataDetector
{
    private readonly string[] diagnoses;
    private readonly string[] whose;
    private readonly HashSet<string> notNames;
    private readonly Regex childName;
    private readonly Regex introduced;
    private readonly Regex fullName;

    /// <summary>
    /// A guard against pathological input, not a speed target: the patterns do not backtrack badly, but the timeout is
    /// wall-clock time, and 100 ms was hit once on a starved 2-core CI machine.
    /// </summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    public PersonalDataDetector(PersonalDataWords words)
    {
        diagnoses = words.Diagnoses.Select(TextMatcher.Normalize).Where(w => w.Length > 0).Distinct().ToArray();
        whose = words.Whose.Select(TextMatcher.Normalize).Where(w => w.Length > 0).Distinct().ToArray();
        notNames = words.NotNames.Select(TextMatcher.Normalize).ToHashSet(StringComparer.Ordinal);
        const string Word = @"\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?";
        var particles = Alternatives(words.NameParticles);
        childName = new Regex(
            $@"(?<![\p{{L}}'])(?i:{Alternatives(words.Whose)})\s+(?i:{Alternatives(words.Children)})\s*,?\s+(?<name>{Word})(?![\p{{L}}'])",
            RegexOptions.CultureInvariant, MatchTimeout);
        introduced = new Regex(
            $@"(?<![\p{{L}}'])(?i:{Alternatives(words.Introductions)})\s+(?<name>\p{{L}}[\p{{L}}'-]*)",
            RegexOptions.CultureInvariant, MatchTimeout);
        fullName = new Regex(
            $@"(?<![\p{{L}}'])(?i:{Alternatives(words.FullNameIntroductions)})\s+(?<name>{Word})\s+(?:(?i:{particles})\s+)*(?<last>{Word})(?![\p{{L}}'])",
            RegexOptions.CultureInvariant, MatchTimeout);
    }

    public PersonalData Detect(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return PersonalData.None;
        }
        var found = PersonalData.None;
        if (HasName(text))
        {
            found |= PersonalData.Name;
        }
        if (HasBsn(text))
        {
            found |= PersonalData.Bsn;
        }
        if (HasDiagnosis(text))
        {
            found |= PersonalData.Diagnosis;
        }
        return found;
    }

    /// <summary>
    /// The text without the names and BSNs <see cref="Detect"/> finds, for the search: a name says nothing about which
    /// card fits, and what is not passed on cannot end up anywhere. Diagnoses stay: "dyslexie" is what a card is about.
    /// </summary>
    public string WithoutNamesAndBsn(string text)
    {
        var redacted = text;
        foreach (var pattern in new[] { childName, introduced })
        {
            redacted = pattern.Replace(redacted, m => IsNotName(m.Groups["name"].Value) ? m.Value : m.Value[..(m.Groups["name"].Index - m.Index)]);
        }
        redacted = fullName.Replace(redacted, m => IsNotName(m.Groups["name"].Value) || IsNotName(m.Groups["last"].Value) ? m.Value : m.Value[..(m.Groups["name"].Index - m.Index)]);
        return BsnPattern().Replace(redacted, m => HasBsn(m.Value) ? "" : m.Value);
    }

    /// <summary>The elfproef of a BSN: 9×d1 + 8×d2 + … + 2×d8 − d9 is a multiple of 11 (and not all zeros).</summary>
    public static bool PassesElfproef(ReadOnlySpan<char> nineDigits)
    {
        if (nineDigits.Length != 9 || nineDigits.ContainsAnyExceptInRange('0', '9') || !nineDigits.ContainsAnyExcept('0'))
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (9 - i) * (nineDigits[i] - '0');
        }
        sum -= nineDigits[8] - '0';
        return sum % 11 == 0;
    }

    private bool HasName(string text) =>
        childName.Matches(text).Any(m => !IsNotName(m.Groups["name"].Value))
        || introduced.Matches(text).Any(m => !IsNotName(m.Groups["name"].Value))
        || fullName.Matches(text).Any(m => !IsNotName(m.Groups["name"].Value) && !IsNotName(m.Groups["last"].Value));

    private bool IsNotName(string word) => notNames.Contains(TextMatcher.Normalize(word));

    private static bool HasBsn(string text)
    {
        Span<char> digits = stackalloc char[9];
        foreach (Match match in BsnPattern().Matches(text))
        {
            var n = 0;
            foreach (var c in match.Value)
            {
                if (char.IsAsciiDigit(c) && n < 9)
                {
                    digits[n++] = c;
                }
            }
            if (n == 9 && PassesElfproef(digits))
            {
                return true;
            }
        }
        return false;
    }

    private bool HasDiagnosis(string text)
    {
        foreach (var sentence in SentenceBreak().Split(text))
        {
            var normalized = TextMatcher.Normalize(sentence);
            if (normalized.Length == 0)
            {
                continue;
            }
            var padded = " " + normalized + " ";
            if (diagnoses.Any(d => padded.Contains(" " + d + " ", StringComparison.Ordinal))
                && whose.Any(w => padded.Contains(" " + w + " ", StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }

    private static string Alternatives(IEnumerable<string> words) =>
        string.Join("|", words.OrderByDescending(w => w.Length).Select(w => Regex.Escape(w.Trim()).Replace(@"\ ", @"\s+", StringComparison.Ordinal)));

    // Nine digits with at most one space or dot between two of them, not part of a longer number.
    [GeneratedRegex(@"(?<![\d.])\d(?:[ .]?\d){8}(?![\d]|\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex BsnPattern();

    [GeneratedRegex(@"[.!?\n]+")]
    private static partial Regex SentenceBreak();
}
