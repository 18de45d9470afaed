using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OppAssistant.BotFramework.DirectLine;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Turns;

namespace OppAssistant.Web.Tests;

/// <summary>The Direct Line subset as Web Chat uses it, over the in-memory server.</summary>
public sealed class DirectLineTests
{
    private const string Base = "/v3/directline";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Starting_a_conversation_greets_once_and_polling_returns_the_welcome()
    {
        await using var app = new OppAssistantApplication();
        using var client = app.CreateClient();
        var dialogs = app.Services.GetRequiredService<DialogCatalog>().Common;

        var (conversationId, token) = await GenerateAsync(client);
        using var started = await SendAsync(client, HttpMethod.Post, $"{Base}/conversations", token);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var body = await JsonAsync(started);
        Assert.Equal(conversationId, body.GetProperty("conversationId").GetString());
        Assert.Equal(token, body.GetProperty("token").GetString());
        Assert.InRange(body.GetProperty("expires_in").GetInt32(), 1700, 1800);
        Assert.StartsWith($"ws://localhost{Base}/conversations/{conversationId}/stream?t=", body.GetProperty("streamUrl").GetString());

        var (activities, watermark) = await GetActivitiesAsync(client, conversationId, token, "");
        var welcome = Assert.Single(activities, a => a.TryGetProperty("text", out var t) && t.GetString() == dialogs.Text("welcome"));
        Assert.Equal("bot", welcome.GetProperty("from").GetProperty("role").GetString());
        Assert.False(string.IsNullOrEmpty(welcome.GetProperty("id").GetString()));
        Assert.False(string.IsNullOrEmpty(welcome.GetProperty("timestamp").GetString()));
        Assert.Equal(activities.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), watermark);

        // directlinejs may call it again (e.g. a reload with the same token): no second welcome.
        using var again = await SendAsync(client, HttpMethod.Post, $"{Base}/conversations", token);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(conversationId, (await JsonAsync(again)).GetProperty("conversationId").GetString());
        var (all, _) = await GetActivitiesAsync(client, conversationId, token, "");
        Assert.Equal(activities.Count, all.Count);
    }

    [Fact]
    public async Task A_message_is_echoed_as_the_token_user_before_the_reply_and_watermarks_page()
    {
        await using var app = new OppAssistantApplication();
        using var client = app.CreateClient();
        var dialogs = app.Services.GetRequiredService<DialogCatalog>().Common;
        var (conversationId, token) = await StartAsync(client);
        var (welcome, watermark) = await GetActivitiesAsync(client, conversationId, token, "");

        // The body claims to be someone else, and a bot; the server must not believe it.
        // The coordinator's role (in local mode a Web Chat user may take it): the introduction, then the queue's card.
        var roleWord = dialogs.For(Role.Coordinator).Answers[0];
        using var posted = await PostActivityAsync(client, conversationId, token,
            $$$"""{"type":"message","text":"{{{roleWord}}}","from":{"id":"dl_spoofed","role":"bot"},"channelData":{"clientActivityID":"client-1"}}""");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var id = (await JsonAsync(posted)).GetProperty("id").GetString();

        var (fresh, next) = await GetActivitiesAsync(client, conversationId, token, watermark);
        Assert.DoesNotContain(fresh, a => welcome.Any(w => w.GetProperty("id").GetString() == a.GetProperty("id").GetString()));
        var echo = fresh[0];
        Assert.Equal(id, echo.GetProperty("id").GetString());
        Assert.Equal("client-1", echo.GetProperty("channelData").GetProperty("clientActivityID").GetString());
        Assert.Equal("user", echo.GetProperty("from").GetProperty("role").GetString());
        var userId = echo.GetProperty("from").GetProperty("id").GetString()!;
        Assert.NotEqual("dl_spoofed", userId);
        Assert.False(userId.StartsWith("dl_", StringComparison.Ordinal));
        Assert.False(string.IsNullOrEmpty(echo.GetProperty("timestamp").GetString()));

        var replies = fresh.Where(a => a.TryGetProperty("replyToId", out var r) && r.GetString() == id && a.GetProperty("type").GetString() == "message").ToList();
        Assert.Equal(2, replies.Count);
        var reply = replies[0];
        Assert.Equal(dialogs.For(Role.Coordinator).Intro, reply.GetProperty("text").GetString());
        Assert.True(replies[1].TryGetProperty("attachments", out _));
        Assert.Equal("bot", reply.GetProperty("from").GetProperty("role").GetString());
        var ids = welcome.Concat(fresh).Select(a => a.GetProperty("id").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());

        var (none, same) = await GetActivitiesAsync(client, conversationId, token, next);
        Assert.Empty(none);
        Assert.Equal(next, same);
    }

    [Fact]
    public async Task Messages_sent_at_once_are_logged_turn_by_turn_each_echo_followed_by_its_replies()
    {
        await using var app = new OppAssistantApplication();
        using var client = app.CreateClient();
        var (conversationId, token) = await StartAsync(client);
        var (_, watermark) = await GetActivitiesAsync(client, conversationId, token, "");

        var posts = Enumerable.Range(0, 12).Select(async i =>
        {
            using var posted = await PostActivityAsync(client, conversationId, token,
                $$$"""{"type":"message","text":"help","channelData":{"clientActivityID":"c{{{i}}}"}}""");
            return (await JsonAsync(posted)).GetProperty("id").GetString();
        });
        var ids = await Task.WhenAll(posts);

        var (logged, _) = await GetActivitiesAsync(client, conversationId, token, watermark);
        string? currentEcho = null;
        foreach (var activity in logged)
        {
            if (activity.GetProperty("from").GetProperty("role").GetString() == "user")
            {
                currentEcho = activity.GetProperty("id").GetString();
            }
            else
            {
                Assert.Equal(currentEcho, activity.GetProperty("replyToId").GetString());
            }
        }
        Assert.Equal(ids.Order(), logged.Where(a => a.GetProperty("from").GetProperty("role").GetString() == "user")
            .Select(a => a.GetProperty("id").GetString()).Order());
    }

    [Fact]
    public async Task A_slow_turn_shows_typing_between_echo_and_reply()
    {
        await using var app = new OppAssistantApplication(
            new Dictionary<string, string?> { ["DirectLine:TypingDelay"] = "00:00:00.050" },
            services => services.AddSingleton<ITurnPipeline>(sp =>
                new SlowPipeline(ActivatorUtilities.CreateInstance<TurnPipeline>(sp), TimeSpan.FromMilliseconds(500))));
        using var client = app.CreateClient();
        var (conversationId, token) = await StartAsync(client);
        var (_, watermark) = await GetActivitiesAsync(client, conversationId, token, "");

        using var posted = await PostActivityAsync(client, conversationId, token, """{"type":"message","text":"help"}""");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        var (fresh, _) = await GetActivitiesAsync(client, conversationId, token, watermark);
        Assert.Equal(["message", "typing", "message"], fresh.Select(a => a.GetProperty("type").GetString()).Take(3));
        Assert.Equal("user", fresh[0].GetProperty("from").GetProperty("role").GetString());
        Assert.Equal("bot", fresh[1].GetProperty("from").GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_token_for_another_conversation_or_none_is_refused()
    {
        await using var app = new OppAssistantApplication();
        using var client = app.CreateClient();
        var (first, firstToken) = await StartAsync(client);
        var (second, _) = await StartAsync(client);

        using var read = await SendAsync(client, HttpMethod.Get, $"{Base}/conversations/{second}/activities?watermark=", firstToken);
        using var post = await PostActivityAsync(client, second, firstToken, """{"type":"message","text":"hallo"}""");
        using var reconnect = await SendAsync(client, HttpMethod.Get, $"{Base}/conversations/{second}", firstToken);
        using var anonymous = await SendAsync(client, HttpMethod.Get, $"{Base}/conversations/{first}/activities", token: null);
        using var forged = await SendAsync(client, HttpMethod.Get, $"{Base}/conversations/{first}/activities", firstToken[..^2] + "AA");

        Assert.All([read, post, reconnect, anonymous, forged], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
    }

    [Fact]
    public async Task An_expired_token_is_refused_and_a_refreshed_one_keeps_the_conversation()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new OppAssistantApplication(configureServices: services => services.AddSingleton<TimeProvider>(clock));
        using var client = app.CreateClient();
        var (conversationId, token) = await StartAsync(client);

        clock.Advance(TimeSpan.FromMinutes(20));
        using var refreshed = await SendAsync(client, HttpMethod.Post, $"{Base}/tokens/refresh", token);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var body = await JsonAsync(refreshed);
        Assert.Equal(conversationId, body.GetProperty("conversationId").GetString());
        var newToken = body.GetProperty("token").GetString()!;
        Assert.NotEqual(token, newToken);
        Assert.Equal(1800, body.GetProperty("expires_in").GetInt32());

        clock.Advance(TimeSpan.FromMinutes(11));
        using var expired = await SendAsync(client, HttpMethod.Get, $"{Base}/conversations/{conversationId}/activities?watermark=", token);
        using var expiredRefresh = await SendAsync(client, HttpMethod.Post, $"{Base}/tokens/refresh", token);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, expiredRefresh.StatusCode);

        var (activities, _) = await GetActivitiesAsync(client, conversationId, newToken, "");
        Assert.NotEmpty(activities);
    }

    [Fact]
    public async Task Reconnecting_returns_a_fresh_stream_url_for_the_same_conversation()
    {
        await using var app = new OppAssistantApplication();
        using var client = app.CreateClient();
        var (conversationId, token) = await StartAsync(client);

        using var response = await SendAsync(client, HttpMethod.Get, $"{Base}/conversations/{conversationId}?watermark=2", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal(conversationId, body.GetProperty("conversationId").GetString());
        var fresh = body.GetProperty("token").GetString()!;
        Assert.Equal($"ws://localhost{Base}/conversations/{conversationId}/stream?t={Uri.EscapeDataString(fresh)}", body.GetProperty("streamUrl").GetString());
    }

    [Fact]
    public async Task An_oversized_activity_is_refused_with_413_also_without_content_length()
    {
        await using var app = new OppAssistantApplication();
        using var client = app.CreateClient();
        var (conversationId, token) = await StartAsync(client);
        var json = $$"""{"type":"message","text":"{{new string('a', 300 * 1024)}}"}""";

        using var declared = await PostActivityAsync(client, conversationId, token, json);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Base}/conversations/{conversationId}/activities")
        {
            Content = new UnknownLengthContent(Encoding.UTF8.GetBytes(json)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var chunked = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal("application/problem+json", declared.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        var (activities, _) = await GetActivitiesAsync(client, conversationId, token, "");
        Assert.DoesNotContain(activities, a => a.GetProperty("from").GetProperty("role").GetString() == "user");
    }

    [Theory]
    [InlineData("{\"type\":\"message\",\"text\":")]
    [InlineData("not json")]
    [InlineData("{\"text\":\"no type\"}")]
    [InlineData("")]
    public async Task A_malformed_activity_is_refused_with_400(string body)
    {
        await using var app = new OppAssistantApplication();
        using var client = app.CreateClient();
        var (conversationId, token) = await StartAsync(client);

        using var response = await PostActivityAsync(client, conversationId, token, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Token_requests_are_limited_per_client_address()
    {
        await using var app = new OppAssistantApplication(new Dictionary<string, string?> { ["DirectLine:TokenRequestsPerMinute"] = "3" });
        using var client = app.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await client.PostAsync($"{Base}/tokens/generate", null, Ct);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using var limited = await client.PostAsync($"{Base}/tokens/generate", null, Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);

        app.RemoteIp = IPAddress.Parse("192.0.2.7");
        using var otherClient = await client.PostAsync($"{Base}/tokens/generate", null, Ct);
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
    }

    [Fact]
    public async Task Messages_are_limited_per_conversation_not_per_address()
    {
        await using var app = new OppAssistantApplication(new Dictionary<string, string?> { ["DirectLine:ActivitiesPerMinute"] = "2" });
        using var client = app.CreateClient();
        var (first, firstToken) = await StartAsync(client);
        var (second, secondToken) = await StartAsync(client);
        const string Message = """{"type":"message","text":"help"}""";

        for (var i = 0; i < 2; i++)
        {
            using var allowed = await PostActivityAsync(client, first, firstToken, Message);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using var limited = await PostActivityAsync(client, first, firstToken, Message);
        using var otherConversation = await PostActivityAsync(client, second, secondToken, Message);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherConversation.StatusCode);
        var (logged, _) = await GetActivitiesAsync(client, first, firstToken, "");
        Assert.Equal(2, logged.Count(a => a.GetProperty("from").GetProperty("role").GetString() == "user"));
    }

    [Fact]
    public async Task Token_requests_are_limited_per_ipv6_prefix_not_per_address()
    {
        await using var app = new OppAssistantApplication(new Dictionary<string, string?> { ["DirectLine:TokenRequestsPerMinute"] = "3" });
        using var client = app.CreateClient();

        // One client holds a whole /64 and can use a new address for every request.
        for (var i = 1; i <= 3; i++)
        {
            app.RemoteIp = IPAddress.Parse($"2001:db8:1:2::{i}");
            using var allowed = await client.PostAsync($"{Base}/tokens/generate", null, Ct);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        app.RemoteIp = IPAddress.Parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd");
        using var limited = await client.PostAsync($"{Base}/tokens/generate", null, Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);

        app.RemoteIp = IPAddress.Parse("2001:db8:1:3::1");
        using var otherNetwork = await client.PostAsync($"{Base}/tokens/generate", null, Ct);
        Assert.Equal(HttpStatusCode.OK, otherNetwork.StatusCode);
    }

    [Fact]
    public async Task Token_requests_of_an_ipv4_client_share_one_limit_also_as_mapped_ipv6()
    {
        await using var app = new OppAssistantApplication(new Dictionary<string, string?> { ["DirectLine:TokenRequestsPerMinute"] = "2" });
        using var client = app.CreateClient();

        app.RemoteIp = IPAddress.Parse("192.0.2.7");
        using var first = await client.PostAsync($"{Base}/tokens/generate", null, Ct);
        app.RemoteIp = IPAddress.Parse("::ffff:192.0.2.7");
        using var second = await client.PostAsync($"{Base}/tokens/generate", null, Ct);
        app.RemoteIp = IPAddress.Parse("192.0.2.7");
        using var third = await client.PostAsync($"{Base}/tokens/generate", null, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }

    [Fact]
    public async Task Cors_preflight_is_answered_for_allowed_origins_only()
    {
        await using var app = new OppAssistantApplication(new Dictionary<string, string?> { ["DirectLine:AllowedOrigins:0"] = "https://www.school.example/" });
        using var client = app.CreateClient();

        using var allowed = await PreflightAsync(client, "https://www.school.example");
        using var other = await PreflightAsync(client, "https://elsewhere.example");

        Assert.True(allowed.IsSuccessStatusCode);
        Assert.Equal("https://www.school.example", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        var headers = string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("authorization", headers);
        Assert.Contains("content-type", headers);
        Assert.Contains("x-ms-bot-agent", headers);
        Assert.Contains("POST", string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Methods")));
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_websocket_sends_the_backlog_and_then_new_activities()
    {
        await using var app = new OppAssistantApplication();
        using var client = app.CreateClient();
        var dialogs = app.Services.GetRequiredService<DialogCatalog>().Common;
        var (conversationId, token) = await GenerateAsync(client);
        using var started = await SendAsync(client, HttpMethod.Post, $"{Base}/conversations", token);
        var streamUrl = new Uri((await JsonAsync(started)).GetProperty("streamUrl").GetString()!);

        var socketClient = app.Server.CreateWebSocketClient();
        using var socket = await socketClient.ConnectAsync(streamUrl, Ct);
        var backlog = await ReceiveSetAsync(socket);
        Assert.Contains(backlog.Activities, a => a.TryGetProperty("text", out var t) && t.GetString() == dialogs.Text("welcome"));

        // directlinejs pings with empty frames; they must not disturb the stream.
        await socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, endOfMessage: true, Ct);
        using var posted = await PostActivityAsync(client, conversationId, token, """{"type":"message","text":"help","channelData":{"clientActivityID":"ws-1"}}""");
        var id = (await JsonAsync(posted)).GetProperty("id").GetString();

        var received = new List<JsonElement>();
        var watermarks = new List<long> { long.Parse(backlog.Watermark, System.Globalization.CultureInfo.InvariantCulture) };
        while (!received.Any(a => a.TryGetProperty("replyToId", out var r) && r.GetString() == id))
        {
            var set = await ReceiveSetAsync(socket);
            received.AddRange(set.Activities);
            watermarks.Add(long.Parse(set.Watermark, System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.Equal("ws-1", received[0].GetProperty("channelData").GetProperty("clientActivityID").GetString());
        Assert.Equal(received.Count, received.Select(a => a.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(watermarks.Order(), watermarks);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Ct);
        Assert.Equal(WebSocketState.Closed, socket.State);
    }

    [Fact]
    public async Task One_token_cannot_open_unlimited_websockets()
    {
        await using var app = new OppAssistantApplication();
        using var client = app.CreateClient();
        var (conversationId, token) = await StartAsync(client);
        var url = new Uri($"ws://localhost{Base}/conversations/{conversationId}/stream?t={Uri.EscapeDataString(token)}");

        var sockets = new List<WebSocket>();
        try
        {
            for (var i = 0; i < DirectLineOptions.MaxStreamsPerConversation; i++)
            {
                var socket = await app.Server.CreateWebSocketClient().ConnectAsync(url, Ct);
                sockets.Add(socket);
                _ = await ReceiveSetAsync(socket);
            }
            await Assert.ThrowsAnyAsync<Exception>(() => app.Server.CreateWebSocketClient().ConnectAsync(url, Ct));

            // A closed stream frees its place, so directlinejs can reconnect.
            await sockets[0].CloseAsync(WebSocketCloseStatus.NormalClosure, null, Ct);
            sockets[0].Dispose();
            sockets.RemoveAt(0);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            WebSocket? again = null;
            while (again is null)
            {
                try
                {
                    again = await app.Server.CreateWebSocketClient().ConnectAsync(url, Ct);
                }
                catch (Exception) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50, Ct);
                }
            }
            sockets.Add(again);
            Assert.Equal(WebSocketState.Open, again.State);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    [Fact]
    public async Task The_websocket_refuses_a_foreign_origin_and_a_bad_token()
    {
        await using var app = new OppAssistantApplication();
        using var client = app.CreateClient();
        var (conversationId, token) = await StartAsync(client);

        var foreign = app.Server.CreateWebSocketClient();
        foreign.ConfigureRequest = request => request.Headers.Origin = "https://elsewhere.example";
        var url = new Uri($"ws://localhost{Base}/conversations/{conversationId}/stream?t={Uri.EscapeDataString(token)}");
        await Assert.ThrowsAnyAsync<Exception>(() => foreign.ConnectAsync(url, Ct));

        var badToken = app.Server.CreateWebSocketClient();
        await Assert.ThrowsAnyAsync<Exception>(() => badToken.ConnectAsync(new Uri($"ws://localhost{Base}/conversations/{conversationId}/stream?t=nope"), Ct));

        var sameHost = app.Server.CreateWebSocketClient();
        sameHost.ConfigureRequest = request => request.Headers.Origin = "http://localhost";
        using var socket = await sameHost.ConnectAsync(url, Ct);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task The_generated_signing_key_survives_a_restart()
    {
        var data = Path.Combine(Path.GetTempPath(), "oppassistant-tests", Guid.NewGuid().ToString("n"));
        var settings = new Dictionary<string, string?> { ["Storage:DataDirectory"] = data };
        try
        {
            string conversationId, token;
            await using (var first = new OppAssistantApplication(settings))
            {
                using var client = first.CreateClient();
                (conversationId, token) = await StartAsync(client);
            }
            await using var second = new OppAssistantApplication(settings);
            using var secondClient = second.CreateClient();
            var (activities, _) = await GetActivitiesAsync(secondClient, conversationId, token, "");
            Assert.NotEmpty(activities);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("DirectLine:AllowedOrigins:0", "https://school.example/chat", "DirectLine:AllowedOrigins")]
    [InlineData("DirectLine:AllowedOrigins:0", "*", "DirectLine:AllowedOrigins")]
    [InlineData("DirectLine:TokenSigningKey", "c2hvcnQ=", "DirectLine:TokenSigningKey")]
    [InlineData("DirectLine:TokenLifetime", "2.00:00:00", "DirectLine:TokenLifetime")]
    public void Invalid_settings_stop_the_start_with_a_clear_message(string key, string value, string expected)
    {
        using var app = new OppAssistantApplication(new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task Direct_line_logs_hold_no_message_text_ids_or_tokens()
    {
        await using var app = new OppAssistantApplication();
        using var client = app.CreateClient();
        var (conversationId, token) = await StartAsync(client);
        using var posted = await PostActivityAsync(client, conversationId, token, """{"type":"message","text":"geheime zin over Pietje"}""");
        using var malformed = await PostActivityAsync(client, conversationId, token, "{}");
        using var wrong = await SendAsync(client, HttpMethod.Get, $"{Base}/conversations/{conversationId}/activities", "x" + token);

        var ours = app.Logs.Where(l => l.Contains(" OppAssistant.", StringComparison.Ordinal)).ToList();
        Assert.Contains(ours, l => l.Contains("DirectLine", StringComparison.Ordinal));
        Assert.DoesNotContain(ours, l => l.Contains("Pietje", StringComparison.Ordinal) || l.Contains(conversationId, StringComparison.Ordinal) || l.Contains(token, StringComparison.Ordinal));
    }

    private static async Task<(string ConversationId, string Token)> GenerateAsync(HttpClient client)
    {
        using var response = await client.PostAsync($"{Base}/tokens/generate", null, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        return (body.GetProperty("conversationId").GetString()!, body.GetProperty("token").GetString()!);
    }

    private static async Task<(string ConversationId, string Token)> StartAsync(HttpClient client)
    {
        var (conversationId, token) = await GenerateAsync(client);
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

    private static Task<HttpResponseMessage> PostActivityAsync(HttpClient client, string conversationId, string token, string json) =>
        SendAsync(client, HttpMethod.Post, $"{Base}/conversations/{conversationId}/activities", token, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string? token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await client.SendAsync(request, Ct);
    }

    private static Task<HttpResponseMessage> PreflightAsync(HttpClient client, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, $"{Base}/conversations");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-ms-bot-agent");
        return client.SendAsync(request, Ct);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return document.RootElement.Clone();
    }

    private static async Task<(List<JsonElement> Activities, string Watermark)> ReceiveSetAsync(WebSocket socket)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        using var document = JsonDocument.Parse(message.ToArray());
        var root = document.RootElement.Clone();
        return (root.GetProperty("activities").EnumerateArray().ToList(), root.GetProperty("watermark").GetString()!);
    }

    private sealed class SlowPipeline(ITurnPipeline inner, TimeSpan delay) : ITurnPipeline
    {
        public async Task<TurnOutcome> RunAsync(TurnInput input, CancellationToken cancellationToken)
        {
            if (input.Kind != InputKind.ConversationStarted)
            {
                await Task.Delay(delay, cancellationToken);
            }
            return await inner.RunAsync(input, cancellationToken);
        }

        public async Task<TurnOutcome> RunAsync(TurnInput input, Func<IReadOnlyList<BotReply>, Core.Storage.LogAppend> record, CancellationToken cancellationToken)
        {
            if (input.Kind != InputKind.ConversationStarted)
            {
                await Task.Delay(delay, cancellationToken);
            }
            return await inner.RunAsync(input, record, cancellationToken);
        }
    }

    /// <summary>A body whose length is not known up front, like a chunked upload.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
