using System.Text.Json;
using System.Text.Json.Nodes;
using OppAssistant.BotFramework.Protocol;

namespace OppAssistant.BotFramework.Tests;

public sealed class ActivityJsonTests
{
    private const string TeamsMessage = """
        {
          "type": "message",
          "id": "1712345678901",
          "timestamp": "2025-03-01T09:15:02.123Z",
          "localTimestamp": "2025-03-01T10:15:02.123+01:00",
          "localTimezone": "Europe/Amsterdam",
          "serviceUrl": "https://smba.trafficmanager.net/emea/",
          "channelId": "msteams",
          "from": { "id": "29:1abc", "name": "Test User", "aadObjectId": "00000000-0000-0000-0000-000000000001", "userRole": "user" },
          "conversation": { "conversationType": "personal", "tenantId": "00000000-0000-0000-0000-0000000000aa", "id": "a:1xyz;messageid=17" },
          "recipient": { "id": "28:bot", "name": "OppAssistant" },
          "textFormat": "plain",
          "locale": "nl-NL",
          "text": "hallo",
          "attachments": [ { "contentType": "text/html", "content": "<p>hallo</p>", "futureAttachmentField": 3 } ],
          "entities": [ { "type": "clientInfo", "locale": "nl-NL", "country": "NL", "platform": "Web", "timezone": "Europe/Amsterdam" } ],
          "channelData": { "tenant": { "id": "00000000-0000-0000-0000-0000000000aa" }, "source": { "name": "message" }, "legacy": { "replyToId": "x" } },
          "value": { "action": "chooseRole", "nested": { "deep": [1, 2, { "x": null }] } },
          "unknownTopLevel": { "kept": true, "list": [ "a", "b" ] },
          "anotherUnknown": 42
        }
        """;

    [Fact]
    public void A_Teams_activity_survives_a_round_trip_with_unknown_fields()
    {
        var activity = JsonSerializer.Deserialize(TeamsMessage, ProtocolJsonContext.Default.Activity)!;

        var written = JsonSerializer.Serialize(activity, ProtocolJsonContext.Default.Activity);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(TeamsMessage), JsonNode.Parse(written)), written);
        // The typed view is really populated, not just the extension bag.
        Assert.Equal("msteams", activity.ChannelId);
        Assert.Equal("a:1xyz;messageid=17", activity.Conversation!.Id);
        Assert.Equal("00000000-0000-0000-0000-000000000001", activity.From!.AadObjectId);
        Assert.True(activity.AdditionalProperties!.ContainsKey("unknownTopLevel"));
        Assert.True(activity.From.AdditionalProperties!.ContainsKey("userRole"));
    }

    [Fact]
    public void Nulls_are_not_written_for_fields_the_bot_never_set()
    {
        var json = JsonSerializer.Serialize(new Activity { Type = ActivityTypes.Typing }, ProtocolJsonContext.Default.Activity);

        Assert.Equal("""{"type":"typing"}""", json);
    }
}
