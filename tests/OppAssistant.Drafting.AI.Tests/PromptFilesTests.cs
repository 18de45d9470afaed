using System.Text.Json;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;

namespace OppAssistant.Drafting.AI.Tests;

/// <summary>prompts/: every variable used is declared, every declared one is supplied, and every prompt states the rules.</summary>
public sealed class PromptFilesTests
{
    private static readonly OppAssistant.Core.Content.DialogCatalog Dialogs =
        OppAssistant.Core.Content.DialogCatalog.Load(Path.Combine(Path.GetDirectoryName(Repo.PromptsDirectory)!, "dialogs"));

    public static TheoryData<DraftingUse> Uses() => new(Enum.GetValues<DraftingUse>());

    [Theory]
    [MemberData(nameof(Uses))]
    public void Every_variable_used_is_declared_in_config_json_and_every_declared_one_is_used(DraftingUse use)
    {
        var used = DraftingPrompts.VariablesUsedIn(File.ReadAllText(PromptFile(use, "skprompt.txt")));

        Assert.NotEmpty(used);
        Assert.Equal(Declared(use).Order(), used.Order());
    }

    [Theory]
    [MemberData(nameof(Uses))]
    public void Every_declared_variable_is_supplied_by_the_code(DraftingUse use)
    {
        var prompts = DraftingPrompts.Load(Repo.PromptsDirectory, Dialogs);
        var plan = RichPlan.Create();
        var goal = plan.Goals[0];
        var supplied = use switch
        {
            DraftingUse.RephraseNeed => PromptInputs.RephraseNeed(new RephraseNeedRequest(plan, goal, NeedKind.TeacherSupport, null, "notitie"), prompts),
            DraftingUse.SuggestNeeds => PromptInputs.SuggestNeeds(new SuggestNeedsRequest(plan, goal, NeedKind.ParentSupport), prompts),
            DraftingUse.SmartGoalHints => PromptInputs.SmartGoalHints(new SmartGoalHintsRequest(plan, new ShortTermGoal()), prompts),
            DraftingUse.PlainDutchForParents => PromptInputs.PlainDutchForParents(new PlainDutchRequest(new OppDocument(), "Kop", "Tekst"), prompts),
            DraftingUse.ClassifyDisclosure => PromptInputs.ClassifyDisclosure(new DisclosureRequest("Antwoord", OppAssistant.Core.Pupil.AgeBand.Vo)),
            _ => throw new ArgumentOutOfRangeException(nameof(use)),
        };

        Assert.Equal(Declared(use).Order(), supplied.Keys.Order());
        Assert.All(supplied, pair => Assert.NotNull(pair.Value));
    }

    [Theory]
    [MemberData(nameof(Uses))]
    public void Every_prompt_states_the_rules(DraftingUse use)
    {
        var text = File.ReadAllText(PromptFile(use, "skprompt.txt"));

        Assert.Contains("Stel nooit een uitstroomperspectief, niveau, leerweg, schooltype, school of plaatsing voor", text, StringComparison.Ordinal);
        Assert.Contains("Daarover beslissen mensen", text, StringComparison.Ordinal);
        Assert.Contains("Verzin niets.", text, StringComparison.Ordinal);
        Assert.Contains("«LEERLING_1»", text, StringComparison.Ordinal);
        Assert.Contains("Neem ze letterlijk over", text, StringComparison.Ordinal);
        Assert.StartsWith("<message role=\"system\">", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hulpzinnen_cover_every_need_kind()
    {
        var prompts = DraftingPrompts.Load(Repo.PromptsDirectory, Dialogs);

        Assert.Equal(Enum.GetValues<NeedKind>().Order(), prompts.Frames.Keys.Order());
        Assert.Contains("om het onderwijsdoel te behalen, heeft deze leerling nodig:", prompts.Frames[NeedKind.Educational].Frame, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RephraseNeed/skprompt.txt", "{{$notitie}}", "{{$aantekening}}", "uses {{$aantekening}} but")]
    [InlineData("SuggestNeeds/skprompt.txt", "{{$factoren}}", "", "declares 'factoren' but")]
    [InlineData("SmartGoalHints/skprompt.txt", "</message>\n<message role=\"user\">", "", "must be one <message role=\"system\">")]
    [InlineData("PlainDutchForParents/skprompt.txt", "Kop: {{$kop}}", "Kop & {{$kop}}", "is not a chat prompt")]
    [InlineData("RephraseNeed/config.json", "\"schema\"", "schema", "config.json")]
    public void A_broken_prompt_file_fails_loudly_naming_the_file(string file, string find, string replace, string message)
    {
        var copy = CopyOfPrompts();
        var path = Path.Combine(copy, file);
        File.WriteAllText(path, File.ReadAllText(path).Replace(find, replace, StringComparison.Ordinal));

        var error = Assert.Throws<PromptException>(() => DraftingPrompts.Load(copy, Dialogs));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Directory.Delete(copy, recursive: true);
    }

    [Fact]
    public void A_missing_prompt_fails_loudly()
    {
        var copy = CopyOfPrompts();
        Directory.Delete(Path.Combine(copy, "SmartGoalHints"), recursive: true);

        var error = Assert.Throws<PromptException>(() => DraftingPrompts.Load(copy, Dialogs));

        Assert.Contains(Path.Combine("SmartGoalHints", "skprompt.txt") + " is missing", error.Message, StringComparison.Ordinal);
        Directory.Delete(copy, recursive: true);
    }

    private static string PromptFile(DraftingUse use, string name) => Path.Combine(Repo.PromptsDirectory, use.ToString(), name);

    private static IEnumerable<string> Declared(DraftingUse use)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(PromptFile(use, "config.json")));
        return config.RootElement.GetProperty("input_variables").EnumerateArray().Select(v => v.GetProperty("name").GetString()!).ToList();
    }

    private static string CopyOfPrompts()
    {
        var copy = Path.Combine(Path.GetTempPath(), "oppassistant-prompts-" + Guid.NewGuid().ToString("n"));
        foreach (var file in Directory.GetFiles(Repo.PromptsDirectory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(Repo.PromptsDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }
}
