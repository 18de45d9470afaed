using OppAssistant.Core.Content;
using OppAssistant.Core.Pupil;

namespace OppAssistant.Core.Tests.Pupil;

/// <summary>dialogs/safeguarding.yaml loads with the other dialogs, says what it must, and a broken copy names its file and line.</summary>
public sealed class SafeguardingContentTests : IDisposable
{
    private const string FileName = "safeguarding.yaml";

    private static readonly SafeguardingContent Content = DialogCatalog.Load(Repo.DialogsDirectory).Safeguarding;

    private readonly string root = Path.Combine(Path.GetTempPath(), "oppassistant-safeguarding-" + Guid.NewGuid().ToString("n"));

    private string DialogsCopy => Path.Combine(root, "dialogs");

    public SafeguardingContentTests()
    {
        Directory.CreateDirectory(DialogsCopy);
        Repo.CopyPrompts(Path.Combine(root, "prompts"));
        Repo.CopyDialogs(DialogsCopy);
    }

    public static TheoryData<AgeBand> Bands() => new(Enum.GetValues<AgeBand>());

    [Theory]
    [MemberData(nameof(Bands))]
    public void Every_band_gets_the_help_numbers_and_hears_that_the_questions_stop(AgeBand band)
    {
        foreach (var text in new[] { Content.Reply(band), Content.AfterReply(band) })
        {
            Assert.Contains("0800-0432", text, StringComparison.Ordinal);
            Assert.Contains("112", text, StringComparison.Ordinal);
            Assert.Contains("Kindertelefoon", text, StringComparison.Ordinal);
        }
        // Honest: someone at school will be told, and it cannot stay a secret.
        Assert.Contains("niet geheim", Content.Reply(band), StringComparison.Ordinal);
        Assert.Contains("school", Content.Reply(band), StringComparison.Ordinal);
        Assert.Contains("stoppen nu", Content.Reply(band), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Bands))]
    public void Pupil_texts_are_short_sentences(AgeBand band)
    {
        foreach (var text in new[] { Content.Reply(band), Content.AfterReply(band) })
        {
            var sentences = text.Split(['.', '?', '!', ':', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.All(sentences, s => Assert.True(s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 12, $"too long for a pupil: '{s}'"));
        }
    }

    [Fact]
    public void Every_category_has_a_label_and_the_file_its_sources()
    {
        Assert.All(Enum.GetValues<DisclosureCategory>(), c => Assert.False(string.IsNullOrWhiteSpace(Content.Label(c))));
        Assert.Contains(Content.Sources, s => s.Contains("issue 5", StringComparison.Ordinal) && s.Contains("0800-0432", StringComparison.Ordinal));
        Assert.Contains(Content.Sources, s => s.Contains("S160", StringComparison.Ordinal) && s.Contains("S161", StringComparison.Ordinal));
    }

    [Fact]
    public void The_alert_names_pupil_group_time_category_and_detection_and_points_to_the_meldcode()
    {
        var alert = new SafeguardingAlert("a1", new DateTimeOffset(2026, 3, 12, 9, 5, 0, TimeSpan.Zero), DisclosureCategory.HomeViolence, DisclosureDetection.Ai, "Papa slaat mama.", "c1")
        {
            PupilName = "Sem",
            GroupOrYear = "groep 6",
        };

        var text = Content.AlertText(alert);

        Assert.Contains("Sem", text, StringComparison.Ordinal);
        Assert.Contains("groep 6", text, StringComparison.Ordinal);
        Assert.Contains("12-3-2026", text, StringComparison.Ordinal);
        Assert.Contains(Content.Label(DisclosureCategory.HomeViolence), text, StringComparison.Ordinal);
        Assert.Contains(Content.DetectionLabel(DisclosureDetection.Ai), text, StringComparison.Ordinal);
        Assert.Contains("meldcode huiselijk geweld en kindermishandeling", text, StringComparison.Ordinal);
        Assert.Contains("Veilig Thuis", text, StringComparison.Ordinal);
        Assert.Contains("0800 2000", text, StringComparison.Ordinal);
        Assert.DoesNotContain("slaat", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("{", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alert_before_any_code_still_reads_well()
    {
        var text = Content.AlertText(new SafeguardingAlert("a2", DateTimeOffset.UnixEpoch, DisclosureCategory.Suicidal, DisclosureDetection.PhraseList, "ik wil dood", "c2"));

        Assert.Contains(Content.DetectionLabel(DisclosureDetection.PhraseList), text, StringComparison.Ordinal);
        Assert.DoesNotContain("{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ik wil dood", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_band_is_refused()
    {
        Rewrite(yaml =>
        {
            var start = yaml.IndexOf("\n  vo:\n", StringComparison.Ordinal);
            var end = yaml.IndexOf("\n# For the school's designated person", StringComparison.Ordinal);
            return yaml[..start] + "\n" + yaml[end..];
        });

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith($"dialogs/{FileName}:", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing band 'vo'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_placeholder_in_the_alert_is_refused_with_its_line()
    {
        Rewrite(yaml => yaml.Replace("- Leerling: {pupil}", "- Leerling: {leerling}", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Matches(@"^dialogs/safeguarding\.yaml:\d+:\d+: 'text' must use the placeholders \{category\}, \{pupil\}, \{group\}, \{time\}, \{detection\}, not \{leerling\}", error.Message);
    }

    [Fact]
    public void A_placeholder_in_a_pupil_text_is_refused()
    {
        Rewrite(yaml => yaml.Replace("We stoppen nu met de vragen.", "We stoppen nu met de vragen, {pupil}.", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Contains("'reply' must use the placeholders {}, not {pupil}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  self_harm:\n", "  self_hurt:\n", "unknown category 'self_hurt'")]
    [InlineData("  suicidal:\n    label:", "  zzz_suicidal:\n    label:", "unknown category 'zzz_suicidal'")]
    [InlineData("      - id: kicks_me\n", "      - id: hits_me\n", "phrase id 'hits_me' is used twice")]
    [InlineData("          - \"liever dood\"\n", "          - \"*d\"\n", "a word with * needs at least 3 letters")]
    [InlineData("  \"aan doen\": aandoen\n", "  \"aan\": aandoen\n", "join 'aan' must be two or more words")]
    [InlineData("  unknown_group:", "  unknown_grop:", "unknown key 'unknown_grop'")]
    [InlineData("max_gap: 1", "max_gap: 9", "'max_gap' must be a whole number from 0 to 4")]
    public void A_broken_file_is_refused_with_file_and_line(string find, string replace, string message)
    {
        Rewrite(yaml => yaml.Replace(find, replace, StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Matches(@"^dialogs/safeguarding\.yaml:\d+:\d+: ", error.Message);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_category_is_refused()
    {
        Rewrite(yaml =>
        {
            var start = yaml.IndexOf("\n  self_harm:\n", StringComparison.Ordinal);
            var end = yaml.IndexOf("\n  suicidal:\n", StringComparison.Ordinal);
            return yaml[..start] + yaml[end..];
        });

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Contains("missing category 'self_harm'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_refused()
    {
        File.Delete(Path.Combine(DialogsCopy, FileName));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Contains($"dialogs/{FileName}: the file is missing", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private void Rewrite(Func<string, string> change)
    {
        var path = Path.Combine(DialogsCopy, FileName);
        var before = File.ReadAllText(path);
        var after = change(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(path, after);
    }
}
