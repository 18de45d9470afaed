using OppAssistant.Core.Content;

namespace OppAssistant.Core.Tests.Review;

/// <summary>dialogs/review.yaml is checked on load: keys, placeholders, commands and sources, each named with file and line.</summary>
public sealed class ReviewDialogTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "oppassistant-review-" + Guid.NewGuid().ToString("n"));

    private string DialogsCopy => Path.Combine(root, "dialogs");

    public ReviewDialogTests()
    {
        Directory.CreateDirectory(DialogsCopy);
        Repo.CopyPrompts(Path.Combine(root, "prompts"));
        Repo.CopyDialogs(DialogsCopy);
    }

    [Fact]
    public void Every_text_and_command_is_there_and_the_process_facts_have_sources()
    {
        var dialog = DialogCatalog.Load(Repo.DialogsDirectory).Review;

        Assert.All(ReviewDialog.RequiredTexts, key => Assert.False(string.IsNullOrWhiteSpace(dialog.Text(key))));
        Assert.All(ReviewDialog.RequiredCommands, key => Assert.NotEmpty(dialog.Commands[key]));
        Assert.All(["checklist_title", "approved", "notice_approved", "notice_evaluation_due", "consent_ready"], key => Assert.NotEmpty(dialog.Sources[key]));
        Assert.Contains(dialog.Sources["checklist_title"], s => s.StartsWith("faq-brief §8", StringComparison.Ordinal));
        Assert.Contains(dialog.Sources["notice_approved"], s => s.StartsWith("faq-brief §1.3", StringComparison.Ordinal));
        Assert.True(dialog.IsCommand("Opnieuw indienen", "submit"));
        Assert.True(dialog.IsCommand("ter review aanbieden", "submit"));
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        File.Delete(Path.Combine(DialogsCopy, "review.yaml"));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith("dialogs/review.yaml:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_with_a_wrong_placeholder_points_at_its_line()
    {
        var line = LineOf("  notice_returned:");
        Rewrite(text => text.Replace("“{reason}”\"\n  notice_comments", "“{reden}”\"\n  notice_comments", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith($"dialogs/review.yaml:{line}:", error.Message, StringComparison.Ordinal);
        Assert.Contains("'notice_returned' must use the placeholders {pupil}, {reason}, not {reden}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_text_is_named()
    {
        Rewrite(text => text.Replace("  offer_submit:", "  offer_to_submit:", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Contains("dialogs/review.yaml:", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing texts 'offer_submit'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_that_is_also_a_teachers_command_is_refused()
    {
        Rewrite(text => text.Replace("submit: [indienen,", "submit: [wijzigen, indienen,", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Contains("dialogs/review.yaml:", error.Message, StringComparison.Ordinal);
        Assert.Contains("'wijzigen' is already a command", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_for_a_text_that_does_not_exist_is_refused()
    {
        Rewrite(text => text.Replace("text_sources:\n", "text_sources:\n  no_such_text:\n    - \"x\"\n", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Contains("text_sources 'no_such_text'", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private int LineOf(string start) =>
        File.ReadAllLines(Path.Combine(DialogsCopy, "review.yaml")).ToList().FindIndex(l => l.StartsWith(start, StringComparison.Ordinal)) + 1;

    private void Rewrite(Func<string, string> change)
    {
        var path = Path.Combine(DialogsCopy, "review.yaml");
        var before = File.ReadAllText(path).ReplaceLineEndings("\n");
        var after = change(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(path, after);
    }
}
