using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OppAssistant.Core.Content;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Turns;
using OppAssistant.Storage.Sqlite;
using OppAssistant.Testing;
using OppAssistant.Web.Tests.Fakes;
using static OppAssistant.Web.Tests.ApiMessagesTestHost;

namespace OppAssistant.Web.Tests;

/// <summary>
/// Teams channels and group chats (the app installed in a team with teams-package --team-scope): everyone there reads
/// along, so no turn runs and nothing is stored; a message gets one answer pointing to a personal chat.
/// </summary>
public sealed class ApiMessagesSharedConversationTests : IAsyncLifetime
{
    private const string ChannelConversationId = "19:channel-7c1e@thread.tacv2;messageid=1733250000000";
    private const string GroupChatConversationId = "19:groupchat-5d2a@thread.v2";
    private const string TeamId = "19:team-2f9b@thread.tacv2";
    private const string PersonalConversationId = "a:1PersonalChatWithSam";
    private FakeBotServices fake = null!;
    private WriteRecordingStore store = null!;

    public async ValueTask InitializeAsync() => fake = await FakeBotServices.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task A_signed_channel_message_gets_one_reply_through_the_connector_and_nothing_is_stored()
    {
        await using var app = CreateApp(AuthSettings(fake));
        using var client = app.CreateClient();
        var dialogs = app.Services.GetRequiredService<DialogCatalog>();
        var message = Shared(Message(ChannelConversationId, "Noor uit groep 5 heeft dyslexie, kun je helpen?", fake.ServiceUrl), "channel");

        using var response = await PostAsync(client, message, fake.CreateToken(AppId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(fake.ConnectorRequests);
        Assert.Equal("POST", reply.Method);
        Assert.Equal(
            $"/connector/v3/conversations/{Uri.EscapeDataString(ChannelConversationId)}/activities/{(string?)message["id"]}",
            reply.RawTarget);
        Assert.Equal("Bearer fake-bot-token-1", reply.Authorization);
        Assert.Equal("message", (string?)reply.Json!["type"]);
        Assert.Equal(dialogs.Channels.PersonalOnly, (string?)reply.Json["text"]);
        Assert.Equal((string?)message["id"], (string?)reply.Json["replyToId"]);
        Assert.Null(reply.Json["attachments"]);
        Assert.Empty(store.Writes);
        Assert.Null(await StoredStateAsync(ChannelConversationId));

        // The log names the activity and conversation type, nothing of the team, the chat or the message.
        Assert.Contains(app.Logs, l => l.Contains("message activity in a channel conversation", StringComparison.Ordinal));
        var logs = string.Join('\n', app.Logs);
        Assert.DoesNotContain("Noor", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("channel-7c1e", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(LogIdsOf(ChannelConversationId), logs, StringComparison.Ordinal);
        Assert.DoesNotContain("team-2f9b", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(UserName, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(UserId, logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_chat_message_gets_the_same_single_reply_and_runs_no_turn()
    {
        var pipeline = new RecordingTurnPipeline(TimeSpan.Zero, BotReply.FromText("a turn ran"));
        await using var app = CreateApp(configureServices: s => s.AddSingleton<ITurnPipeline>(pipeline));
        using var client = app.CreateClient();
        var dialogs = app.Services.GetRequiredService<DialogCatalog>();

        using var response = await PostAsync(client, Shared(Message(GroupChatConversationId, "hallo", fake.ServiceUrl), "groupChat"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(pipeline.Inputs);
        Assert.Equal(dialogs.Channels.PersonalOnly, (string?)Assert.Single(fake.ConnectorRequests).Json!["text"]);
        Assert.Empty(store.Writes);
        Assert.Contains(app.Logs, l => l.Contains("message activity in a groupChat conversation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_marked_isGroup_without_a_known_type_is_refused_too()
    {
        await using var app = CreateApp();
        using var client = app.CreateClient();
        var message = Message(GroupChatConversationId, "hallo", fake.ServiceUrl);
        message["conversation"]!["conversationType"] = null;
        message["conversation"]!["isGroup"] = true;

        using var response = await PostAsync(client, message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(app.Services.GetRequiredService<DialogCatalog>().Channels.PersonalOnly, (string?)Assert.Single(fake.ConnectorRequests).Json!["text"]);
        Assert.Empty(store.Writes);
    }

    [Fact]
    public async Task Installing_the_bot_in_a_team_gets_200_and_nothing()
    {
        await using var app = CreateApp();
        using var client = app.CreateClient();
        var update = Shared(ConversationUpdate(TeamId, fake.ServiceUrl), "channel");
        update["channelData"]!["eventType"] = "teamMemberAdded";

        using var response = await PostAsync(client, update);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Empty(fake.ConnectorRequests);
        Assert.Empty(store.Writes);
        Assert.Null(await StoredStateAsync(TeamId));
        Assert.Contains(app.Logs, l => l.Contains("conversationUpdate activity in a channel conversation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_card_action_in_a_channel_gets_200_and_nothing()
    {
        await using var app = CreateApp();
        using var client = app.CreateClient();
        var invoke = Shared(Activity("invoke", ChannelConversationId, fake.ServiceUrl), "channel");
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["data"] = new JsonObject { ["verb"] = "refresh" } } };

        using var response = await PostAsync(client, invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(fake.ConnectorRequests);
        Assert.Empty(store.Writes);
    }

    [Fact]
    public async Task A_personal_message_still_runs_a_turn_and_stores_its_state()
    {
        await using var app = CreateApp();
        using var client = app.CreateClient();
        var dialogs = app.Services.GetRequiredService<DialogCatalog>();

        using var response = await PostAsync(client, Message(PersonalConversationId, "hallo", fake.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var texts = fake.ConnectorRequests.Select(r => (string?)r.Json!["text"]).ToList();
        Assert.Equal(dialogs.Common.Text("welcome"), texts[0]);
        Assert.DoesNotContain(dialogs.Channels.PersonalOnly, texts);
        // The recording store sees the turn's writes: the channel tests' empty list is not an accident of the fake.
        Assert.Contains(TurnPipeline.Collection, store.Writes);
        Assert.NotNull(await StoredStateAsync(PersonalConversationId));
        Assert.DoesNotContain(app.Logs, l => l.Contains("runs no turn", StringComparison.Ordinal));
    }

    /// <summary>The host with the real turn pipeline and SQLite store, every write recorded from the first request on.</summary>
    private OppAssistantApplication CreateApp(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null) =>
        Create(settings, s =>
        {
            s.AddSingleton<IDocumentStore>(sp => store = new WriteRecordingStore(sp.GetRequiredService<SqliteStore>()));
            configureServices?.Invoke(s);
        });

    private Task<StoredDocument?> StoredStateAsync(string conversationId) =>
        store.GetAsync(TurnPipeline.Collection, new ConversationKey("msteams", conversationId).Value, TestContext.Current.CancellationToken);

    private static string LogIdsOf(string identifier) => Core.Diagnostics.LogIds.Of(identifier);

    /// <summary>What Teams sends from a team channel or a group chat: the type, isGroup and (for a channel) the team.</summary>
    private static JsonObject Shared(JsonObject activity, string conversationType)
    {
        activity["conversation"]!["conversationType"] = conversationType;
        activity["conversation"]!["isGroup"] = true;
        if (conversationType == "channel")
        {
            activity["channelData"]!["team"] = new JsonObject { ["id"] = TeamId };
            activity["channelData"]!["channel"] = new JsonObject { ["id"] = ChannelConversationId.Split(';')[0] };
        }
        return activity;
    }
}
