using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;

namespace OppAssistant.Core.Tests.Content;

public sealed class DialogCatalogTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "oppassistant-dialogs-" + Guid.NewGuid().ToString("n"));

    /// <summary>A copy of dialogs/, with prompts/ beside it as in the repository.</summary>
    private string DialogsCopy => Path.Combine(root, "dialogs");

    public DialogCatalogTests()
    {
        Directory.CreateDirectory(DialogsCopy);
        Repo.CopyPrompts(Path.Combine(root, "prompts"));
        Repo.CopyDialogs(DialogsCopy);
    }

    [Fact]
    public void The_dialogs_of_the_repository_load_with_every_role_and_text()
    {
        var catalog = DialogCatalog.Load(Repo.DialogsDirectory);

        Assert.Equal(Enum.GetValues<Role>().Order(), catalog.Common.Roles.Select(r => r.Role).Order());
        Assert.All(CommonDialog.RequiredTexts, key => Assert.False(string.IsNullOrWhiteSpace(catalog.Common.Text(key))));
        Assert.All(catalog.Common.Roles, role => Assert.NotEmpty(role.Sources));
    }

    [Fact]
    public void Role_answers_do_not_overlap_so_a_typed_role_is_never_ambiguous()
    {
        var catalog = DialogCatalog.Load(Repo.DialogsDirectory);

        var answers = catalog.Common.Roles.SelectMany(r => r.Answers.Select(a => (Answer: TextMatcher.Normalize(a), r.Role))).ToList();

        Assert.Equal(answers.Count, answers.Select(a => a.Answer).Distinct().Count());
    }

    [Fact]
    public void A_missing_text_names_the_file_and_line()
    {
        Rewrite("common.yaml", text => text.Replace("  ask_role:", "  asked_role:", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith("dialogs/common.yaml:", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing text 'ask_role'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_teams_answer_for_channels_is_required_and_its_sources_must_name_a_text()
    {
        Rewrite("channels.yaml", text => text.Replace("  teams_app.personal_only:", "  teams_app.personal_onyl:", StringComparison.Ordinal));
        var unknown = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));
        Rewrite("channels.yaml", text => text.Replace("  personal_only: |", "  private_only: |", StringComparison.Ordinal));
        var missing = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Contains("'text_sources': there is no text 'teams_app.personal_onyl'", unknown.Message, StringComparison.Ordinal);
        Assert.StartsWith("dialogs/channels.yaml:", missing.Message, StringComparison.Ordinal);
        Assert.Contains("personal_only", missing.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(DialogCatalog.Load(Repo.DialogsDirectory).Channels.PersonalOnly));
    }

    [Fact]
    public void An_unknown_role_points_at_its_line()
    {
        var lines = File.ReadAllLines(Path.Combine(DialogsCopy, "common.yaml")).ToList();
        var line = lines.FindIndex(l => l == "  pupil:") + 1;
        Rewrite("common.yaml", text => text.Replace("  pupil:", "  student:", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith($"dialogs/common.yaml:{line}:", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown role 'student'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_yaml_names_the_file_and_line()
    {
        File.AppendAllText(Path.Combine(DialogsCopy, "channels.yaml"), "\n  bad: [unclosed\n");

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Matches(@"^dialogs/channels\.yaml:\d+:\d+: not valid YAML", error.Message);
    }

    [Fact]
    public void An_empty_list_of_answers_is_rejected()
    {
        Rewrite("common.yaml", text => text.Replace(
            "answers: [ouder, ouders, verzorger, moeder, vader, mama, papa, voogd, parent]", "answers: []", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.Contains("'answers' must be a non-empty list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_says_which_setting_to_fix()
    {
        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(Path.Combine(DialogsCopy, "nope")));

        Assert.Contains("Content:DialogsDirectory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hulpzin_category_named_like_a_command_is_refused()
    {
        var frames = Path.Combine(root, "prompts", "hulpzinnen.yaml");
        File.WriteAllText(frames, File.ReadAllText(frames).Replace("label: Uitleg thuis", "label: Help", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith("prompts/hulpzinnen.yaml:", error.Message, StringComparison.Ordinal);
        Assert.Contains("category label 'Help' is also a command", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_suggestion_for_a_category_the_frame_does_not_have_is_refused()
    {
        var suggestions = Path.Combine(root, "prompts", "need-suggestions.yaml");
        File.WriteAllText(suggestions, File.ReadAllText(suggestions).Replace("category: tasks", "category: homework", StringComparison.Ordinal));

        var error = Assert.Throws<ContentException>(() => DialogCatalog.Load(DialogsCopy));

        Assert.StartsWith("prompts/need-suggestions.yaml:", error.Message, StringComparison.Ordinal);
        Assert.Contains("'homework' is not a category of educational", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private void Rewrite(string file, Func<string, string> change)
    {
        var path = Path.Combine(DialogsCopy, file);
        var before = File.ReadAllText(path);
        var after = change(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(path, after);
    }
}
