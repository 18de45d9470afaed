using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;

namespace OppAssistant.Core.Tests.Conversation;

/// <summary>The README shows the flow; the code is the source, and this test keeps the copy equal.</summary>
public sealed class FlowDiagramTests
{
    private const string Start = "<!-- session-flow:start (generated from SessionFlow; FlowDiagramTests keeps it equal) -->";
    private const string End = "<!-- session-flow:end -->";

    [Fact]
    public void The_readme_shows_the_session_flow_as_the_code_defines_it()
    {
        var expected = SessionFlow.ToMermaid(DialogCatalog.Load(Repo.DialogsDirectory).Common).ReplaceLineEndings("\n").Trim();
        var readme = File.ReadAllText(Repo.PathOf("README.md")).ReplaceLineEndings("\n");

        var from = readme.IndexOf(Start, StringComparison.Ordinal);
        Assert.Equal(from, readme.LastIndexOf(Start, StringComparison.Ordinal));
        var to = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"README.md needs the markers {Start} and {End} around a mermaid block:\n```mermaid\n{expected}\n```");
        var block = readme[(from + Start.Length)..to].Trim();
        var wanted = $"```mermaid\n{expected}\n```";
        if (block != wanted && Environment.GetEnvironmentVariable("OPPASSISTANT_UPDATE_DIAGRAMS") == "1")
        {
            // Regenerate on request (see README, "Change the flow"); the test still fails so the change is noticed.
            File.WriteAllText(Repo.PathOf("README.md"), readme[..(from + Start.Length)] + "\n" + wanted + "\n" + readme[to..]);
        }

        Assert.Equal(wanted, block);
    }
}
