using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Review;
using OppAssistant.Core.Tests.Drafting;

namespace OppAssistant.Core.Tests.Review;

/// <summary>What changed between two versions of a plan, per section, as the coordinator sees it in the next round.</summary>
public sealed class DraftChangesTests
{
    private static readonly DialogCatalog Dialogs = DialogCatalog.Load(Repo.DialogsDirectory);
    private static readonly DraftAssembler Assembler = new(Dialogs);

    [Fact]
    public void The_same_plan_has_no_changes()
    {
        var plan = DraftPlans.Complete();

        Assert.Empty(DraftChanges.Between(ReviewRecords.Snapshot(plan), plan, Assembler));
    }

    [Fact]
    public void A_changed_sentence_is_one_removed_and_one_added_in_its_own_section_and_a_new_one_is_added()
    {
        var before = ReviewRecords.Snapshot(DraftPlans.Complete());
        var after = DraftPlans.Complete();
        var goal = after.Goals[1];
        goal.SuccessCriterion = DraftPlans.Text("In vier van de vijf rekenlessen vraagt Fenna zelf om hulp.", "goal_success_criterion");
        after.Insight.OpenQuestions.Add(DraftPlans.Text("Helpt een koptelefoon bij de onrust na de gymles?", "insight_open_questions"));

        var changes = DraftChanges.Between(before, after, Assembler);

        Assert.Equal([DraftSectionKind.Insight, DraftSectionKind.Goals], changes.Select(c => c.Section));
        var insight = changes[0];
        Assert.Equal(Dialogs.Draft.Section(DraftSectionKind.Insight).Title, insight.Title);
        Assert.Contains("Helpt een koptelefoon bij de onrust na de gymles?", Assert.Single(insight.Added).Text, StringComparison.Ordinal);
        Assert.Empty(insight.Removed);
        var goals = changes[1];
        Assert.Contains("In vier van de vijf rekenlessen", Assert.Single(goals.Added).Text, StringComparison.Ordinal);
        Assert.Contains("In drie van de vier rekenlessen", Assert.Single(goals.Removed).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_removed_factor_shows_as_removed_only()
    {
        var before = DraftPlans.Complete();
        var after = DraftPlans.Complete();
        after.Factors.RemoveAll(f => f.Id == "f3");

        var change = Assert.Single(DraftChanges.Between(before, after, Assembler));

        Assert.Equal(DraftSectionKind.Overview, change.Section);
        Assert.Empty(change.Added);
        Assert.Contains("De tafels van 6 tot en met 9", Assert.Single(change.Removed).Text, StringComparison.Ordinal);
    }
}
