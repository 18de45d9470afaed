using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;

namespace OppAssistant.Core.Tests.Content;

/// <summary>dialogs/review-page.yaml: every required text with its placeholders, one name per role, nothing unknown, errors with file and line.</summary>
public sealed class ReviewPageDialogTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "oppassistant-review-page-" + Guid.NewGuid().ToString("n"));

    public ReviewPageDialogTests()
    {
        Directory.CreateDirectory(DialogsCopy);
        Repo.CopyPrompts(Path.Combine(root, "prompts"));
        Repo.CopyDialogs(DialogsCopy);
    }

    private string DialogsCopy => Path.Combine(root, "dialogs");

    private string FilePath => Path.Combine(DialogsCopy, "review-page.yaml");

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void The_file_has_every_required_text_and_a_name_for_every_role()
    {
        var dialog = DialogCatalog.Load(Repo.DialogsDirectory).ReviewPage;

        Assert.Equal(ReviewPageDialog.RequiredTexts.Order(), dialog.Texts.Keys.Order());
        Assert.Equal(Enum.GetValues<Role>(), dialog.Roles.Keys.Order());
        Assert.Equal("OPP van Sam", dialog.Text("plan_heading", ("name", "Sam")));
        Assert.All(dialog.Sources.Values, sources => Assert.All(sources, s => Assert.Matches(@"^(faq-brief|stakeholders-and-law-brief) §\d", s)));
        Assert.Contains("file: review-page.yaml", File.ReadAllText(Path.Combine(Repo.DialogsDirectory, "readability.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_placeholder_points_at_its_line()
    {
        Rewrite(text => text.Replace("plan_heading: \"OPP van {name}\"", "plan_heading: \"OPP van de leerling\"", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith($"dialogs/review-page.yaml:{LineOf("plan_heading:")}:", error.Message, StringComparison.Ordinal);
        Assert.Contains("{name}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_text_or_role_is_rejected()
    {
        Rewrite(text => text.Replace("  page_title:", "  page_titel: \"x\"\n  page_title:", StringComparison.Ordinal));
        Assert.Contains("unknown texts 'page_titel'", Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy)).Message, StringComparison.Ordinal);

        Repo.CopyDialogs(Path.Combine(root, "fresh"));
        File.Copy(Path.Combine(root, "fresh", "review-page.yaml"), FilePath, overwrite: true);
        Rewrite(text => text.Replace("  pupil: \"leerling\"", "  pupil: \"leerling\"\n  school_leader: \"schoolleider\"", StringComparison.Ordinal));
        Assert.Contains("unknown roles 'school_leader'", Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy)).Message, StringComparison.Ordinal);
    }

    private void Rewrite(Func<string, string> change)
    {
        var before = File.ReadAllText(FilePath);
        var after = change(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(FilePath, after);
    }

    private int LineOf(string text) =>
        File.ReadAllLines(FilePath).Select((line, i) => (line, i)).First(l => l.line.Contains(text, StringComparison.Ordinal)).i + 1;
}
