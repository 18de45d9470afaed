using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Teacher;

namespace OppAssistant.Core.Tests.Conversation;

/// <summary>The README shows the flows; the code is the source, and this test keeps each copy equal.</summary>
public sealed class FlowDiagramTests
{
    private static readonly DialogCatalog Dialogs = DialogCatalog.Load(Repo.DialogsDirectory);

    public static TheoryData<string> Flows => ["session-flow", "teacher-flow", "need-drafting", "pupil-flow", "parent-questions", "parent-plan", "opp-lifecycle", "coordinator-flow"];

    [Theory]
    [InlineData("evaluation-flow")]
    [MemberData(nameof(Flows))]
    public void The_readme_shows_the_flow_as_the_code_defines_it(string flow)
    {
        var (diagram, generator) = flow switch
        {
            "session-flow" => (SessionFlow.ToMermaid(Dialogs.Common), nameof(SessionFlow)),
            "teacher-flow" => (TeacherFlow.ToMermaid(Dialogs), nameof(TeacherFlow)),
            "pupil-flow" => (Core.Pupil.PupilFlow.ToMermaid(Dialogs), nameof(Core.Pupil.PupilFlow)),
            "parent-questions" => (Core.Parent.ParentFlow.ToMermaid(Dialogs), nameof(Core.Parent.ParentFlow)),
            "parent-plan" => (Core.Parent.ParentPlanFlow.ToMermaid(Dialogs), nameof(Core.Parent.ParentPlanFlow)),
            "evaluation-flow" => (Core.Evaluation.EvaluationFlow.ToMermaid(Dialogs), nameof(Core.Evaluation.EvaluationFlow)),
            "opp-lifecycle" => (Core.Lifecycle.OppLifecycle.ToMermaid(Dialogs), nameof(Core.Lifecycle.OppLifecycle)),
            "coordinator-flow" => (Core.Review.CoordinatorFlow.ToMermaid(Dialogs), nameof(Core.Review.CoordinatorFlow)),
            _ => (NeedDrafting.ToMermaid(Dialogs.Teacher, Dialogs.Needs), nameof(NeedDrafting)),
        };
        var expected = diagram.ReplaceLineEndings("\n").Trim();
        var start = $"<!-- {flow}:start (generated from {generator}; FlowDiagramTests keeps it equal) -->";
        var end = $"<!-- {flow}:end -->";
        var readme = File.ReadAllText(Repo.PathOf("README.md")).ReplaceLineEndings("\n");

        var from = readme.IndexOf(start, StringComparison.Ordinal);
        Assert.Equal(from, readme.LastIndexOf(start, StringComparison.Ordinal));
        var to = readme.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"README.md needs the markers {start} and {end} around a mermaid block:\n```mermaid\n{expected}\n```");
        var block = readme[(from + start.Length)..to].Trim();
        var wanted = $"```mermaid\n{expected}\n```";
        if (block != wanted && Environment.GetEnvironmentVariable("OPPASSISTANT_UPDATE_DIAGRAMS") == "1")
        {
            // Regenerate on request (see README, "Change the flow"); the test still fails so the change is noticed.
            File.WriteAllText(Repo.PathOf("README.md"), readme[..(from + start.Length)] + "\n" + wanted + "\n" + readme[to..]);
        }

        Assert.Equal(wanted, block);
    }
}
