using OppAssistant.Core.Content;
using OppAssistant.Core.Review;

namespace OppAssistant.Core.Tests.Review;

/// <summary>dialogs/checklist.yaml against the checks in the code: every id both ways, the outcomes, the placeholders, with file and line.</summary>
public sealed class ChecklistDialogTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "oppassistant-checklist-" + Guid.NewGuid().ToString("n"));

    public ChecklistDialogTests()
    {
        Directory.CreateDirectory(DialogsCopy);
        Repo.CopyPrompts(Path.Combine(root, "prompts"));
        Repo.CopyDialogs(DialogsCopy);
    }

    private string DialogsCopy => Path.Combine(root, "dialogs");

    private string FilePath => Path.Combine(DialogsCopy, "checklist.yaml");

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Every_check_in_the_code_has_an_entry_and_every_entry_a_check()
    {
        var dialog = DialogCatalog.Load(Repo.DialogsDirectory).Checklist;

        Assert.Equal(ReviewChecklist.Checks.Select(c => c.Id).Order(), dialog.Checks.Keys.Order());
        Assert.All(ReviewChecklist.Checks, check =>
        {
            var texts = dialog.Check(check.Id);
            Assert.Equal(check.Outcomes.Keys.Order(), texts.Texts.Keys.Order());
            Assert.Matches(@"^faq-brief .*§8 nr\. \d+", texts.Source);
            Assert.NotEmpty(texts.Basis);
        });
    }

    [Fact]
    public void Check_ids_are_unique_lower_snake_case()
    {
        var ids = ReviewChecklist.Checks.Select(c => c.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[a-z]+(_[a-z]+)*$", id));
    }

    [Fact]
    public void A_misspelled_check_id_points_at_its_line()
    {
        Rewrite(text => text.Replace("  factors_balance:", "  factors_balans:", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith($"dialogs/checklist.yaml:{LineOf("  factors_balans:")}:", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown check 'factors_balans'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_for_a_check_the_code_does_not_have_is_rejected_at_its_line()
    {
        File.AppendAllText(FilePath, "  extra_check:\n    title: \"x\"\n    pass: \"x\"\n    source: \"x\"\n    basis: [\"x\"]\n");

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith($"dialogs/checklist.yaml:{LineOf("  extra_check:")}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_check_is_named()
    {
        var text = File.ReadAllText(FilePath);
        var start = text.IndexOf("  adopted_with_consent:", StringComparison.Ordinal);
        File.WriteAllText(FilePath, text[..start]);

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Matches(@"^dialogs/checklist\.yaml:\d+:\d+: missing check 'adopted_with_consent'", error.Message);
    }

    [Fact]
    public void An_outcome_the_check_never_gives_is_rejected()
    {
        Rewrite(text => text.Replace(
            "    pass: \"Er staat een uitstroomperspectief in het plan.\"",
            "    pass: \"Er staat een uitstroomperspectief in het plan.\"\n    warn: \"Nooit.\"", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith($"dialogs/checklist.yaml:{LineOf("    warn: \"Nooit.\"")}:", error.Message, StringComparison.Ordinal);
        Assert.Contains("never gives warn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_outcome_is_rejected()
    {
        Rewrite(text => text.Replace("    fail: \"Nog niet ingevuld: {parts}. Deze onderdelen zijn verplicht in een OPP.\"\n", "", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Contains("check 'required_parts' can give fail: missing 'fail'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_placeholder_is_rejected_at_its_line()
    {
        Rewrite(text => text.Replace("Nog niet beslist over het handelingsdeel: {parents}.", "Nog niet beslist: {ouders}.", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith($"dialogs/checklist.yaml:{LineOf("Nog niet beslist: {ouders}.")}:", error.Message, StringComparison.Ordinal);
        Assert.Contains("{parents}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_file_is_classified_for_readability()
    {
        Assert.Contains("file: checklist.yaml", File.ReadAllText(Path.Combine(Repo.DialogsDirectory, "readability.yaml")), StringComparison.Ordinal);
    }

    private int LineOf(string text) => File.ReadAllLines(FilePath).ToList().FindIndex(l => l.Contains(text, StringComparison.Ordinal)) + 1;

    private void Rewrite(Func<string, string> change)
    {
        var before = File.ReadAllText(FilePath);
        var after = change(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(FilePath, after);
    }
}
