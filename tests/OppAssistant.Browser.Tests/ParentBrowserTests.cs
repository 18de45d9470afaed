using Microsoft.Extensions.DependencyInjection;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Parent;

namespace OppAssistant.Browser.Tests;

/// <summary>
/// Issue 6's "done when", in a real Web Chat page: a parent chooses the parent role, asks three rights questions in
/// informal Dutch and gets the right cards with their sources, then asks something outside the cards' scope and gets
/// the honest "dat weet ik niet zeker" with the referral. Card titles and texts come from knowledge/nl and
/// dialogs/parent.yaml (they change with the content); only the parent's questions are written here.
/// </summary>
[Collection(BrowserConversations.Name)]
public sealed class ParentBrowserTests(SharedBrowser shared)
{
    /// <summary>Informal questions the current search answers with these cards (ParentFlowTests asks the same).</summary>
    private static readonly (string Question, string CardId)[] RightsQuestions =
    [
        ("moet ik nou echt akkoord gaan met dat opp?", "instemming-handelingsdeel"),
        ("we zijn het oneens met school, kunnen we naar de geschillencommissie", "geschillencommissie"),
        ("wat houdt dat hoorrecht nou in", "hoorrecht-wat-is-het"),
    ];

    private const string OutOfScope = "wanneer is de herfstvakantie";

    [Fact]
    public async Task A_parent_gets_the_right_cards_with_sources_and_an_honest_do_not_know_outside_their_scope()
    {
        Chromium.Require();
        var (host, browser) = await shared.StartAsync();
        var catalog = host.Services.GetRequiredService<DialogCatalog>();
        var common = catalog.Common;
        var parent = catalog.Parent;
        var knowledge = host.Services.GetRequiredService<IParentKnowledge>();

        var page = await ChatPage.OpenAsync(browser, host.BaseAddress, "parent-qa", common.Text("welcome"), common.Text("ask_role"));
        try
        {
            var chat = page.Chat;
            await chat.ClickAsync(common.For(Role.Parent).Label, common.For(Role.Parent).Intro, parent.Text("intro"), parent.Text("examples"));

            foreach (var (question, cardId) in RightsQuestions)
            {
                var card = knowledge.Card(cardId);
                Assert.True(card is not null, $"knowledge/nl/{cardId}.md is missing");
                await chat.SayAsync(question, card.Title);

                // Web Chat's Markdown turns a source like "faq-brief.md" into a link and wraps it in zero-width spaces.
                var shown = string.Join(" ", (await chat.NewestCardAsync()).Texts).Replace("\u200B", "", StringComparison.Ordinal);
                Assert.StartsWith(WebChat.Expectation(card.Title), shown, StringComparison.Ordinal);
                var source = WebChat.Expectation(parent.Text("source", ("sources", string.Join("; ", card.Sources.Select(parent.SourceName)))));
                Assert.True(shown.Contains(source, StringComparison.Ordinal), $"'{source}' not in:\n{shown}");
                Assert.Contains(WebChat.Expectation(parent.Text("checked", ("date", parent.Date(card.LastChecked)))), shown, StringComparison.Ordinal);
            }

            // Outside the cards: no guess, the IB'er and the ouder- en jeugdsteunpunt, with that card as a button.
            await chat.SayAsync(OutOfScope, parent.Text("do_not_know"));
            var referral = knowledge.Card(parent.ReferralCard)!;
            var answer = await chat.NewestCardAsync();
            Assert.Contains(referral.Title, answer.Buttons);
            Assert.DoesNotContain(answer.Texts, t => t.StartsWith(WebChat.Expectation(parent.Text("source")), StringComparison.Ordinal));

            // The referral button opens the card directly.
            await chat.ClickAsync(referral.Title, referral.Title);
            await page.AssertAllSentAsync();
        }
        finally
        {
            await page.ReportAsync(TestContext.Current.TestOutputHelper, "OUDER");
            await page.DisposeAsync();
        }
    }
}
