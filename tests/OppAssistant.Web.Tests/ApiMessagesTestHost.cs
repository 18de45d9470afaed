using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OppAssistant.Web.Tests.Fakes;

namespace OppAssistant.Web.Tests;

/// <summary>Builds the host and the activities the /api/messages tests send.</summary>
internal static class ApiMessagesTestHost
{
    public const string AppId = "11111111-2222-3333-4444-555555555555";
    public const string UserName = "Marieke Testpersoon";
    public const string UserId = "29:user-id-4b1d";
    public const string BotId = "28:bot-id";

    public static OppAssistantApplication Create(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null) =>
        new(settings, configureServices);

    public static Dictionary<string, string?> AuthSettings(Testing.FakeBotServices fake, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppPassword"] = "test-secret-value",
            ["MicrosoftAppType"] = "MultiTenant",
            ["BotFramework:OpenIdMetadataUrl"] = fake.BotConnectorMetadataUrl,
            ["BotFramework:EntraOpenIdMetadataUrl"] = fake.EntraMetadataUrl,
            ["BotFramework:TokenEndpoint"] = fake.TokenEndpoint,
            ["BotFramework:RequireHttpsMetadata"] = "false",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        return settings;
    }

    public static JsonObject Activity(string type, string conversationId, string? serviceUrl = null, bool expectReplies = false)
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = "activity-" + Guid.NewGuid().ToString("n")[..8],
            ["timestamp"] = "2025-03-01T09:15:02.123Z",
            ["channelId"] = "msteams",
            ["serviceUrl"] = serviceUrl ?? "https://smba.example.invalid/emea/",
            ["from"] = new JsonObject { ["id"] = UserId, ["name"] = UserName, ["aadObjectId"] = "00000000-0000-0000-0000-000000000001" },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "OppAssistant" },
            ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = "personal", ["tenantId"] = "00000000-0000-0000-0000-0000000000aa" },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = "00000000-0000-0000-0000-0000000000aa" } },
            ["locale"] = "nl-NL",
        };
        if (expectReplies)
        {
            activity["deliveryMode"] = "expectReplies";
        }
        return activity;
    }

    public static JsonObject ConversationUpdate(string conversationId, string? serviceUrl = null, bool expectReplies = false)
    {
        var activity = Activity("conversationUpdate", conversationId, serviceUrl, expectReplies);
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId }, new JsonObject { ["id"] = UserId, ["name"] = UserName });
        return activity;
    }

    public static JsonObject Message(string conversationId, string text, string? serviceUrl = null, bool expectReplies = false)
    {
        var activity = Activity("message", conversationId, serviceUrl, expectReplies);
        activity["text"] = text;
        return activity;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, JsonNode activity, string? bearer = null) =>
        PostAsync(client, activity.ToJsonString(), bearer);

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
}
