using OppAssistant.Core.Content;

namespace OppAssistant.Documents.Tests;

public sealed class KindversieDialogTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("kindversie-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void The_file_has_every_text_and_no_other()
    {
        var dialog = KindversieDialog.Load(Repo.DialogsDirectory);

        Assert.Equal(KindversieDialog.RequiredTexts.Order(), dialog.Texts.Keys.Order());
        Assert.Equal("Dit zei jij", dialog.Text("you_said"));
    }

    [Theory]
    [InlineData("  closing:", "  closed:", "unknown text 'closed'")]
    [InlineData("  title: \"Jouw plan, {name}\"", "  title: \"Jouw plan\"", "'title' must use the placeholders {name}")]
    [InlineData("  intro:", "  # intro:", "missing text 'intro'")]
    public void A_broken_file_is_refused_with_file_line_and_reason(string from, string to, string reason)
    {
        var text = File.ReadAllText(Path.Combine(Repo.DialogsDirectory, KindversieDialog.FileName));
        Assert.Contains(from, text, StringComparison.Ordinal);
        var edited = text.Replace(from, to, StringComparison.Ordinal);
        if (to.StartsWith("  #", StringComparison.Ordinal))
        {
            // Comment the rest of that line's text out too, so the key is gone.
            edited = string.Join('\n', edited.Split('\n').Select(l => l.StartsWith("  # intro:", StringComparison.Ordinal) ? "  # intro" : l));
        }
        File.WriteAllText(Path.Combine(root, KindversieDialog.FileName), edited);

        var error = Assert.Throws<ContentException>(() => KindversieDialog.Load(root));
        Assert.StartsWith("dialogs/kindversie.yaml:", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
