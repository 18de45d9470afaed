using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OppAssistant.BotFramework.Proactive;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Storage;
using OppAssistant.Core.Turns;
using OppAssistant.Testing;
using static OppAssistant.Web.Tests.ApiMessagesTestHost;

namespace OppAssistant.Web.Tests;

/// <summary>
/// IProactiveTurns through the adapter: the bot speaks first in the user's most recent Direct Line or Teams
/// conversation. A test bot answers any follow-up with a fixed text, so only the delivery path is under test.
/// </summary>
public sealed class ProactiveTurnsTests : IAsyncLifetime
{
    private const string Base = "/v3/directline";
    private const string TeamsConversationId = "a:1ProactiveChat";
    private const string EscapedTeamsConversationId = "a%3A1ProactiveChat";
    private const string TeamsUserKey = "aad:00000000-0000-0000-0000-000000000001";
    private const string FollowUpName = "teacher-notices";
    private FakeBotServices fake = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => fake = await FakeBotServices.StartAsync(Ct);

    public async ValueTask DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task A_Direct_Line_conversation_gets_the_proactive_turns_reply_in_its_activities()
    {
        var bot = new FollowUpBot();
        await using var app = Create(configureServices: s => s.AddSingleton<IConversationBot>(bot));
        using var client = app.CreateClient();
        var (conversationId, token) = await StartDirectLineAsync(client);
        using (var posted = await PostDirectLineAsync(client, conversationId, token, """{"type":"message","text":"hello"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }
        var (before, watermark) = await GetActivitiesAsync(client, conversationId, token, "");
        var userId = before.First(a => a.GetProperty("from").GetProperty("role").GetString() == "user").GetProperty("from").GetProperty("id").GetString()!;

        var nudged = await app.Services.GetRequiredService<IProactiveTurns>().NudgeAsync("webchat:" + userId, FollowUpName, Ct);

        Assert.True(nudged);
        var (after, _) = await GetActivitiesAsync(client, conversationId, token, watermark);
        var message = Assert.Single(after);
        Assert.Equal(FollowUpBot.Reply, message.GetProperty("text").GetString());
        Assert.Equal("bot", message.GetProperty("from").GetProperty("role").GetString());
        Assert.Equal(userId, message.GetProperty("recipient").GetProperty("id").GetString());
        Assert.False(message.TryGetProperty("replyToId", out _));
        var followUp = Assert.Single(bot.Inputs, i => i.Kind == InputKind.FollowUp);
        Assert.Equal(conversationId, followUp.Conversation.ConversationId);
        Assert.Equal("webchat:" + userId, followUp.UserKey);
        Assert.Equal(FollowUpName, followUp.Value!.Value.GetProperty("followUp").GetString());
        Assert.True(followUp.Value.Value.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task The_proactive_reply_is_pushed_to_an_open_websocket_stream()
    {
        await using var app = Create(configureServices: s => s.AddSingleton<IConversationBot>(new FollowUpBot()));
        using var client = app.CreateClient();
        using var generated = await client.PostAsync($"{Base}/tokens/generate", null, Ct);
        var token = (await JsonAsync(generated)).GetProperty("token").GetString()!;
        using var started = await SendAsync(client, HttpMethod.Post, $"{Base}/conversations", token);
        var startedBody = await JsonAsync(started);
        var conversationId = startedBody.GetProperty("conversationId").GetString()!;
        var (activities, _) = await GetActivitiesAsync(client, conversationId, token, "");
        var userId = activities[0].GetProperty("recipient").GetProperty("id").GetString()!;

        using var socket = await app.Server.CreateWebSocketClient().ConnectAsync(new Uri(startedBody.GetProperty("streamUrl").GetString()!), Ct);
        var backlog = await ReceiveSetAsync(socket);
        Assert.DoesNotContain(backlog, a => a.TryGetProperty("text", out var t) && t.GetString() == FollowUpBot.Reply);

        // The welcome turn (conversation started) is a successful user turn: it is remembered too.
        Assert.True(await app.Services.GetRequiredService<IProactiveTurns>().NudgeAsync("webchat:" + userId, FollowUpName, Ct));

        var pushed = await ReceiveSetAsync(socket);
        Assert.Equal(FollowUpBot.Reply, Assert.Single(pushed).GetProperty("text").GetString());
        await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, Ct);
    }

    [Fact]
    public async Task A_Teams_user_gets_the_proactive_message_through_SendToConversation_with_the_bots_token()
    {
        var bot = new FollowUpBot();
        await using var app = Create(AuthSettings(fake), s => s.AddSingleton<IConversationBot>(bot));
        using var client = app.CreateClient();
        using (var response = await PostAsync(client, Message(TeamsConversationId, "hello", fake.ServiceUrl), fake.CreateToken(AppId)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var sentBefore = fake.ConnectorRequests.Count;

        var nudged = await app.Services.GetRequiredService<IProactiveTurns>().NudgeAsync(TeamsUserKey, FollowUpName, Ct);

        Assert.True(nudged);
        var sent = Assert.Single(fake.ConnectorRequests.Skip(sentBefore));
        Assert.Equal("POST", sent.Method);
        // SendToConversation: no activity id to reply to.
        Assert.Equal($"/connector/v3/conversations/{EscapedTeamsConversationId}/activities", sent.RawTarget);
        Assert.StartsWith("Bearer fake-bot-token-", sent.Authorization, StringComparison.Ordinal);
        Assert.Equal(FollowUpBot.Reply, (string?)sent.Json!["text"]);
        Assert.Equal(UserId, (string?)sent.Json["recipient"]!["id"]);
        Assert.Equal(BotId, (string?)sent.Json["from"]!["id"]);
        Assert.Null(sent.Json["replyToId"]);
        var followUp = Assert.Single(bot.Inputs, i => i.Kind == InputKind.FollowUp);
        Assert.Equal(new ConversationKey("msteams", TeamsConversationId), followUp.Conversation);
        Assert.Equal(TeamsUserKey, followUp.UserKey);
    }

    [Fact]
    public async Task A_refused_Teams_send_is_false_and_logged_with_a_hashed_conversation_id_only()
    {
        await using var app = Create(AuthSettings(fake), s => s.AddSingleton<IConversationBot>(new FollowUpBot()));
        using var client = app.CreateClient();
        using (var response = await PostAsync(client, Message(TeamsConversationId, "hello", fake.ServiceUrl), fake.CreateToken(AppId)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        fake.FailWhen = _ => 403;

        var nudged = await app.Services.GetRequiredService<IProactiveTurns>().NudgeAsync(TeamsUserKey, FollowUpName, Ct);

        Assert.False(nudged);
        Assert.Contains(app.Logs, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Proactive replies to conversation", StringComparison.Ordinal) && l.Contains("403", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs, l => l.Contains("1ProactiveChat", StringComparison.Ordinal) || l.Contains("00000000-0000-0000-0000-000000000001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_serviceUrl_that_is_no_longer_trusted_is_refused_before_the_turn_runs()
    {
        var bot = new FollowUpBot();
        await using var app = Create(AuthSettings(fake), s => s.AddSingleton<IConversationBot>(bot));
        using var client = app.CreateClient();
        // As after a restart: the reference is stored, but no validated token named its serviceUrl since.
        var input = new TurnInput(new ConversationKey("msteams", TeamsConversationId), UserId, InputKind.Message, "hello") { UserKey = TeamsUserKey };
        await app.Services.GetRequiredService<ConversationReferences>().RememberAsync(input, new ConversationReference
        {
            ChannelId = "msteams",
            ConversationId = TeamsConversationId,
            UserId = UserId,
            BotId = BotId,
            ServiceUrl = fake.ServiceUrl,
        }, Ct);

        var nudged = await app.Services.GetRequiredService<IProactiveTurns>().NudgeAsync(TeamsUserKey, FollowUpName, Ct);

        Assert.False(nudged);
        Assert.Empty(bot.Inputs);
        Assert.Empty(fake.ConnectorRequests);
    }

    [Fact]
    public async Task A_failing_proactive_turn_in_Teams_is_false_and_sends_no_apology_out_of_the_blue()
    {
        var bot = new FollowUpBot { FailFollowUps = true };
        await using var app = Create(configureServices: s => s.AddSingleton<IConversationBot>(bot));
        using var client = app.CreateClient();
        using (var response = await PostAsync(client, Message(TeamsConversationId, "hello", fake.ServiceUrl)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var sentBefore = fake.ConnectorRequests.Count;

        Assert.False(await app.Services.GetRequiredService<IProactiveTurns>().NudgeAsync(TeamsUserKey, FollowUpName, Ct));
        Assert.Contains(bot.Inputs, i => i.Kind == InputKind.FollowUp);
        Assert.Equal(sentBefore, fake.ConnectorRequests.Count);
    }

    [Fact]
    public async Task An_unknown_user_gets_nothing_and_false()
    {
        var bot = new FollowUpBot();
        await using var app = Create(configureServices: s => s.AddSingleton<IConversationBot>(bot));
        using var client = app.CreateClient();

        var nudged = await app.Services.GetRequiredService<IProactiveTurns>().NudgeAsync("aad:0f0f0f0f-0000-4000-8000-00000000000f", FollowUpName, Ct);

        Assert.False(nudged);
        Assert.Empty(bot.Inputs);
        Assert.Empty(fake.ConnectorRequests);
    }

    [Fact]
    public async Task The_reference_is_written_once_for_repeated_turns_and_again_when_the_conversation_changes()
    {
        await using var app = Create(configureServices: s => s.AddSingleton<IConversationBot>(new FollowUpBot()));
        using var client = app.CreateClient();
        var store = app.Services.GetRequiredService<IDocumentStore>();

        for (var i = 0; i < 3; i++)
        {
            using var response = await PostAsync(client, Message(TeamsConversationId, "Sam needs help with reading", fake.ServiceUrl));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var first = await store.GetAsync(ConversationReferences.Collection, TeamsUserKey, Ct);
        using var otherChat = await PostAsync(client, Message("a:1AnotherChat", "hello", fake.ServiceUrl));
        var second = await store.GetAsync(ConversationReferences.Collection, TeamsUserKey, Ct);

        Assert.NotNull(first);
        Assert.Equal(1, first.Version);
        var stored = JsonDocument.Parse(first.Body).RootElement;
        Assert.Equal("msteams", stored.GetProperty("channelId").GetString());
        Assert.Equal(TeamsConversationId, stored.GetProperty("conversationId").GetString());
        Assert.Equal(UserId, stored.GetProperty("userId").GetString());
        Assert.Equal(BotId, stored.GetProperty("botId").GetString());
        Assert.Equal(fake.ServiceUrl, stored.GetProperty("serviceUrl").GetString());
        Assert.Equal("00000000-0000-0000-0000-0000000000aa", stored.GetProperty("tenantId").GetString());
        var text = Encoding.UTF8.GetString(first.Body.Span);
        Assert.DoesNotContain("Sam", text, StringComparison.Ordinal);
        Assert.DoesNotContain(UserName, text, StringComparison.Ordinal);

        Assert.NotNull(second);
        Assert.Equal(2, second.Version);
        Assert.Equal("a:1AnotherChat", JsonDocument.Parse(second.Body).RootElement.GetProperty("conversationId").GetString());
    }

    [Fact]
    public async Task A_group_chat_is_never_remembered_for_proactive_turns()
    {
        var bot = new FollowUpBot();
        await using var app = Create(configureServices: s => s.AddSingleton<IConversationBot>(bot));
        using var client = app.CreateClient();
        var message = Message("19:group-chat@thread.v2", "hello", fake.ServiceUrl);
        message["conversation"]!["conversationType"] = "groupChat";
        using (var response = await PostAsync(client, message))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.False(await app.Services.GetRequiredService<IProactiveTurns>().NudgeAsync(TeamsUserKey, FollowUpName, Ct));
        Assert.DoesNotContain(bot.Inputs, i => i.Kind == InputKind.FollowUp);
    }

    [Fact]
    public async Task The_host_replaces_the_core_defaults()
    {
        await using var app = Create();
        using var client = app.CreateClient();

        Assert.IsType<ProactiveTurns>(app.Services.GetRequiredService<IProactiveTurns>());
        Assert.IsType<BotFramework.Coordinators.TeamsCoordinatorDirectory>(app.Services.GetRequiredService<Core.Review.ICoordinatorDirectory>());
    }

    /// <summary>Answers every follow-up with one fixed text and anything else with "ok"; records what it saw.</summary>
    private sealed class FollowUpBot : IConversationBot
    {
        public const string Reply = "Something is waiting for you.";

        public ConcurrentQueue<TurnInput> Inputs { get; } = new();

        public bool FailFollowUps { get; init; }

        public ValueTask<IReadOnlyList<BotReply>> HandleAsync(ConversationState state, TurnInput input, TurnDocuments documents, CancellationToken cancellationToken)
        {
            Inputs.Enqueue(input);
            if (FailFollowUps && input.Kind == InputKind.FollowUp)
            {
                throw new InvalidOperationException("The test bot fails its follow-ups.");
            }
            IReadOnlyList<BotReply> replies = [BotReply.FromText(input.Kind == InputKind.FollowUp ? Reply : "ok")];
            return ValueTask.FromResult(replies);
        }
    }

    private static async Task<(string ConversationId, string Token)> StartDirectLineAsync(HttpClient client)
    {
        using var generated = await client.PostAsync($"{Base}/tokens/generate", null, Ct);
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        var body = await JsonAsync(generated);
        var (conversationId, token) = (body.GetProperty("conversationId").GetString()!, body.GetProperty("token").GetString()!);
        using var started = await SendAsync(client, HttpMethod.Post, $"{Base}/conversations", token);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        return (conversationId, token);
    }

    private static async Task<(List<JsonElement> Activities, string Watermark)> GetActivitiesAsync(HttpClient client, string conversationId, string token, string watermark)
    {
        using var response = await SendAsync(client, HttpMethod.Get, $"{Base}/conversations/{conversationId}/activities?watermark={watermark}", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        return (body.GetProperty("activities").EnumerateArray().ToList(), body.GetProperty("watermark").GetString()!);
    }

    private static Task<HttpResponseMessage> PostDirectLineAsync(HttpClient client, string conversationId, string token, string json) =>
        SendAsync(client, HttpMethod.Post, $"{Base}/conversations/{conversationId}/activities", token, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request, Ct);
    }

    private static async Task<List<JsonElement>> ReceiveSetAsync(System.Net.WebSockets.WebSocket socket)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        System.Net.WebSockets.WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        using var document = JsonDocument.Parse(message.ToArray());
        return document.RootElement.GetProperty("activities").EnumerateArray().Select(a => a.Clone()).ToList();
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return document.RootElement.Clone();
    }
}
