using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace OppAssistant.Core.Content;

/// <summary>What one audience may be given to read (dialogs/readability.yaml, audiences).</summary>
public sealed record ReadabilityLimits(
    string Audience,
    double MinFleschDouma,
    double MaxWordsPerSentence,
    int MaxSentenceWords,
    double MaxLettersPerWord,
    int MaxWordSyllables);

/// <summary>One text of a dialogs file, who reads it, and how it measures.</summary>
public sealed record MeasuredText(string File, string Key, string Audience, string Text, ReadabilityScore Score);

/// <summary>A text, a file's texts for one audience, or a file or key that is not classified, that fails the gate.</summary>
public sealed record ReadabilityFinding(string File, string Key, string? Audience, string Problem)
{
    public override string ToString() => $"dialogs/{File}: {Key}" + (Audience is null ? "" : $" ({Audience})") + $": {Problem}";
}

public sealed record ReadabilityReport(IReadOnlyList<MeasuredText> Texts, IReadOnlyList<ReadabilityFinding> Findings)
{
    /// <summary>All measured texts of one audience together, as one text.</summary>
    public ReadabilityScore Total(string audience) =>
        Texts.Where(t => t.Audience == audience).Aggregate(ReadabilityScore.Empty, (sum, t) => sum + t.Score);
}

/// <summary>
/// The readability gate: walks the dialogs files that dialogs/readability.yaml names, gives every text its audience
/// (a pupil's age band or the parent) and measures it against that audience's limits. A text, a key or a file that
/// readability.yaml does not classify is a finding too, so no new text reaches a pupil or a parent unmeasured.
/// </summary>
public sealed class ReadabilityGate
{
    public const string FileName = "readability.yaml";
    private const string Skip = "skip";
    private const string Own = "own";
    private const string FromKey = "from_key";
    private const string AudienceSegment = "{audience}";

    private ReadabilityGate(int minWordsForScore, int minWordsForSentenceScore, IReadOnlyDictionary<string, ReadabilityLimits> audiences, IReadOnlyList<FileRules> files, IReadOnlyList<string> notMeasured)
    {
        MinWordsForScore = minWordsForScore;
        MinWordsForSentenceScore = minWordsForSentenceScore;
        Audiences = audiences;
        Files = files;
        NotMeasured = notMeasured;
    }

    /// <summary>A text shorter than this is not scored on its own (a score of three words says little); its sentence and word lengths still count, and so does its file's score.</summary>
    public int MinWordsForScore { get; }

    /// <summary>A sentence this long is scored on its own too, so one hard sentence cannot hide among easy ones.</summary>
    public int MinWordsForSentenceScore { get; }

    public IReadOnlyDictionary<string, ReadabilityLimits> Audiences { get; }

    internal IReadOnlyList<FileRules> Files { get; }

    /// <summary>Files that no pupil or parent reads (the teacher's and the coordinator's), with the reason in readability.yaml.</summary>
    public IReadOnlyList<string> NotMeasured { get; }

    internal sealed record FileRules(string File, string? Audience, IReadOnlyList<(string[] Pattern, string Value)> Keys);

    public static ReadabilityGate Load(string dialogsDirectory)
    {
        var file = YamlFile.Load(Path.Combine(dialogsDirectory, FileName), "dialogs/" + FileName);
        var root = file.Root;
        var minWords = file.Int(root, "min_words_for_score", 6, 1, 50);
        var minSentenceWords = file.Int(root, "min_words_for_sentence_score", 10, 1, 50);

        var audiencesNode = file.Mapping(root, "audiences");
        var audiences = new Dictionary<string, ReadabilityLimits>();
        foreach (var (name, _, _) in YamlFile.Entries(audiencesNode))
        {
            var node = file.Mapping(audiencesNode, name);
            file.Strings(node, "sources");
            audiences[name] = new ReadabilityLimits(
                name,
                Number(file, node, "min_flesch_douma"),
                Number(file, node, "max_words_per_sentence"),
                file.Int(node, "max_sentence_words", 0, 1, 100) is var longest and > 0 ? longest : throw ContentException.At(file.Path, node, "missing 'max_sentence_words'"),
                Number(file, node, "max_letters_per_word"),
                file.Int(node, "max_word_syllables", 0, 1, 20) is var syllables and > 0 ? syllables : throw ContentException.At(file.Path, node, "missing 'max_word_syllables'"));
        }

        var keySets = new Dictionary<string, List<(string[], string)>>();
        if (file.Optional(root, "key_sets") is YamlMappingNode setsNode)
        {
            foreach (var (name, _, _) in YamlFile.Entries(setsNode))
            {
                keySets[name] = ReadKeys(file, file.Mapping(setsNode, name), audiences);
            }
        }

        var files = new List<FileRules>();
        foreach (var node in file.Mappings(root, "files"))
        {
            var name = file.String(node, "file");
            string? audience = null;
            if (file.Optional(node, "audience") is not null)
            {
                audience = file.String(node, "audience");
                if (!audiences.ContainsKey(audience))
                {
                    throw ContentException.At(file.Path, node, $"'{name}': unknown audience '{audience}'");
                }
            }
            var keys = file.Optional(node, "keys") is null ? [] : ReadKeys(file, file.Mapping(node, "keys"), audiences);
            if (file.Optional(node, "key_set") is not null)
            {
                var set = file.String(node, "key_set");
                keys.AddRange(keySets.TryGetValue(set, out var found) ? found : throw ContentException.At(file.Path, node, $"'{name}': unknown key_set '{set}'"));
            }
            if (keys.Count == 0)
            {
                throw ContentException.At(file.Path, node, $"'{name}': give 'keys' or a 'key_set'");
            }
            if (audience is null && keys.Any(k => k.Item2 == Own))
            {
                throw ContentException.At(file.Path, node, $"'{name}': '{Own}' needs the file's 'audience'");
            }
            if (files.Any(f => f.File == name))
            {
                throw ContentException.At(file.Path, node, $"'{name}' is listed twice");
            }
            files.Add(new FileRules(name, audience, keys));
        }

        var notMeasured = new List<string>();
        foreach (var node in file.Mappings(root, "not_measured"))
        {
            file.String(node, "why");
            notMeasured.Add(file.String(node, "file"));
        }
        return new ReadabilityGate(minWords, minSentenceWords, audiences, files, notMeasured);
    }

    /// <summary>Loads dialogs/readability.yaml and checks every file of the folder against it.</summary>
    public static ReadabilityReport Check(string dialogsDirectory) => Load(dialogsDirectory).Run(dialogsDirectory);

    public ReadabilityReport Run(string dialogsDirectory)
    {
        var texts = new List<MeasuredText>();
        var findings = new List<ReadabilityFinding>();
        var present = Directory.GetFiles(dialogsDirectory, "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dialogsDirectory, f).Replace('\\', '/'))
            .Where(f => f != FileName)
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var name in present.Where(f => Files.All(r => r.File != f) && !NotMeasured.Contains(f)))
        {
            findings.Add(new ReadabilityFinding(name, "(file)", null, $"not in {FileName}: list it under 'files' with who reads it, or under 'not_measured' with why"));
        }
        foreach (var rules in Files)
        {
            if (!present.Contains(rules.File))
            {
                findings.Add(new ReadabilityFinding(rules.File, "(file)", null, $"listed in {FileName} but missing"));
                continue;
            }
            var file = YamlFile.Load(Path.Combine(dialogsDirectory, rules.File), "dialogs/" + rules.File);
            foreach (var (key, value) in Leaves(file.Root, ""))
            {
                switch (AudienceOf(rules, key))
                {
                    case null:
                        findings.Add(new ReadabilityFinding(rules.File, key, null, $"not classified in {FileName}: name its audience or '{Skip}'"));
                        break;
                    case Skip:
                        break;
                    case var audience:
                        var measured = new MeasuredText(rules.File, key, audience, value, Readability.Measure(value));
                        texts.Add(measured);
                        findings.AddRange(CheckText(measured));
                        break;
                }
            }
            foreach (var group in texts.Where(t => t.File == rules.File).GroupBy(t => t.Audience))
            {
                var total = group.Aggregate(ReadabilityScore.Empty, (sum, t) => sum + t.Score);
                findings.AddRange(CheckScore(rules.File, "(all texts)", group.Key, total, scored: true));
            }
        }
        return new ReadabilityReport(texts, findings);
    }

    /// <summary>One text against its audience: sentence and word length always, the score when the text is long enough to have one.</summary>
    public IEnumerable<ReadabilityFinding> CheckText(MeasuredText text)
    {
        var limits = Audiences[text.Audience];
        foreach (var finding in CheckScore(text.File, text.Key, text.Audience, text.Score, text.Score.Words >= MinWordsForScore))
        {
            yield return finding;
        }
        // A hard sentence must not hide among easy ones: each sentence long enough to score is scored too.
        foreach (var sentence in Readability.Sentences(text.Text).Where(s => Readability.Words(s).Count >= MinWordsForSentenceScore))
        {
            var score = Readability.Measure(sentence);
            if (score.FleschDouma < limits.MinFleschDouma)
            {
                yield return new ReadabilityFinding(text.File, text.Key, text.Audience,
                    Invariant($"a sentence with Flesch-Douma {score.FleschDouma:0.0}, below {limits.MinFleschDouma}: \"{sentence}\""));
            }
        }
        foreach (var sentence in Readability.Sentences(text.Text).Where(s => Readability.Words(s).Count > limits.MaxSentenceWords))
        {
            yield return new ReadabilityFinding(text.File, text.Key, text.Audience,
                $"a sentence of {Readability.Words(sentence).Count} words, above {limits.MaxSentenceWords}: \"{sentence}\"");
        }
        foreach (var word in Readability.Sentences(text.Text).SelectMany(Readability.Words).Where(w => Readability.Syllables(w) > limits.MaxWordSyllables).Distinct())
        {
            yield return new ReadabilityFinding(text.File, text.Key, text.Audience,
                $"'{word}' has {Readability.Syllables(word)} syllables, above {limits.MaxWordSyllables}");
        }
    }

    private IEnumerable<ReadabilityFinding> CheckScore(string file, string key, string audience, ReadabilityScore score, bool scored)
    {
        var limits = Audiences[audience];
        var at = $"({score})";
        if (score.WordsPerSentence > limits.MaxWordsPerSentence)
        {
            yield return new ReadabilityFinding(file, key, audience, Invariant($"{score.WordsPerSentence:0.0} words a sentence, above {limits.MaxWordsPerSentence} {at}"));
        }
        if (!scored)
        {
            yield break;
        }
        if (score.FleschDouma < limits.MinFleschDouma)
        {
            yield return new ReadabilityFinding(file, key, audience, Invariant($"Flesch-Douma {score.FleschDouma:0.0}, below {limits.MinFleschDouma} {at}"));
        }
        if (score.LettersPerWord > limits.MaxLettersPerWord)
        {
            yield return new ReadabilityFinding(file, key, audience, Invariant($"{score.LettersPerWord:0.00} letters a word, above {limits.MaxLettersPerWord} {at}"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private string? AudienceOf(FileRules rules, string key)
    {
        var segments = key.Split('.');
        foreach (var (pattern, value) in rules.Keys)
        {
            string? captured = null;
            if (!Matches(pattern, 0, segments, 0, ref captured))
            {
                continue;
            }
            return value switch
            {
                Own => rules.Audience,
                FromKey => captured,
                _ => value,
            };
        }
        return null;
    }

    private bool Matches(string[] pattern, int p, string[] key, int k, ref string? captured)
    {
        if (p == pattern.Length)
        {
            return k == key.Length;
        }
        if (pattern[p] == "**")
        {
            for (var skip = k; skip <= key.Length; skip++)
            {
                if (Matches(pattern, p + 1, key, skip, ref captured))
                {
                    return true;
                }
            }
            return false;
        }
        if (k == key.Length)
        {
            return false;
        }
        if (pattern[p] == AudienceSegment)
        {
            if (!Audiences.ContainsKey(key[k]))
            {
                return false;
            }
            captured = key[k];
            return Matches(pattern, p + 1, key, k + 1, ref captured);
        }
        return (pattern[p] == "*" || pattern[p] == key[k]) && Matches(pattern, p + 1, key, k + 1, ref captured);
    }

    /// <summary>Every scalar of a file with its key path: mapping keys and list positions joined by dots (questions.0.text).</summary>
    internal static IEnumerable<(string Key, string Value)> Leaves(YamlNode node, string path)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                yield return (path, scalar.Value ?? "");
                break;
            case YamlMappingNode mapping:
                foreach (var (key, _, value) in YamlFile.Entries(mapping))
                {
                    foreach (var leaf in Leaves(value, path.Length == 0 ? key : path + "." + key))
                    {
                        yield return leaf;
                    }
                }
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    foreach (var leaf in Leaves(sequence.Children[i], path + "." + i.ToString(CultureInfo.InvariantCulture)))
                    {
                        yield return leaf;
                    }
                }
                break;
        }
    }

    private static List<(string[], string)> ReadKeys(YamlFile file, YamlMappingNode node, Dictionary<string, ReadabilityLimits> audiences)
    {
        var keys = new List<(string[], string)>();
        foreach (var (pattern, keyNode, _) in YamlFile.Entries(node))
        {
            var value = file.String(node, pattern);
            if (value != Skip && value != Own && value != FromKey && !audiences.ContainsKey(value))
            {
                throw ContentException.At(file.Path, keyNode, $"'{pattern}': '{value}' is not an audience, '{Skip}', '{Own}' or '{FromKey}'");
            }
            if ((value == FromKey) != pattern.Contains(AudienceSegment, StringComparison.Ordinal))
            {
                throw ContentException.At(file.Path, keyNode, $"'{pattern}': '{FromKey}' goes with a {AudienceSegment} segment, and only with it");
            }
            keys.Add((pattern.Split('.'), value));
        }
        return keys;
    }

    private static double Number(YamlFile file, YamlMappingNode node, string key) =>
        file.Optional(node, key) is YamlScalarNode { Value: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ContentException.At(file.Path, file.Optional(node, key) ?? node, $"'{key}' must be a number");
}
