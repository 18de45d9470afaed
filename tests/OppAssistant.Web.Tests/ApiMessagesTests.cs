using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OppAssistant.Core.Content;
using OppAssistant.Core.Conversation;
using OppAssistant.Core.Turns;
using OppAssistant.Web.Tests.Fakes;
using static OppAssistant.Web.Tests.ApiMessagesTestHost;

namespace OppAssistant.Web.Tests;

/// <summary>/api/messages in local mode (no app id): expectReplies, dispatch by type, bad input.</summary>
public sealed class ApiMessagesTests
{
    [Fact]
    public async Task ExpectReplies_conversationUpdate_returns_the_welcome_and_the_role_card()
    {
        await using var app = Create();
        using var client = app.CreateClient();
        var dialogs = app.Services.GetRequiredService<DialogCatalog>();

        using var response = await PostAsync(client, ConversationUpdate("conv-welcome", expectReplies: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var activities = (await ReadJsonAsync(response))["activities"]!.AsArray();
        Assert.Equal(dialogs.Common.Text("welcome"), (string?)activities[0]!["text"]);
        var card = activities.Select(a => a!["attachments"]?[0]).Single(a => a is not null)!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)card["contentType"]);
        Assert.Contains(dialogs.Common.Text("ask_role"), card["content"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.All(activities, a =>
        {
            Assert.Equal(UserId, (string?)a!["recipient"]!["id"]);
            Assert.Equal("conv-welcome", (string?)a["conversation"]!["id"]);
        });
    }

    [Fact]
    public async Task ExpectReplies_message_naming_the_teacher_role_gets_the_teacher_intro()
    {
        await using var app = Create();
        using var client = app.CreateClient();
        var teacher = app.Services.GetRequiredService<DialogCatalog>().Common.For(Role.Teacher);
        (await PostAsync(client, ConversationUpdate("conv-teacher", expectReplies: true))).Dispose();

        using var response = await PostAsync(client, Message("conv-teacher", teacher.Answers[0], expectReplies: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var texts = (await ReadJsonAsync(response))["activities"]!.AsArray().Select(a => (string?)a!["text"]).ToList();
        Assert.Contains(teacher.Intro, texts);
    }

    [Fact]
    public async Task Local_mode_accepts_loopback_and_refuses_other_callers_and_says_so_at_start()
    {
        await using var app = Create();
        using var client = app.CreateClient();

        using var loopback = await PostAsync(client, ConversationUpdate("conv-local", expectReplies: true));
        app.RemoteIp = IPAddress.Parse("203.0.113.9");
        using var remote = await PostAsync(client, ConversationUpdate("conv-local", expectReplies: true));
        app.RemoteIp = null;
        using var unknown = await PostAsync(client, ConversationUpdate("conv-local", expectReplies: true));

        Assert.Equal(HttpStatusCode.OK, loopback.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, remote.StatusCode);
        Assert.Equal("application/problem+json", remote.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        Assert.Contains(app.Logs, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("local mode is on", StringComparison.Ordinal)
            && line.Contains("only loopback callers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Local_mode_refuses_loopback_requests_forwarded_by_a_reverse_proxy()
    {
        await using var app = Create();
        using var client = app.CreateClient();

        using var forwarded = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(ConversationUpdate("conv-proxied", expectReplies: true).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        forwarded.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var viaProxy = await client.SendAsync(forwarded, TestContext.Current.CancellationToken);

        using var standard = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(ConversationUpdate("conv-proxied", expectReplies: true).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        standard.Headers.Add("Forwarded", "for=203.0.113.9");
        using var viaStandardHeader = await client.SendAsync(standard, TestContext.Current.CancellationToken);

        // A proxy on the same host makes every caller look like loopback; local mode must not open up then.
        Assert.Equal(HttpStatusCode.Forbidden, viaProxy.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viaStandardHeader.StatusCode);
    }

    [Theory]
    [InlineData("{ \"type\": \"message\", ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{ \"text\": \"no type\" }")]
    [InlineData("")]
    public async Task Malformed_JSON_or_a_missing_type_is_a_400_problem(string body)
    {
        await using var app = Create();
        using var client = app.CreateClient();

        using var response = await PostAsync(client, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(400, (int?)(await ReadJsonAsync(response))["status"]);
    }

    [Fact]
    public async Task A_body_over_256_KB_is_a_413_problem_even_when_Content_Length_understates_it()
    {
        await using var app = Create();
        using var client = app.CreateClient();
        var big = Message("conv-big", new string('a', 262_144), expectReplies: true).ToJsonString();

        using var withLength = await PostAsync(client, big);
        using var understated = await client.PostAsync("/api/messages", new UnderstatedContent(Encoding.UTF8.GetBytes(big)), TestContext.Current.CancellationToken);
        using var justUnder = await PostAsync(client, Message("conv-big", new string('a', 200_000), expectReplies: true));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, withLength.StatusCode);
        Assert.Equal("application/problem+json", withLength.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, understated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, justUnder.StatusCode);
    }

    [Theory]
    [InlineData("typing")]
    [InlineData("event")]
    [InlineData("messageReaction")]
    [InlineData("installationUpdate")]
    [InlineData("somethingNew")]
    public async Task Other_activity_types_get_an_empty_200_and_no_turn(string type)
    {
        var pipeline = new RecordingTurnPipeline(TimeSpan.Zero);
        await using var app = Create(configureServices: s => s.AddSingleton<ITurnPipeline>(pipeline));
        using var client = app.CreateClient();

        using var response = await PostAsync(client, Activity(type, "conv-other"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Empty(pipeline.Inputs);
    }

    [Fact]
    public async Task An_invoke_other_than_adaptiveCard_action_is_501()
    {
        var pipeline = new RecordingTurnPipeline(TimeSpan.Zero);
        await using var app = Create(configureServices: s => s.AddSingleton<ITurnPipeline>(pipeline));
        using var client = app.CreateClient();
        var invoke = Activity("invoke", "conv-invoke");
        invoke["name"] = "composeExtension/query";

        using var response = await PostAsync(client, invoke);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Empty(pipeline.Inputs);
    }

    [Fact]
    public async Task A_card_submit_arrives_as_a_card_action_turn()
    {
        var pipeline = new RecordingTurnPipeline(TimeSpan.Zero);
        await using var app = Create(configureServices: s => s.AddSingleton<ITurnPipeline>(pipeline));
        using var client = app.CreateClient();
        var submit = Activity("message", "conv-submit", expectReplies: true);
        submit["value"] = new JsonObject { ["action"] = "chooseRole", ["role"] = "teacher" };

        using var response = await PostAsync(client, submit);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var input = Assert.Single(pipeline.Inputs);
        Assert.Equal(InputKind.CardAction, input.Kind);
        Assert.Equal("teacher", input.Value!.Value.GetProperty("role").GetString());
    }

    /// <summary>
    /// Claims a small Content-Length but sends more, so only the limit while reading can catch it (the
    /// in-memory test server, unlike Kestrel, neither checks the header nor sends chunked bodies).
    /// </summary>
    private sealed class UnderstatedContent : HttpContent
    {
        private readonly byte[] bytes;

        public UnderstatedContent(byte[] bytes)
        {
            this.bytes = bytes;
            Headers.ContentType = new("application/json");
            Headers.ContentLength = 100;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 100;
            return true;
        }
    }
}
