using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;

namespace OppAssistant.Core.Tests.Evaluation;

/// <summary>dialogs/evaluation.yaml is checked on load: a broken file names its file and line.</summary>
public sealed class EvaluationDialogTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "oppassistant-evaluation-" + Guid.NewGuid().ToString("n"));

    private string DialogsCopy => Path.Combine(root, "dialogs");

    public EvaluationDialogTests()
    {
        Directory.CreateDirectory(DialogsCopy);
        Repo.CopyPrompts(Path.Combine(root, "prompts"));
        Repo.CopyDialogs(DialogsCopy);
    }

    [Fact]
    public void Every_text_button_and_outcome_is_there_and_the_facts_have_sources()
    {
        var dialog = DialogCatalog.Load(Repo.DialogsDirectory).Evaluation;

        Assert.All(EvaluationDialog.RequiredTexts, key => Assert.False(string.IsNullOrWhiteSpace(dialog.Text(key))));
        Assert.All(EvaluationDialog.RequiredButtons, key => Assert.False(string.IsNullOrWhiteSpace(dialog.Buttons[key])));
        Assert.All(Enum.GetValues<GoalOutcome>(), outcome => Assert.False(string.IsNullOrWhiteSpace(dialog.Outcomes[outcome])));
        Assert.All(["intro", "goal", "on_course", "new_version", "due"], key => Assert.NotEmpty(dialog.Sources[key]));
        Assert.All(dialog.Sources.Values.SelectMany(s => s), source => Assert.Matches(@"^(faq-brief|stakeholders-and-law-brief|PRODUCT\.md) §", source));
        Assert.True(dialog.IsCommand("Evalueren", "start"));
        Assert.True(dialog.IsCommand("stop", "stop"));
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        File.Delete(Path.Combine(DialogsCopy, "evaluation.yaml"));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith("dialogs/evaluation.yaml:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_text_is_named()
    {
        Rewrite(text => text.Replace("  which_plan:", "  which_opp:", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith("dialogs/evaluation.yaml:", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing texts 'which_plan'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_with_a_wrong_placeholder_points_at_its_line()
    {
        var line = LineOf("  due:");
        Rewrite(text => text.Replace("({date}) is bereikt", "({datum}) is bereikt", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith($"dialogs/evaluation.yaml:{line}:", error.Message, StringComparison.Ordinal);
        Assert.Contains("'due' must use the placeholders {date}, not {datum}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_outcome_points_at_its_line()
    {
        var line = LineOf("  not_reached: \"niet gehaald\"");
        Rewrite(text => text.Replace("  not_reached: \"niet gehaald\"", "  not_reached: \"niet gehaald\"\n  exceeded: \"ruim gehaald\"", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith($"dialogs/evaluation.yaml:{line + 1}:", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown outcomes 'exceeded'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_start_command_that_is_already_a_teacher_command_is_refused()
    {
        Rewrite(text => text.Replace("  start: [evalueren,", "  start: [concept, evalueren,", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Contains("command 'start': 'concept' is already a command", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private int LineOf(string start) =>
        File.ReadAllLines(Path.Combine(DialogsCopy, "evaluation.yaml")).ToList().FindIndex(l => l.StartsWith(start, StringComparison.Ordinal)) + 1;

    private void Rewrite(Func<string, string> change)
    {
        var path = Path.Combine(DialogsCopy, "evaluation.yaml");
        var before = File.ReadAllText(path).ReplaceLineEndings("\n");
        var after = change(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(path, after);
    }
}
