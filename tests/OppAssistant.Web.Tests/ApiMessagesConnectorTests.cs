using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Turns;
using OppAssistant.Testing;
using OppAssistant.Web.Tests.Fakes;
using static OppAssistant.Web.Tests.ApiMessagesTestHost;

namespace OppAssistant.Web.Tests;

/// <summary>/api/messages replying through the connector at serviceUrl (local mode: no token).</summary>
public sealed class ApiMessagesConnectorTests : IAsyncLifetime
{
    private const string ConversationId = "a:1Teams;messageid=42";
    private const string EscapedConversationId = "a%3A1Teams%3Bmessageid%3D42";
    private FakeBotServices fake = null!;

    public async ValueTask InitializeAsync() => fake = await FakeBotServices.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task Replies_go_to_the_connector_as_replies_to_the_incoming_activity()
    {
        await using var app = Create();
        using var client = app.CreateClient();
        var dialogs = app.Services.GetRequiredService<DialogCatalog>();
        var update = ConversationUpdate(ConversationId, fake.ServiceUrl);

        using var response = await PostAsync(client, update);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requests = fake.ConnectorRequests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.All(requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal($"/connector/v3/conversations/{EscapedConversationId}/activities/{(string?)update["id"]}", r.RawTarget);
            Assert.Equal("", r.Authorization);
            Assert.Equal((string?)update["id"], (string?)r.Json!["replyToId"]);
            Assert.Equal(UserId, (string?)r.Json["recipient"]!["id"]);
        });
        Assert.Equal(dialogs.Common.Text("welcome"), (string?)requests[0].Json!["text"]);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)requests[1].Json!["attachments"]![0]!["contentType"]);
    }

    [Fact]
    public async Task A_slow_turn_sends_typing_before_the_reply()
    {
        var pipeline = new RecordingTurnPipeline(TimeSpan.FromMilliseconds(700), BotReply.FromText("slow answer"));
        await using var app = Create(
            new Dictionary<string, string?> { ["BotFramework:TypingDelay"] = "00:00:00.100" },
            s => s.AddSingleton<ITurnPipeline>(pipeline));
        using var client = app.CreateClient();

        using var response = await PostAsync(client, Message(ConversationId, "hello", fake.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requests = fake.ConnectorRequests.ToArray();
        Assert.Equal(["typing", "message"], requests.Select(r => (string?)r.Json!["type"]));
        Assert.Equal($"/connector/v3/conversations/{EscapedConversationId}/activities", requests[0].RawTarget);
        Assert.Equal("slow answer", (string?)requests[1].Json!["text"]);
    }

    [Fact]
    public async Task A_fast_turn_sends_no_typing()
    {
        var pipeline = new RecordingTurnPipeline(TimeSpan.Zero, BotReply.FromText("quick answer"));
        await using var app = Create(configureServices: s => s.AddSingleton<ITurnPipeline>(pipeline));
        using var client = app.CreateClient();

        using var response = await PostAsync(client, Message(ConversationId, "hello", fake.ServiceUrl));

        Assert.Equal(["message"], fake.ConnectorRequests.Select(r => (string?)r.Json!["type"]));
    }

    [Fact]
    public async Task A_429_from_the_connector_is_retried()
    {
        fake.ConnectorFailures.Enqueue((429, "0"));
        var pipeline = new RecordingTurnPipeline(TimeSpan.Zero, BotReply.FromText("answer"));
        await using var app = Create(configureServices: s => s.AddSingleton<ITurnPipeline>(pipeline));
        using var client = app.CreateClient();

        using var response = await PostAsync(client, Message(ConversationId, "hello", fake.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, fake.ConnectorRequests.Count);
    }

    [Fact]
    public async Task A_connector_that_keeps_failing_makes_a_502_and_an_error_log_without_ids()
    {
        fake.ConnectorFailures.Enqueue((500, null));
        var pipeline = new RecordingTurnPipeline(TimeSpan.Zero, BotReply.FromText("answer"));
        await using var app = Create(configureServices: s => s.AddSingleton<ITurnPipeline>(pipeline));
        using var client = app.CreateClient();

        using var response = await PostAsync(client, Message(ConversationId, "hello", fake.ServiceUrl));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains(app.Logs, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("could not be delivered", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs, l => l.Contains("1Teams", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_adaptiveCard_action_invoke_gets_the_card_in_the_response_and_the_text_through_the_connector()
    {
        await using var app = Create();
        using var client = app.CreateClient();
        var dialogs = app.Services.GetRequiredService<DialogCatalog>();
        var invoke = Invoke(new JsonObject { ["verb"] = "refresh" });

        using var response = await PostAsync(client, invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal(200, (int?)body["statusCode"]);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)body["type"]);
        Assert.Contains(dialogs.Common.Text("ask_role"), body["value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(dialogs.Common.Text("welcome"), (string?)Assert.Single(fake.ConnectorRequests).Json!["text"]);
    }

    [Fact]
    public async Task An_adaptiveCard_action_invoke_without_a_card_answers_with_the_text()
    {
        await using var app = Create();
        using var client = app.CreateClient();
        // The pupil's choice gets texts only (the introduction, then the code is asked in words), so no card.
        var role = app.Services.GetRequiredService<DialogCatalog>().Common.For(Role.Pupil);
        var invoke = Invoke(new JsonObject { ["action"] = SessionFlow.ChooseRoleAction, ["role"] = SessionFlow.RoleId(Role.Pupil) });

        using var response = await PostAsync(client, invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal(200, (int?)body["statusCode"]);
        Assert.Equal("application/vnd.microsoft.activity.message", (string?)body["type"]);
        Assert.Contains(role.Intro, (string?)body["value"], StringComparison.Ordinal);
        Assert.Empty(fake.ConnectorRequests);
    }

    private JsonObject Invoke(JsonObject data)
    {
        var invoke = Activity("invoke", ConversationId, fake.ServiceUrl);
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["data"] = data } };
        return invoke;
    }
}
