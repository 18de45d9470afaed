using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Parent;
using OppAssistant.Knowledge;

namespace OppAssistant.Core.Tests.Parent;

/// <summary>The parent's anonymous questions and answers: with invented cards, and with the real knowledge/ folder.</summary>
public sealed class ParentFlowTests
{
    private static readonly ParentDialog Parent = ParentConversation.Dialogs.Parent;
    private static readonly CommonDialog Common = ParentConversation.Dialogs.Common;

    private static readonly Lazy<ParentKnowledge> Real = new(() => ParentKnowledge.Load(Repo.PathOf("knowledge")));

    [Fact]
    public async Task Choosing_the_parent_role_says_what_the_chat_answers_and_offers_example_questions()
    {
        var parent = new ParentConversation(new FakeParentKnowledge());

        var replies = await parent.StartAsync();

        Assert.Equal([Common.For(Role.Parent).Intro, Parent.Text("intro")], replies.Take(2).Select(r => r.Text));
        Assert.Contains(Parent.Text("examples"), parent.LastText, StringComparison.Ordinal);
        // Examples the knowledge does not have are left out; the others are buttons that open the card.
        Assert.Equal(
            Parent.Examples.Where(id => new FakeParentKnowledge().Card(id) is not null),
            parent.LastButtons.Select(b => b.GetProperty(ParentFlow.CardKey).GetString()));
        var state = await parent.StateAsync();
        Assert.Equal((SessionStage.InRole, Role.Parent, ParentStep.Asking), (state.Stage, state.Role!.Value, state.Parent!.Step));
    }

    [Fact]
    public async Task A_question_gets_the_card_with_its_source_date_note_and_related_questions_as_buttons()
    {
        var knowledge = new FakeParentKnowledge();
        var parent = new ParentConversation(knowledge);
        await parent.StartAsync();

        await parent.SayAsync("moet ik instemmen met dat plan?");

        var card = FakeParentKnowledge.Consent;
        var reply = Assert.Single(parent.Last);
        Assert.NotNull(reply.AdaptiveCard);
        var text = parent.LastText;
        Assert.Contains(card.Title, text, StringComparison.Ordinal);
        Assert.Contains(card.Body, text, StringComparison.Ordinal);
        Assert.Contains(Parent.Text("source", ("sources", "seed 002, §3")), text, StringComparison.Ordinal);
        Assert.Contains(Parent.Text("checked", ("date", Parent.Date(card.LastChecked))), text, StringComparison.Ordinal);
        Assert.Contains(Parent.Date(card.LastChecked), text, StringComparison.Ordinal);
        Assert.Contains(Parent.Text("holds_now", ("note", card.HoldsNow!)), text, StringComparison.Ordinal);
        Assert.Equal(card.Related.Select(r => r.Id), parent.LastButtons.Select(b => b.GetProperty(ParentFlow.CardKey).GetString()));
        Assert.All(parent.LastButtons, b => Assert.Equal(ParentFlow.QuestionAction, b.GetProperty(ParentFlow.ActionKey).GetString()));
        Assert.Equal(card.Id, (await parent.StateAsync()).Parent!.LastCardId);
    }

    [Fact]
    public async Task A_related_question_opens_its_card_directly_by_button_or_typed_title()
    {
        var knowledge = new FakeParentKnowledge();
        var parent = new ParentConversation(knowledge);
        await parent.StartAsync();
        await parent.SayAsync("instemmen?");
        knowledge.Asked.Clear();

        await parent.PressAsync(FakeParentKnowledge.WhatIs.Id);
        Assert.StartsWith(FakeParentKnowledge.WhatIs.Title, parent.LastText, StringComparison.Ordinal);
        Assert.Contains(Parent.Text("source", ("sources", "seed 000, FAQ 1; faq-brief §1")), parent.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain(Parent.Text("holds_now", ("note", "")).Trim(), parent.LastText, StringComparison.Ordinal);

        await parent.SayAsync("  moet ik INSTEMMEN met het plan  ");
        Assert.StartsWith(FakeParentKnowledge.Consent.Title, parent.LastText, StringComparison.Ordinal);
        Assert.Empty(knowledge.Asked);

        await parent.PressAsync("bestaat-niet");
        Assert.Equal(Parent.Text("unknown_card"), Assert.Single(parent.Last).Text);
    }

    [Fact]
    public async Task A_question_no_card_fits_gets_the_honest_do_not_know_with_the_referral()
    {
        var parent = new ParentConversation(new FakeParentKnowledge());
        await parent.StartAsync();

        await parent.SayAsync("hoe laat begint de gymles?");

        Assert.Contains(Parent.Text("do_not_know"), parent.LastText, StringComparison.Ordinal);
        Assert.Contains(FakeParentKnowledge.Support.Title, parent.LastText, StringComparison.Ordinal);
        Assert.Equal([Parent.ReferralCard], parent.LastButtons.Select(b => b.GetProperty(ParentFlow.CardKey).GetString()));
        Assert.DoesNotContain("Bron", parent.LastText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mijn zoon Daan: moet ik instemmen?")]
    [InlineData("bsn 111222333, moet ik instemmen?")]
    [InlineData("Mijn dochter heeft ADHD. Moet ik instemmen?")]
    public async Task Personal_data_gets_a_gentle_word_first_and_the_question_is_answered_and_nothing_of_it_is_stored(string question)
    {
        var knowledge = new FakeParentKnowledge();
        var parent = new ParentConversation(knowledge);
        await parent.StartAsync();

        await parent.SayAsync(question);

        Assert.Equal(Parent.Text("personal_data"), parent.Last[0].Text);
        Assert.Contains(FakeParentKnowledge.Consent.Title, parent.LastText, StringComparison.Ordinal);
        // The search is asked the question without the name or BSN; a diagnosis stays, a card may be about it.
        var asked = Assert.Single(knowledge.Asked);
        Assert.Contains("moet ik instemmen?", asked, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Daan", asked, StringComparison.Ordinal);
        Assert.DoesNotContain("111222333", asked, StringComparison.Ordinal);
        var stored = await parent.StoredStateAsync();
        foreach (var word in new[] { "Daan", "111222333", "ADHD", "instemmen" })
        {
            Assert.DoesNotContain(word, stored, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_question_without_personal_data_gets_no_such_word()
    {
        var parent = new ParentConversation(new FakeParentKnowledge());
        await parent.StartAsync();

        await parent.SayAsync("wat is een opp eigenlijk");

        Assert.DoesNotContain(Parent.Text("personal_data"), parent.LastText, StringComparison.Ordinal);
        Assert.Single(parent.Last);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_message_gets_a_friendly_reprompt_and_changes_nothing(string text)
    {
        var knowledge = new FakeParentKnowledge();
        var parent = new ParentConversation(knowledge);
        await parent.StartAsync();
        await parent.SayAsync("instemmen");

        await parent.SayAsync(text);

        Assert.Equal(Parent.Text("reprompt_empty"), Assert.Single(parent.Last).Text);
        Assert.Equal(FakeParentKnowledge.Consent.Id, (await parent.StateAsync()).Parent!.LastCardId);
        Assert.Single(knowledge.Asked);
    }

    [Fact]
    public async Task A_too_long_message_is_not_searched_and_asked_again_shorter()
    {
        var knowledge = new FakeParentKnowledge();
        var parent = new ParentConversation(knowledge);
        await parent.StartAsync();

        await parent.SayAsync(string.Concat(Enumerable.Repeat("moet ik instemmen met het plan? ", 40)));

        Assert.Equal(Parent.Text("reprompt_too_long", ("max", Parent.MaxLength.ToString())), Assert.Single(parent.Last).Text);
        Assert.Empty(knowledge.Asked);
    }

    [Fact]
    public async Task A_button_of_another_flow_gets_the_reprompt()
    {
        var parent = new ParentConversation(new FakeParentKnowledge());
        await parent.StartAsync();

        await parent.SubmitAsync(("action", "answer"), ("question", "x"), ("value", "y"));

        Assert.Equal(Parent.Text("reprompt_empty"), Assert.Single(parent.Last).Text);
    }

    [Fact]
    public async Task Help_and_andere_rol_work_as_everywhere()
    {
        var parent = new ParentConversation(new FakeParentKnowledge());
        await parent.StartAsync();

        await parent.SayAsync(Common.Commands["help"][0]);
        Assert.Equal(Parent.Text("help"), Assert.Single(parent.Last).Text);

        await parent.SayAsync(Common.Commands["switch_role"][0]);
        Assert.Equal(Common.Text("switch_role"), parent.Last[0].Text);
        Assert.Equal(SessionStage.ChoosingRole, (await parent.StateAsync()).Stage);

        // Back as a parent: introduced again, and the questions go on.
        await parent.SayAsync(Common.For(Role.Parent).Answers[0]);
        Assert.Equal(Parent.Text("intro"), parent.Last[1].Text);
        await parent.SayAsync("instemmen?");
        Assert.Contains(FakeParentKnowledge.Consent.Title, parent.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_knowledge_every_question_gets_the_honest_do_not_know()
    {
        var parent = new ParentConversation(new NoParentKnowledge());
        await parent.StartAsync();

        await parent.SayAsync("moet ik instemmen met het opp?");

        Assert.Equal(Parent.Text("do_not_know"), parent.LastText);
        Assert.Empty(parent.LastButtons);
    }

    // ── With the real cards of knowledge/nl ─────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("moet ik nou echt akkoord gaan met dat opp?", "instemming-handelingsdeel")]
    [InlineData("we zijn het oneens met school, kunnen we naar de geschillencommissie", "geschillencommissie")]
    [InlineData("wat houdt dat hoorrecht nou in", "hoorrecht-wat-is-het")]
    public async Task Real_cards_answer_informal_rights_questions(string question, string expected)
    {
        var parent = new ParentConversation(Real.Value);
        await parent.StartAsync();

        await parent.SayAsync(question);

        var card = Real.Value.Card(expected)!;
        Assert.True(parent.LastText.StartsWith(card.Title, StringComparison.Ordinal), parent.LastText);
        Assert.Contains(Parent.Text("source", ("sources", string.Join("; ", card.Sources.Select(Parent.SourceName)))), parent.LastText, StringComparison.Ordinal);
        // The project's briefs are named for a parent; a file name would look like a web address in the chat.
        Assert.DoesNotContain(".md", parent.LastText, StringComparison.Ordinal);
        Assert.InRange(parent.LastButtons.Count, 2, 3);
    }

    [Fact]
    public async Task Real_cards_do_not_guess_outside_their_scope()
    {
        var parent = new ParentConversation(Real.Value);
        await parent.StartAsync();

        await parent.SayAsync("wanneer is de herfstvakantie");

        Assert.Contains(Parent.Text("do_not_know"), parent.LastText, StringComparison.Ordinal);
        Assert.Contains(Real.Value.Card(Parent.ReferralCard)!.Title, parent.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_and_referral_cards_of_parent_yaml_exist_in_knowledge_nl() =>
        Assert.All(Parent.Examples.Append(Parent.ReferralCard), id => Assert.True(Real.Value.Card(id) is not null, $"dialogs/parent.yaml names '{id}', which is not in knowledge/nl/"));

    [Fact]
    public void The_diagram_is_generated_from_the_machine() =>
        Assert.Contains("Asking", ParentFlow.ToMermaid(ParentConversation.Dialogs), StringComparison.Ordinal);
}
