using OppAssistant.Core.Content;

namespace OppAssistant.Core.Tests.Content;

/// <summary>The readability gate over dialogs/: every pupil- and parent-facing text within its audience's limits.</summary>
public sealed class ReadabilityGateTests : IDisposable
{
    private const string HardSentence =
        "Het bevoegd gezag stelt, na op overeenstemming gericht overleg met de ouders, het ontwikkelingsperspectiefplan vast, " +
        "waarbij de ondersteuningsbehoefte van de leerling en de daaruit voortvloeiende onderwijsbehoeften worden beschreven.";

    private readonly string root = Path.Combine(Path.GetTempPath(), "oppassistant-readability-" + Guid.NewGuid().ToString("n"));

    public ReadabilityGateTests() => Repo.CopyDialogs(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Every_pupil_and_parent_text_in_the_repository_is_within_its_audiences_limits()
    {
        var report = ReadabilityGate.Check(Repo.DialogsDirectory);

        Assert.True(report.Findings.Count == 0, string.Join("\n", report.Findings));
        var gate = ReadabilityGate.Load(Repo.DialogsDirectory);
        Assert.Equal(["groep-1-2", "groep-3-5", "groep-6-8", "vo", "parent"], gate.Audiences.Keys);
        Assert.All(gate.Audiences.Keys, audience =>
        {
            var total = report.Total(audience);
            Assert.True(total.Words > 100, $"{audience}: only {total.Words} words measured");
            Assert.True(total.FleschDouma >= gate.Audiences[audience].MinFleschDouma, $"{audience}: {total}");
        });
        // The questions, their simpler versions and the buttons are measured, not only the texts.
        Assert.Contains(report.Texts, t => t.File == "pupil/vo.yaml" && t.Key == "questions.0.simpler");
        Assert.Contains(report.Texts, t => t.File == "pupil/groep-1-2.yaml" && t.Key == "scales.smiley.0.label");
        Assert.Contains(report.Texts, t => t.File == "common.yaml" && t.Key == "roles.parent.intro" && t.Audience == "parent");
        // Anyone in a Teams group chat reads this answer, not only teachers: measured as B1, unlike the rest of teams_app.
        Assert.Contains(report.Texts, t => t.File == "channels.yaml" && t.Key == "teams_app.personal_only" && t.Audience == "parent");
        Assert.DoesNotContain(report.Texts, t => t.Key.EndsWith(".id", StringComparison.Ordinal) || t.Key.Contains(".answers.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("groep-1-2")]
    [InlineData("groep-3-5")]
    [InlineData("groep-6-8")]
    [InlineData("vo")]
    public void A_hard_sentence_in_a_pupil_band_fails_with_file_key_and_score(string band)
    {
        Edit($"pupil/{band}.yaml", "    simpler: ", "    simpler: " + HardSentence + " ");

        var findings = ReadabilityGate.Check(root).Findings;

        var finding = Assert.Single(findings, f => f.Key == "questions.0.simpler" && f.Problem.StartsWith("Flesch-Douma", StringComparison.Ordinal));
        Assert.Equal((band, $"pupil/{band}.yaml"), (finding.Audience, finding.File));
        Assert.Matches(@"^dialogs/pupil/[a-z0-9-]+\.yaml: questions\.0\.simpler \([a-z0-9-]+\): Flesch-Douma -?\d+\.\d, below \d+", finding.ToString());
        Assert.Contains(findings, f => f.Key == "questions.0.simpler" && f.Problem.StartsWith("a sentence of 28 words", StringComparison.Ordinal));
    }

    [Fact]
    public void A_hard_sentence_in_parent_text_fails()
    {
        Edit("common.yaml", "      Welkom. Heeft u", "      " + HardSentence + "\n      Welkom. Heeft u");

        var findings = ReadabilityGate.Check(root).Findings;

        // The intro as a whole still reads easily; the hard sentence in it does not.
        Assert.Contains(findings, f => (f.File, f.Key, f.Audience) == ("common.yaml", "roles.parent.intro", "parent") && f.Problem.StartsWith("a sentence with Flesch-Douma", StringComparison.Ordinal));
        Assert.Contains(findings, f => (f.File, f.Key) == ("common.yaml", "roles.parent.intro") && f.Problem.Contains("'ondersteuningsbehoefte' has 7 syllables", StringComparison.Ordinal));
    }

    [Fact]
    public void A_text_the_parent_reads_easily_may_still_be_too_hard_for_a_young_pupil()
    {
        // Long enough to score, fine for a parent, too long a sentence for groep 1–2.
        const string Text = "Uw kind krijgt extra hulp bij lezen, en daarover maken we samen afspraken.";
        var gate = ReadabilityGate.Load(Repo.DialogsDirectory);

        Assert.Empty(gate.CheckText(new MeasuredText("x.yaml", "k", "parent", Text, Readability.Measure(Text))));
        Assert.NotEmpty(gate.CheckText(new MeasuredText("x.yaml", "k", "groep-1-2", Text, Readability.Measure(Text))));
    }

    [Fact]
    public void A_key_without_an_audience_in_a_pupil_file_fails()
    {
        Edit("pupil/groep-6-8.yaml", "band: groep-6-8\n", "band: groep-6-8\nnote: Een nieuwe tekst die niemand heeft ingedeeld.\n");

        var finding = Assert.Single(ReadabilityGate.Check(root).Findings);

        Assert.Equal(("pupil/groep-6-8.yaml", "note"), (finding.File, finding.Key));
        Assert.Contains("not classified", finding.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_file_fails_until_readability_yaml_says_who_reads_it_and_then_each_reply_counts_for_its_band()
    {
        File.WriteAllText(Path.Combine(root, "farewell.yaml"), """
            replies:
              groep-1-2: Dank je dat je het zegt. De juf helpt je.
              vo: Goed dat je dit vertelt. Je mentor gaat je helpen.
            after_reply:
              groep-3-5: Je juf of meester praat met je.
            sources: ["een bron"]
            """);

        Assert.Equal(("farewell.yaml", "(file)"), Assert.Single(ReadabilityGate.Check(root).Findings) is var f ? (f.File, f.Key) : default);

        // One entry under 'files' classifies a new file with a text per band (as safeguarding.yaml has).
        Edit(ReadabilityGate.FileName, "\nfiles:\n", """

            files:
              - file: farewell.yaml
                keys: { "replies.{audience}": from_key, "after_reply.{audience}": from_key, "sources.*": skip }

            """);
        var report = ReadabilityGate.Check(root);

        Assert.Empty(report.Findings);
        Assert.Equal(
            [("replies.groep-1-2", "groep-1-2"), ("replies.vo", "vo"), ("after_reply.groep-3-5", "groep-3-5")],
            report.Texts.Where(t => t.File == "farewell.yaml").Select(t => (t.Key, t.Audience)));
    }

    [Fact]
    public void A_helplines_name_is_exempt_from_the_long_word_check_only_while_readability_yaml_lists_it()
    {
        Assert.DoesNotContain(ReadabilityGate.Check(root).Findings, f => f.Problem.Contains("'Kindertelefoon'", StringComparison.Ordinal));

        Edit(ReadabilityGate.FileName, "proper_names: [Kindertelefoon,", "proper_names: [Veilig Thuis,");

        Assert.Contains(ReadabilityGate.Check(root).Findings, f => f.File == "safeguarding.yaml" && f.Problem.StartsWith("'Kindertelefoon' has 5 syllables", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("      texts.*: parent\n", "      texts.*: grootouder\n", "'grootouder' is not an audience")]
    [InlineData("    audience: groep-1-2\n    key_set: pupil_band\n", "    audience: kleuter\n    key_set: pupil_band\n", "unknown audience 'kleuter'")]
    [InlineData("    key_set: pupil_band\n", "    key_set: leerling\n", "unknown key_set 'leerling'")]
    [InlineData("    min_flesch_douma: 85\n", "    min_flesch_douma: veel\n", "'min_flesch_douma' must be a number")]
    public void A_broken_readability_yaml_is_refused_with_file_line_and_reason(string from, string to, string reason)
    {
        Edit(ReadabilityGate.FileName, from, to);

        var error = Assert.Throws<ContentException>(() => ReadabilityGate.Check(root));

        Assert.Contains("dialogs/readability.yaml:", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private void Edit(string file, string from, string to)
    {
        var path = Path.Combine(root, file);
        var text = File.ReadAllText(path);
        var at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{from}' is not in {file}");
        File.WriteAllText(path, string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length)));
    }
}
