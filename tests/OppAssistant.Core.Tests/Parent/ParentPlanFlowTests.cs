using System.Text.Json;
using System.Text.RegularExpressions;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Opp;
using OppAssistant.Core.Parent;
using OppAssistant.Core.Tests.Teacher;
using OppAssistant.Core.Turns;

namespace OppAssistant.Core.Tests.Parent;

/// <summary>
/// A teacher invites the parents of her plan; each parent comes in with a code, tells about home, writes needs with
/// the hulpzinnen, gives a view and, with gezag, agrees or not; the teacher and the coordinator are told.
/// </summary>
public sealed partial class ParentPlanFlowTests
{
    private static readonly DialogCatalog Dialogs = TeacherConversation.Dialogs;
    private static readonly ParentPlanDialog Parent = Dialogs.ParentPlan;

    private static string T(string key, params (string, string)[] values) => Parent.Text(key, values);

    [Fact]
    public async Task A_parent_with_a_code_adds_the_home_part_and_gives_consent_and_the_teachers_plan_shows_both()
    {
        var (teacher, code) = await InvitedAsync();
        var parent = ParentChat(teacher, "parent-1");

        await parent.OpenAsync();
        await parent.SayAsync(code.ToLowerInvariant());
        Assert.Equal([T("welcome", ("pupil", "Sem")), T("who_reads")], parent.Last.Take(2).Select(r => r.Text));
        Assert.Contains(T("ask_label", ("pupil", "Sem")), parent.LastText, StringComparison.Ordinal);
        Assert.Equal(Role.Parent, (await parent.StateAsync()).Role);

        await parent.SayAsync("mama");
        Assert.Contains(T("ask_custody", ("pupil", "Sem")), parent.LastText, StringComparison.Ordinal);
        await parent.SubmitAsync(("action", ParentPlanFlow.CardAction), ("step", "custody"), ("value", "yes"));
        Assert.Equal(T("home_intro"), parent.Last[0].Text);
        Assert.Contains(T("ask_goes_well", ("pupil", "Sem")), parent.LastText, StringComparison.Ordinal);

        // The home circle: a list with "nog een?".
        await parent.SayAsync("  Sem leest graag voor aan zijn zusje.  ");
        Assert.Contains(T("ask_more"), parent.LastText, StringComparison.Ordinal);
        await parent.SayAsync("ja");
        Assert.Contains(T("ask_goes_well", ("pupil", "Sem")), parent.LastText, StringComparison.Ordinal);
        await parent.SayAsync("Hij helpt graag met koken.");
        await parent.SayAsync("nee");
        Assert.Contains(T("ask_hard", ("pupil", "Sem")), parent.LastText, StringComparison.Ordinal);
        await parent.SayAsync("Huiswerk maken geeft vaak ruzie.");
        await parent.SubmitAsync(("action", ParentPlanFlow.CardAction), ("step", "hard"), ("value", "no"));

        // Opvoedbehoeften with the hulpzin of the handreiking, tied to the plan's goal; the parent completes the sentence.
        Assert.Equal(T("needs_intro_parenting", ("pupil", "Sem")), parent.Last[0].Text);
        Assert.Contains(T("need_choose", ("goal", "Sem leest een AVI-E5 tekst.")), parent.LastText, StringComparison.Ordinal);
        Assert.Contains(Dialogs.Needs.For(NeedKind.Parenting).Categories[0].Label, parent.LastText, StringComparison.Ordinal);
        await parent.SubmitAsync(("action", ParentPlanFlow.CardAction), ("step", "need_category"), ("value", "explanation"));
        Assert.Contains("Om het doel “Sem leest een AVI-E5 tekst” te behalen, heeft Sem thuis nodig: uitleg die …", parent.LastText, StringComparison.Ordinal);
        await parent.SayAsync("kort en rustig is");
        var parenting = "Om het doel “Sem leest een AVI-E5 tekst” te behalen, heeft Sem thuis nodig: uitleg die kort en rustig is.";
        Assert.Equal(T("need_added", ("need", parenting)), parent.Last[0].Text);
        await parent.SayAsync("verder");

        // The parents' own ondersteuningsbehoeften, chosen by typing the category's name.
        Assert.Equal(T("needs_intro_support", ("pupil", "Sem")), parent.Last[0].Text);
        await parent.SayAsync("Uitleg, kennis of inzicht");
        await parent.SayAsync("laat zien hoe we thuis kunnen oefenen");
        await parent.SayAsync("verder");

        // With gezag: the handelingsdeel in plain Dutch, then the zienswijze and the decision.
        Assert.Equal(T("plan_intro"), parent.Last[0].Text);
        Assert.Contains(Parent.PlainSections[Core.Drafting.DraftSectionKind.ActionPart], parent.Last[1].Text!, StringComparison.Ordinal);
        Assert.Contains("Extra leesinstructie.", parent.Last[1].Text!, StringComparison.Ordinal);
        Assert.Contains(T("ask_zienswijze"), parent.LastText, StringComparison.Ordinal);
        await parent.SayAsync("Wij willen graag elke maand horen hoe het gaat.");
        Assert.Contains(T("ask_consent"), parent.LastText, StringComparison.Ordinal);
        await parent.SubmitAsync(("action", ParentPlanFlow.CardAction), ("step", "consent"), ("value", "agree"));
        Assert.Contains(T("ask_reasons_agreed"), parent.LastText, StringComparison.Ordinal);
        await parent.SayAsync("nee");
        Assert.Equal(T("goodbye_agreed"), Assert.Single(parent.Last).Text);

        var plan = await teacher.PlanAsync();
        var contribution = Assert.Single(plan.Parents!.Contributions);
        Assert.Equal(("Moeder", true, "directline"), (contribution.Label, contribution.HasCustody!.Value, contribution.Channel));
        Assert.Equal(["Sem leest graag voor aan zijn zusje.", "Hij helpt graag met koken."], contribution.GoesWellAtHome.Select(e => e.Text));
        Assert.Equal(["Huiswerk maken geeft vaak ruzie."], contribution.HardAtHome.Select(e => e.Text));
        Assert.Equal([NeedKind.Parenting, NeedKind.ParentSupport], contribution.Needs.Select(n => n.Kind));
        Assert.Equal(parenting, contribution.Needs[0].Text);
        Assert.Equal(plan.Goals[0].Id, contribution.Needs[0].GoalId);
        Assert.StartsWith("Als ouder wil ik bereiken dat Sem dit doel haalt", contribution.Needs[1].Text, StringComparison.Ordinal);
        Assert.Equal("Wij willen graag elke maand horen hoe het gaat.", contribution.Zienswijze!.Text);
        Assert.All(contribution.GoesWellAtHome.Concat(contribution.HardAtHome).Append(contribution.Zienswijze).Select(e => e.Source)
            .Concat(contribution.Needs.Select(n => n.Source)), s => Assert.Equal(Role.Parent, s.Role));
        var consent = Assert.Single(plan.Parents.Consents);
        Assert.Equal((ConsentDecision.Agreed, "Moeder", true, "directline", "parent-1"), (consent.Decision, consent.Label, consent.HasCustody, consent.Channel, consent.ConversationId));
        Assert.Null(consent.Reasons);
        Assert.True(ParentConsents.CanBeAdopted(plan).CanBeAdopted);
        var audit = Assert.Single(await ConsentAudit.ListAsync(new TurnDocuments(teacher.Store), plan.Id, TestContext.Current.CancellationToken));
        Assert.Equal((contribution.Id, ConsentDecision.Agreed), (audit.ParentId, audit.Decision));
        Assert.Empty(await CoordinatorNotices.ListAsync(new TurnDocuments(teacher.Store), TestContext.Current.CancellationToken));
        // The conversation state keeps positions only, never the parent's words.
        Assert.DoesNotContain("zusje", JsonSerializer.Serialize(await parent.StateAsync()), StringComparison.Ordinal);

        // The teacher is told when she opens the plan, and her draft shows the parents' words and the consent.
        teacher.MoveTo("teacher-2");
        await teacher.StartAsync();
        await teacher.SayAsync("1");
        Assert.Contains(TeacherConversation.Teacher.Text("parents_new", ("n", "1")), teacher.LastText, StringComparison.Ordinal);
        await teacher.SayAsync("concept");
        Assert.Contains("Sem leest graag voor aan zijn zusje.", teacher.LastText, StringComparison.Ordinal);
        Assert.Contains(Dialogs.Draft.Label("parents_words"), teacher.LastText, StringComparison.Ordinal);
        Assert.Contains("Akkoord, op ", teacher.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain(Dialogs.Draft.Missing.For(Core.Drafting.MissingPartKind.ParentsConsent).Text, teacher.LastText, StringComparison.Ordinal);
        // Told once: opening the plan again says nothing new.
        teacher.MoveTo("teacher-3");
        await teacher.StartAsync();
        await teacher.SayAsync("1");
        Assert.DoesNotContain(TeacherConversation.Teacher.Text("parents_new", ("n", "1")), teacher.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_parent_who_does_not_agree_blocks_vaststelling_with_reasons_and_the_teacher_and_coordinator_are_told()
    {
        var (teacher, code) = await InvitedAsync();
        await teacher.SayAsync("ouders uitnodigen");
        var second = CodeIn(teacher.LastText);
        Assert.NotEqual(code, second);
        await ContributeAsync(ParentChat(teacher, "parent-1"), code, "moeder", custody: true, agree: true);
        var father = ParentChat(teacher, "parent-2");
        await ContributeAsync(father, second, "vader", custody: true, agree: false);

        Assert.Contains(T("ask_reasons_not_agreed"), father.LastText, StringComparison.Ordinal);
        // Reasons are required for niet akkoord.
        await father.SayAsync("nee");
        Assert.Equal(T("reasons_required"), father.Last[0].Text);
        await father.SayAsync("Ik wil eerst een gesprek over de extra instructie.");
        Assert.Equal(T("goodbye_not_agreed"), Assert.Single(father.Last).Text);

        var plan = await teacher.PlanAsync();
        var check = ParentConsents.CanBeAdopted(plan);
        Assert.False(check.CanBeAdopted);
        var block = Assert.Single(check.Blocks);
        Assert.Equal((AdoptionBlockKind.NotAgreed, "Vader", "Ik wil eerst een gesprek over de extra instructie."), (block.Kind, block.Consent!.Label, block.Consent.Reasons!.Text));
        Assert.Equal(Role.Parent, block.Consent.Reasons.Source.Role);
        var reason = Assert.Single(ParentConsents.Explain(check, Dialogs.Draft));
        Assert.Contains("Vader", reason, StringComparison.Ordinal);
        Assert.Contains("Ik wil eerst een gesprek over de extra instructie.", reason, StringComparison.Ordinal);

        var documents = new TurnDocuments(teacher.Store);
        var id = Assert.Single(await CoordinatorNotices.ListAsync(documents, TestContext.Current.CancellationToken));
        var notice = await CoordinatorNotices.GetAsync(documents, id, TestContext.Current.CancellationToken);
        Assert.Equal((plan.Id, CoordinatorNoticeKind.ParentNotAgreed), (notice!.OppId, notice.Kind));
        Assert.Equal([ConsentDecision.Agreed, ConsentDecision.NotAgreed], (await ConsentAudit.ListAsync(documents, plan.Id, TestContext.Current.CancellationToken)).Select(a => a.Decision));
        Assert.Contains(Core.Drafting.MissingPartKind.ParentsConsent, new Core.Drafting.DraftAssembler(Dialogs).Assemble(plan).Missing.Select(m => m.Kind));

        teacher.MoveTo("teacher-2");
        await teacher.StartAsync();
        await teacher.SayAsync("1");
        Assert.Contains(TeacherConversation.Teacher.Text("parents_new", ("n", "2")), teacher.LastText, StringComparison.Ordinal);
        Assert.Contains(TeacherConversation.Teacher.Text("parents_not_agreed", ("parent", "Vader"), ("reasons", "Ik wil eerst een gesprek over de extra instructie.")), teacher.LastText, StringComparison.Ordinal);

        // He thinks again in the same conversation: a new entry, never an overwrite, and the plan can be adopted.
        await father.SayAsync("akkoord");
        await father.SayAsync("Na het gesprek is het goed.");
        Assert.Equal(T("goodbye_agreed"), father.Last[0].Text);
        plan = await teacher.PlanAsync();
        Assert.Equal([ConsentDecision.Agreed, ConsentDecision.NotAgreed, ConsentDecision.Agreed], plan.Parents!.Consents.Select(c => c.Decision));
        Assert.True(ParentConsents.CanBeAdopted(plan).CanBeAdopted);
        Assert.Equal(3, (await ConsentAudit.ListAsync(new TurnDocuments(teacher.Store), plan.Id, TestContext.Current.CancellationToken)).Count);
    }

    [Fact]
    public async Task A_parent_without_gezag_contributes_but_does_not_read_the_handelingsdeel_or_give_consent()
    {
        var (teacher, code) = await InvitedAsync();
        var parent = ParentChat(teacher, "parent-1");
        await parent.OpenAsync();
        await parent.SayAsync(code);
        await parent.SayAsync("vader");
        await parent.SayAsync("nee");
        Assert.Equal(T("custody_no"), parent.Last[0].Text);
        await parent.SayAsync("sla over");
        await parent.SayAsync("sla over");
        await parent.SayAsync("verder");
        await parent.SayAsync("verder");

        Assert.DoesNotContain(T("plan_intro"), parent.LastText, StringComparison.Ordinal);
        Assert.Contains(T("ask_zienswijze_no_plan", ("pupil", "Sem")), parent.LastText, StringComparison.Ordinal);
        await parent.SayAsync("Sem heeft rust nodig na school.");
        Assert.Equal(T("goodbye_no_custody"), Assert.Single(parent.Last).Text);
        await parent.SayAsync("akkoord");
        Assert.Equal(T("after_goodbye"), Assert.Single(parent.Last).Text);

        var plan = await teacher.PlanAsync();
        Assert.Empty(plan.Parents!.Consents);
        Assert.False(Assert.Single(plan.Parents.Contributions).HasCustody);
        var check = ParentConsents.CanBeAdopted(plan);
        Assert.Equal(AdoptionBlockKind.NoConsentYet, Assert.Single(check.Blocks).Kind);
    }

    [Fact]
    public async Task A_used_or_expired_code_is_refused_as_for_the_pupil_and_an_unknown_code_is_not_taken_for_a_parents_code()
    {
        var (teacher, code) = await InvitedAsync(complete: false);
        await ContributeAsync(ParentChat(teacher, "parent-1"), code, "moeder", custody: false, agree: true, goals: false);

        var again = ParentChat(teacher, "parent-2");
        await again.OpenAsync();
        await again.SayAsync(code);
        Assert.Equal(T("code_wrong"), Assert.Single(again.Last).Text);
        Assert.False((await again.StateAsync()).ParentPlan!.OwnsConversation);

        await teacher.SayAsync("ouders uitnodigen");
        var late = CodeIn(teacher.LastText);
        teacher.Time.Advance(TimeSpan.FromDays(8));
        var expired = ParentChat(teacher, "parent-3");
        await expired.OpenAsync();
        await expired.SayAsync(late);
        Assert.Equal(T("code_wrong"), Assert.Single(expired.Last).Text);

        var unknown = ParentChat(teacher, "parent-4");
        await unknown.OpenAsync();
        await unknown.SayAsync("ABCD-EFGH");
        Assert.Null((await unknown.StateAsync()).ParentPlan);
        Assert.Single((await teacher.PlanAsync()).Parents!.Contributions);

        // In Teams a parent's code is never taken: the parents' part is for Web Chat.
        await teacher.SayAsync("ouders uitnodigen");
        var teams = new TeacherConversation(teacher.Store, teacher.Time, conversation: "teams-parent", user: "aad:parent");
        await teams.OpenAsync();
        await teams.SayAsync(CodeIn(teacher.LastText));
        Assert.Null((await teams.StateAsync()).ParentPlan);
    }

    [Fact]
    public async Task Bad_input_asks_again_and_changes_nothing()
    {
        var (teacher, code) = await InvitedAsync();
        var parent = ParentChat(teacher, "parent-1");
        await parent.OpenAsync();
        await parent.SayAsync(code);
        var before = JsonSerializer.Serialize(await teacher.PlanAsync());

        await parent.SayAsync("hallo");
        Assert.Equal(T("label_reprompt"), parent.Last[0].Text);
        await parent.SubmitAsync(("action", ParentPlanFlow.CardAction), ("step", "consent"), ("value", "agree"));
        Assert.Equal(T("label_reprompt"), parent.Last[0].Text);
        await parent.SayAsync("moeder");
        await parent.SayAsync("misschien");
        Assert.Equal(T("custody_reprompt"), parent.Last[0].Text);
        await parent.SayAsync("ja");
        await parent.SayAsync("   ");
        Assert.Equal(T("reprompt_empty"), parent.Last[0].Text);
        await parent.SayAsync(new string('x', Parent.MaxLength + 1));
        Assert.Equal(T("reprompt_too_long", ("max", Parent.MaxLength.ToString())), parent.Last[0].Text);
        await parent.SayAsync("Gaat goed.");
        await parent.SayAsync("misschien");
        Assert.Equal(T("more_reprompt"), parent.Last[0].Text);
        await parent.SayAsync("nee");
        await parent.SayAsync("sla over");
        await parent.SayAsync("iets raars");
        Assert.Equal(T("need_reprompt"), parent.Last[0].Text);
        await parent.SayAsync("help");
        Assert.Equal(T("help"), parent.Last[0].Text);

        var plan = await teacher.PlanAsync();
        var contribution = Assert.Single(plan.Parents!.Contributions);
        Assert.Equal(["Gaat goed."], contribution.GoesWellAtHome.Select(e => e.Text));
        Assert.Empty(contribution.HardAtHome);
        Assert.Empty(contribution.Needs);
        Assert.NotEqual(before, JsonSerializer.Serialize(plan));

        // "andere rol" lets go of the conversation; the role question is asked again.
        await parent.SayAsync("andere rol");
        Assert.Equal(ParentPlanStep.Left, (await parent.StateAsync()).ParentPlan!.Step);
        Assert.Equal(Dialogs.Common.Text("switch_role"), parent.Last[0].Text);
    }

    [Fact]
    public void Without_any_decision_the_plan_cannot_be_adopted_and_the_draft_says_so()
    {
        var plan = new OppDocument { Id = "p1" };
        Assert.Equal(AdoptionBlockKind.NoConsentYet, Assert.Single(ParentConsents.CanBeAdopted(plan).Blocks).Kind);
        Assert.Equal([Dialogs.Draft.Label("adoption_no_consent")], ParentConsents.Explain(ParentConsents.CanBeAdopted(plan), Dialogs.Draft));
    }

    // ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>Opens a chat with the code, answers everything briefly, and (with gezag) presses akkoord or niet akkoord.</summary>
    private static async Task ContributeAsync(TeacherConversation parent, string code, string label, bool custody, bool agree, bool goals = true)
    {
        await parent.OpenAsync();
        await parent.SayAsync(code);
        await parent.SayAsync(label);
        await parent.SayAsync(custody ? "ja" : "nee");
        await parent.SayAsync("Voorlezen gaat goed.");
        await parent.SayAsync("nee");
        await parent.SayAsync("sla over");
        if (goals)
        {
            await parent.SayAsync("verder");
            await parent.SayAsync("verder");
        }
        else
        {
            Assert.Equal(T("needs_none"), parent.Last[0].Text);
        }
        await parent.SayAsync("sla over");
        if (!custody)
        {
            Assert.Equal(T("goodbye_no_custody"), parent.Last[0].Text);
            return;
        }
        await parent.SayAsync(agree ? "akkoord" : "niet akkoord");
        if (agree)
        {
            await parent.SayAsync("Niets toe te voegen");
            Assert.Equal(T("goodbye_agreed"), parent.Last[0].Text);
        }
    }

    private static async Task<(TeacherConversation Teacher, string Code)> InvitedAsync(bool complete = true)
    {
        var teacher = new TeacherConversation(conversation: "teacher-1");
        await teacher.StartNewPlanAsync();
        await teacher.SayAsync("Sem");
        await teacher.SayAsync("po");
        await teacher.SayAsync("groep 6");
        if (complete)
        {
            await teacher.SayAsync("Sem krijgt extra hulp bij lezen.");
            await teacher.SayAsync("ja");
            foreach (var answer in new[] { "Sem vertelt graag.", "nee", "Sem leest traag.", "nee", "Een vaste plek.", "nee", "Veel geluid in de klas.", "nee", "Zijn opa leest voor.", "nee", "Weinig boeken thuis.", "nee" })
            {
                await teacher.SayAsync(answer);
            }
            await teacher.SayAsync("ja");
            await teacher.SayAsync("Lezen kost hem veel energie.");
            await teacher.SayAsync("nee");
            await teacher.SayAsync("ja");
            string[] outlook =
            [
                "vmbo-t", "regulier", "Sem is gemotiveerd.", "leren", "Sem leest een AVI-E5 tekst.", "Twee AVI-toetsen op niveau.", "Elke maand een leestoets.",
                "15-03-2027", "nee", "instructie", "kort is", "ja", "klaar", "uitleg thuis", "rustig is", "ja", "klaar", "kennis", "over lezen gaat", "ja", "klaar",
                "vaardigheden", "helpen bij voorlezen", "ja", "klaar", "Extra leesinstructie.", "de leerkracht", "leest met Sem", "elke dag", "tien minuten", "nee",
                "1-7-2027", "nee",
            ];
            foreach (var answer in outlook)
            {
                await teacher.SayAsync(answer);
            }
        }
        await teacher.SayAsync("ouders uitnodigen");
        Assert.Contains("http://localhost:5180/", teacher.LastText, StringComparison.Ordinal);
        return (teacher, CodeIn(teacher.LastText));
    }

    private static TeacherConversation ParentChat(TeacherConversation teacher, string conversation) =>
        new(teacher.Store, teacher.Time, channel: "directline", conversation: conversation, user: "directline:" + conversation);

    private static string CodeIn(string text) => CodePattern().Match(text).Groups[1].Value;

    [GeneratedRegex(@"\*\*([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})\*\*")]
    private static partial Regex CodePattern();
}
