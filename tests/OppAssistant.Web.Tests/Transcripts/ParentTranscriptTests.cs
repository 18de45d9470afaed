using Microsoft.Extensions.DependencyInjection;
using OppAssistant.Core.Content;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Parent;

namespace OppAssistant.Web.Tests.Transcripts;

/// <summary>
/// parent-consent.transcript: the teacher (Teams) invites both parents; the mother (Web Chat) adds the home part, a
/// need with the hulpzin and her view, reads the handelingsdeel and agrees; the father, also with gezag, does not
/// agree and says why; the teacher opens the plan and is told. This test shows what was stored.
/// </summary>
public sealed class ParentTranscriptTests
{
    private const string Transcript = "parent-consent.transcript";
    private const string Reasons = "Ik wil eerst een gesprek over de extra instructie.";

    [Fact]
    public async Task A_parent_with_a_code_adds_the_home_part_and_consents_and_a_second_parents_niet_akkoord_blocks_vaststelling()
    {
        await using var run = await TranscriptReplayer.ReplayAsync(Transcript, record: false);
        var stored = new StoredTeacherData(run);
        var dialogs = run.Services.GetRequiredService<DialogCatalog>();
        var ct = TestContext.Current.CancellationToken;

        var plan = await stored.PlanAsync(await stored.StateAsync("a:transcript-parent-consent-teacher"));
        var parents = plan.Parents!;
        Assert.Equal(["Moeder", "Vader"], parents.Contributions.Select(c => c.Label));
        var mother = parents.Contributions[0];
        Assert.Equal(["Sem leest graag voor aan zijn zusje."], mother.GoesWellAtHome.Select(e => e.Text));
        Assert.Equal(["Huiswerk maken geeft vaak ruzie."], mother.HardAtHome.Select(e => e.Text));
        Assert.Equal(NeedKind.Parenting, Assert.Single(mother.Needs).Kind);
        Assert.Equal("Wij willen graag elke maand horen hoe het gaat.", mother.Zienswijze!.Text);
        Assert.Equal(Core.Conversation.Role.Parent, mother.Zienswijze.Source.Role);

        Assert.Equal(
            [("Moeder", ConsentDecision.Agreed, "directline"), ("Vader", ConsentDecision.NotAgreed, "directline")],
            parents.Consents.Select(c => (c.Label!, c.Decision, c.Channel)));
        Assert.Equal(Reasons, parents.Consents[1].Reasons!.Text);

        // Vaststelling is blocked by the father's niet akkoord, with his reasons.
        var check = ParentConsents.CanBeAdopted(plan);
        Assert.False(check.CanBeAdopted);
        Assert.Equal(Reasons, Assert.Single(check.Blocks).Consent!.Reasons!.Text);

        // The coordinator's queue has a notice; the audit trail has both decisions.
        var notice = await CoordinatorNotices.GetAsync(stored.Documents, Assert.Single(await CoordinatorNotices.ListAsync(stored.Documents, ct)), ct);
        Assert.Equal((plan.Id, CoordinatorNoticeKind.ParentNotAgreed), (notice!.OppId, notice.Kind));
        Assert.Equal(2, (await ConsentAudit.ListAsync(stored.Documents, plan.Id, ct)).Count);

        // The teacher was told with the reasons, and her draft shows the parents' words and both decisions.
        var teacherTexts = run.Replies.SelectMany(r => r).Select(a => (string?)a["text"] ?? "").ToList();
        Assert.Contains(teacherTexts, t => t.StartsWith(dialogs.Teacher.Text("parents_not_agreed", ("parent", "Vader"), ("reasons", Reasons))[..40], StringComparison.Ordinal));
        var draft = teacherTexts.Last(t => t.StartsWith("## ", StringComparison.Ordinal));
        Assert.Contains("Sem leest graag voor aan zijn zusje.", draft, StringComparison.Ordinal);
        Assert.Contains(dialogs.Draft.Label("parents_words"), draft, StringComparison.Ordinal);
        Assert.Contains("Niet akkoord, op 23 november 2026", draft, StringComparison.Ordinal);
        Assert.Contains(Reasons, draft, StringComparison.Ordinal);
    }
}
