using OppAssistant.Core.Content;

namespace OppAssistant.Core.Tests.Lifecycle;

/// <summary>dialogs/lifecycle.yaml is checked on load: a broken file names its file and line.</summary>
public sealed class LifecycleDialogTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "oppassistant-lifecycle-" + Guid.NewGuid().ToString("n"));

    private string DialogsCopy => Path.Combine(root, "dialogs");

    public LifecycleDialogTests()
    {
        Directory.CreateDirectory(DialogsCopy);
        Repo.CopyPrompts(Path.Combine(root, "prompts"));
        Repo.CopyDialogs(DialogsCopy);
    }

    [Fact]
    public void Every_refusal_text_is_there_and_the_facts_have_sources()
    {
        var dialog = DialogCatalog.Load(Repo.DialogsDirectory).Lifecycle;

        Assert.All(LifecycleDialog.RequiredTexts, key => Assert.False(string.IsNullOrWhiteSpace(dialog.Text(key))));
        Assert.All(["states", "no_consent", "not_agreed", "pupil_voice_not_weighed"], key => Assert.NotEmpty(dialog.Sources[key]));
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        File.Delete(Path.Combine(DialogsCopy, "lifecycle.yaml"));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith("dialogs/lifecycle.yaml:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_state_without_a_Dutch_name_names_the_file_and_line()
    {
        var line = LineOf("states:");
        Rewrite(text => text.Replace("  awaiting_consent:", "  waiting_for_consent:", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith($"dialogs/lifecycle.yaml:{line + 1}:", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing 'awaiting_consent'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_step_points_at_its_line()
    {
        var line = LineOf("  evaluate:");
        Rewrite(text => text.Replace("  evaluate:", "  evaluate: \"evalueren\"\n  reopen:", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith($"dialogs/lifecycle.yaml:{line + 1}:", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown triggers 'reopen'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_with_a_wrong_placeholder_points_at_its_line()
    {
        var line = LineOf("  not_agreed:");
        Rewrite(text => text.Replace("{parent} (met gezag)", "{ouder} (met gezag)", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith($"dialogs/lifecycle.yaml:{line}:", error.Message, StringComparison.Ordinal);
        Assert.Contains("'not_agreed' must use the placeholders {parent}, {reasons}, not {ouder}", error.Message, StringComparison.Ordinal);
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
        File.ReadAllLines(Path.Combine(DialogsCopy, "lifecycle.yaml")).ToList().FindIndex(l => l.StartsWith(start, StringComparison.Ordinal)) + 1;

    private void Rewrite(Func<string, string> change)
    {
        var path = Path.Combine(DialogsCopy, "lifecycle.yaml");
        var before = File.ReadAllText(path).ReplaceLineEndings("\n");
        var after = change(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(path, after);
    }
}
