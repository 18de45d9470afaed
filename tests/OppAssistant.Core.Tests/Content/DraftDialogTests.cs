using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Tests.Content;

/// <summary>draft.yaml is loaded with the other dialogs and checked, with errors that name the file and line.</summary>
public sealed class DraftDialogTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "oppassistant-draft-" + Guid.NewGuid().ToString("n"));

    /// <summary>A copy of dialogs/, with prompts/ beside it as in the repository.</summary>
    private string DialogsCopy => Path.Combine(root, "dialogs");

    public DraftDialogTests()
    {
        Directory.CreateDirectory(DialogsCopy);
        Repo.CopyPrompts(Path.Combine(root, "prompts"));
        Repo.CopyDialogs(DialogsCopy);
    }

    [Fact]
    public void The_draft_dialog_of_the_repository_has_every_text_and_a_source_for_every_required_part()
    {
        var draft = DialogCatalog.Load(Repo.DialogsDirectory).Draft;

        Assert.Equal(Enum.GetValues<DraftSectionKind>(), draft.Sections.Select(s => s.Kind));
        Assert.All(draft.Sections, s => Assert.NotEmpty(s.Sources));
        Assert.Equal(DraftDialog.PendingSections, draft.Sections.Where(s => s.Pending is not null).Select(s => s.Kind));
        Assert.All(DraftDialog.RequiredLabels, key => Assert.False(string.IsNullOrWhiteSpace(draft.Label(key))));
        Assert.Equal(Enum.GetValues<NeedKind>().Order(), draft.Needs.Select(n => n.Kind).Order());
        Assert.All(draft.Needs, n => Assert.NotEmpty(n.Sources));
        Assert.Equal(Enum.GetValues<MissingPartKind>(), draft.Missing.Parts.Select(p => p.Kind));
        Assert.All(draft.Missing.Parts, p => Assert.NotEmpty(p.Sources));
        Assert.Equal(3, draft.Provenance.Marks.Select(m => m.Marker).Distinct().Count());
        Assert.NotEmpty(draft.Length.Sources);
        Assert.Equal(Enum.GetValues<GoalDomain>().Length, draft.Domains.Count);
    }

    [Theory]
    [InlineData("  insight:\n    title:", "  inzicht:\n    title:", "sections must be exactly pupil, overview, insight, perspective, goals, action_part, evaluation, pupil_voice, parents, in this order")]
    [InlineData("    parents_consent:\n", "    parents_agree:\n", "'parts': unknown key 'parents_agree'")]
    [InlineData("text: \"Doel {n} mist nog: {parts}.\"", "text: \"Doel mist nog: {parts}.\"", "'goal_incomplete' must use the placeholders {n}, {parts}")]
    [InlineData("  goal: \"Doel {n}\"", "  goal: \"Doel {nummer}\"", "'goal' must use the placeholders {n}, not {nummer}")]
    [InlineData("    title: \"Leerling en aanleiding\"\n", "    title: \"Leerling en aanleiding\"\n    pending: \"Volgt nog.\"\n", "section 'pupil': 'pending' is only for pupil_voice and parents")]
    [InlineData("    title: \"Inbreng van de ouders\"\n    pending:", "    title: \"Inbreng van de ouders\"\n    pendng:", "section 'parents' needs 'pending'")]
    [InlineData("  consent_not_agreed: \"Niet akkoord, op {date}\"\n", "", "'labels': missing 'consent_not_agreed'")]
    [InlineData("    marker: \"[S]\"", "    marker: \"[P]\"", "the marker '[P]' is used for more than one origin")]
    [InlineData("  wellbeing: \"Welbevinden\"", "  wellness: \"Welbevinden\"", "'domains': unknown key 'wellness'")]
    [InlineData("  estimate: \"Geschatte lengte: ongeveer {pages} A4. Streef naar ongeveer {target} A4.\"", "  estimate: \"Ongeveer {pages} A4.\"", "'estimate' must use the placeholders {pages}, {target}")]
    public void Broken_content_is_refused_with_the_file_line_and_reason(string from, string to, string reason)
    {
        Rewrite(text => text.Replace(from, to, StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Matches(@"^dialogs/draft\.yaml:\d+:\d+: ", error.Message);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_missing_part_points_at_its_own_line()
    {
        var line = LineOf("    parents_consent:\n");
        Rewrite(text => text.Replace("    parents_consent:\n", "    parents_agree:\n", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith($"dialogs/draft.yaml:{line}:5: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_part_without_sources_is_refused_at_its_line()
    {
        const string Sources = "      sources:\n        - \"stakeholders-and-law-brief §2.5: instemmingsrecht op het handelingsdeel; zonder instemming geen vaststelling (002 L389–390, L1002–1004)\"\n";
        var line = LineOf("    parents_consent:\n") + 1;
        Rewrite(text => text.Replace(Sources, "", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith($"dialogs/draft.yaml:{line}:", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing 'sources'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_yaml_names_the_file_and_line()
    {
        File.AppendAllText(Path.Combine(DialogsCopy, "draft.yaml"), "\n  bad: [unclosed\n");

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Matches(@"^dialogs/draft\.yaml:\d+:\d+: not valid YAML", error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        File.Delete(Path.Combine(DialogsCopy, "draft.yaml"));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith("dialogs/draft.yaml: the file is missing", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private int LineOf(string text)
    {
        var yaml = File.ReadAllText(Path.Combine(DialogsCopy, "draft.yaml"));
        var index = yaml.IndexOf(text, StringComparison.Ordinal);
        Assert.True(index >= 0, $"draft.yaml has no '{text}'");
        return yaml[..index].Count(c => c == '\n') + 1;
    }

    private void Rewrite(Func<string, string> change)
    {
        var path = Path.Combine(DialogsCopy, "draft.yaml");
        var before = File.ReadAllText(path);
        var after = change(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(path, after);
    }
}
