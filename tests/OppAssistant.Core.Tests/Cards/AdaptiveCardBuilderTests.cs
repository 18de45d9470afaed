using System.Text.Json;
using OppAssistant.Core.Cards;

namespace OppAssistant.Core.Tests.Cards;

public sealed class AdaptiveCardBuilderTests
{
    [Fact]
    public void Builds_an_adaptive_card_1_5_with_text_and_submit_buttons()
    {
        var card = new AdaptiveCardBuilder()
            .AddText("Kies \"iets\"", emphasis: true)
            .AddSubmit("Ja", [new("action", "answer"), new("value", "ja")])
            .Build();

        var expected = JsonDocument.Parse("""
            {
              "type": "AdaptiveCard",
              "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
              "version": "1.5",
              "body": [ { "type": "TextBlock", "text": "Kies \"iets\"", "wrap": true, "weight": "Bolder", "size": "Medium" } ],
              "actions": [ { "type": "Action.Submit", "title": "Ja", "data": { "action": "answer", "value": "ja" } } ]
            }
            """).RootElement;
        Assert.True(JsonElement.DeepEquals(expected, card), card.GetRawText());
    }

    [Fact]
    public void A_card_without_buttons_has_no_actions_array() =>
        Assert.False(new AdaptiveCardBuilder().AddText("x").Build().TryGetProperty("actions", out _));
}
