using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;
using YamlDotNet.RepresentationModel;

namespace OppAssistant.Core.Tests.Content;

/// <summary>dialogs/language-checks.yaml loads with the other dialogs, and a broken file names its file and line.</summary>
public sealed class LanguageCheckContentTests : IDisposable
{
    private const string FileName = "language-checks.yaml";

    private readonly string root = Path.Combine(Path.GetTempPath(), "oppassistant-language-" + Guid.NewGuid().ToString("n"));

    /// <summary>A copy of dialogs/, with prompts/ beside it as in the repository.</summary>
    private string DialogsCopy => Path.Combine(root, "dialogs");

    public LanguageCheckContentTests()
    {
        Directory.CreateDirectory(DialogsCopy);
        Repo.CopyPrompts(Path.Combine(root, "prompts"));
        Repo.CopyDialogs(DialogsCopy);
    }

    [Fact]
    public void Every_check_has_a_hint_with_its_sources()
    {
        var checks = DialogCatalog.Load(Repo.DialogsDirectory).LanguageChecks;

        Assert.Equal(Enum.GetValues<LanguageCheckId>().Order(), checks.Hints.Keys.Order());
        Assert.All(checks.Hints.Values, hint =>
        {
            Assert.False(string.IsNullOrWhiteSpace(hint.Text));
            Assert.NotEmpty(hint.Sources);
            Assert.All(hint.Sources, source => Assert.Matches(@"^(faq-brief|stakeholders-and-law-brief) §\d", source));
        });
    }

    [Fact]
    public void Every_text_kind_says_which_checks_it_gets()
    {
        Assert.All(Enum.GetValues<TextKind>(), kind => Assert.NotNull(LanguageChecks.TextChecksFor(kind)));
        Assert.Contains(LanguageCheckId.Label, LanguageChecks.TextChecksFor(TextKind.Need));
        Assert.Contains(LanguageCheckId.VagueGoal, LanguageChecks.TextChecksFor(TextKind.SuccessCriterion));
    }

    /// <summary>Each phrase of the lists, written out in a sentence, is found: a phrase that can never match is a mistake.</summary>
    [Fact]
    public void Every_phrase_of_the_lists_finds_its_own_words()
    {
        var checks = DialogCatalog.Load(Repo.DialogsDirectory).LanguageChecks;
        var root = (YamlMappingNode)LoadYaml(Path.Combine(Repo.DialogsDirectory, FileName)).Documents[0].RootNode;

        var examples = new List<(string Sentence, TextKind Kind, LanguageCheckId Check)>();
        foreach (var term in Sequence(Mapping(root, "labels"), "terms"))
        {
            examples.AddRange(Phrases(term, "match").Select(p => ("Sam " + Example(p) + ".", TextKind.Factor, LanguageCheckId.Label)));
        }
        foreach (var item in Sequence(Mapping(root, "reframings"), "items"))
        {
            examples.AddRange(Phrases(item, "match").Select(p => ("Sam " + Example(p) + ".", TextKind.Factor, LanguageCheckId.ProblemLanguage)));
        }
        examples.AddRange(Phrases(Mapping(root, "vague_goals"), "match").Select(p => ("Sam " + Example(p) + ".", TextKind.GoalDescription, LanguageCheckId.VagueGoal)));
        // A measurable word takes the vagueness away.
        var measurable = Phrases(Mapping(root, "vague_goals"), "measurable").Select(p => "Sam gaat vooruit, " + Example(p) + ".").ToList();

        Assert.All(examples, e => Assert.Contains(checks.CheckText(e.Sentence, e.Kind), f => f.Check == e.Check));
        Assert.All(measurable, sentence => Assert.Empty(checks.CheckText(sentence, TextKind.GoalDescription)));
    }

    [Theory]
    [InlineData("  vague_goal:\n", "  vague_goals:\n", "unknown check 'vague_goals'")]
    [InlineData("\"ad h d\"", "\"*dyscalc*\"", "'*dyscalc*' is listed under both 'ADHD' and 'dyscalculie'")]
    [InlineData("      suggestion: \"heeft meer tijd nodig", "      sugestion: \"heeft meer tijd nodig", "unknown key 'sugestion'")]
    [InlineData("Je noemt **{found}**. Een label", "Je noemt dit. Een label", "the hint 'label' must use the placeholders {found}")]
    [InlineData("  max_gap: 2\n", "  max_gap: 9\n", "'max_gap' must be a whole number from 0 to 4")]
    [InlineData("negations: [niet,", "negations: [niet niet,", "'negations': 'niet niet' must be one word")]
    public void Broken_content_is_refused_with_a_reason(string from, string to, string reason)
    {
        Rewrite(text => text.Replace(from, to, StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Matches(@"^dialogs/language-checks\.yaml:\d+:\d+: ", error.Message);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"ad h d\"", "\"ad*hd\"", "a * may only stand at the start or end of a word")]
    [InlineData("\"ad h d\"", "\"ad*\"", "a word with * needs at least 3 letters")]
    [InlineData("\"ad h d\"", "\"ad|h(d)\"", "'h(d)' in 'ad|h(d)' must be one word")]
    public void A_broken_phrase_points_at_its_line(string from, string to, string reason)
    {
        var line = LineOf(File.ReadAllText(Path.Combine(DialogsCopy, FileName)), from);
        Rewrite(text => text.Replace(from, to, StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith($"dialogs/language-checks.yaml:{line}:", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_hint_is_named()
    {
        Rewrite(text =>
        {
            var from = text.IndexOf("  need_without_goal:", StringComparison.Ordinal);
            var to = text.IndexOf("  repeated_text:", StringComparison.Ordinal);
            return text[..from] + text[to..];
        });

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Matches(@"^dialogs/language-checks\.yaml:\d+:\d+: missing hint 'need_without_goal'", error.Message);
    }

    [Fact]
    public void Broken_yaml_names_the_file_and_line()
    {
        File.AppendAllText(Path.Combine(DialogsCopy, FileName), "\nrepeated_text: [unclosed\n");

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Matches(@"^dialogs/language-checks\.yaml:\d+:\d+: not valid YAML", error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        File.Delete(Path.Combine(DialogsCopy, FileName));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith("dialogs/language-checks.yaml: the file is missing", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>A phrase written out: the first alternative of each word, without stars.</summary>
    private static string Example(string phrase) =>
        string.Join(' ', phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word => word.Split('|')[0].Trim('*')));

    private static YamlStream LoadYaml(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return stream;
    }

    private static YamlMappingNode Mapping(YamlMappingNode parent, string key) => (YamlMappingNode)parent.Children[new YamlScalarNode(key)];

    private static IEnumerable<YamlMappingNode> Sequence(YamlMappingNode parent, string key) =>
        ((YamlSequenceNode)parent.Children[new YamlScalarNode(key)]).Children.Cast<YamlMappingNode>();

    private static IEnumerable<string> Phrases(YamlMappingNode parent, string key) =>
        ((YamlSequenceNode)parent.Children[new YamlScalarNode(key)]).Children.Select(n => ((YamlScalarNode)n).Value!);

    private static int LineOf(string yaml, string text) =>
        yaml.Split('\n').Select((line, index) => (line, index)).First(l => l.line.Contains(text, StringComparison.Ordinal)).index + 1;

    private void Rewrite(Func<string, string> change)
    {
        var path = Path.Combine(DialogsCopy, FileName);
        var before = File.ReadAllText(path);
        var after = change(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(path, after);
    }
}
