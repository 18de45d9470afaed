using Stopwatch = System.Diagnostics.Stopwatch;
using Microsoft.Extensions.DependencyInjection;
using OppAssistant.BotFramework.Auth;
using OppAssistant.BotFramework.Connector;
using OppAssistant.BotFramework.Protocol;
using OppAssistant.Testing;

namespace OppAssistant.BotFramework.Tests;

public sealed class BotConnectorClientTests : IAsyncLifetime
{
    // A Teams channel conversation id: ':' and ';' and '=' must be escaped in the path.
    private const string ConversationId = "19:abc@thread.tacv2;messageid=1712345678901";
    private const string EscapedConversationId = "19%3Aabc%40thread.tacv2%3Bmessageid%3D1712345678901";
    private FakeBotServices fake = null!;

    public async ValueTask InitializeAsync() => fake = await FakeBotServices.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task A_429_is_retried_after_Retry_After_with_the_bearer_token_on_an_escaped_path()
    {
        await using var services = BotConnectorTestServices.Create(fake);
        services.GetRequiredService<TrustedServiceUrls>().Trust(fake.ServiceUrl);
        var client = services.GetRequiredService<BotConnectorClient>();
        fake.ConnectorFailures.Enqueue((429, "2"));
        var watch = Stopwatch.StartNew();

        var response = await client.ReplyToActivityAsync(Reply(replyToId: "1712345678901"), TestContext.Current.CancellationToken);

        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.9), $"retried after {watch.Elapsed}, before Retry-After");
        var requests = fake.ConnectorRequests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.All(requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal($"/connector/v3/conversations/{EscapedConversationId}/activities/1712345678901", r.RawTarget);
            Assert.Equal("Bearer fake-bot-token-1", r.Authorization);
            Assert.Equal("the reply", (string?)r.Json!["text"]);
        });
        Assert.Equal("reply-2", response?.Id);
    }

    [Fact]
    public async Task The_token_is_fetched_once_for_several_sends()
    {
        await using var services = BotConnectorTestServices.Create(fake);
        services.GetRequiredService<TrustedServiceUrls>().Trust(fake.ServiceUrl);
        var client = services.GetRequiredService<BotConnectorClient>();

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.SendToConversationAsync(Reply(), TestContext.Current.CancellationToken)));
        await client.SendToConversationAsync(Reply(), TestContext.Current.CancellationToken);

        Assert.Equal(1, fake.TokenRequests);
        Assert.Equal(6, fake.ConnectorRequests.Count);
        Assert.All(fake.ConnectorRequests, r => Assert.Equal($"/connector/v3/conversations/{EscapedConversationId}/activities", r.RawTarget));
        var form = Assert.Single(fake.TokenForms);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(BotConnectorTestServices.AppId, form["client_id"]);
        Assert.Equal(BotConnectorTestServices.AppPassword, form["client_secret"]);
        Assert.Equal("https://api.botframework.com/.default", form["scope"]);
    }

    [Fact]
    public async Task The_token_is_never_sent_to_a_serviceUrl_no_validated_token_named()
    {
        await using var services = BotConnectorTestServices.Create(fake);
        var client = services.GetRequiredService<BotConnectorClient>();

        await Assert.ThrowsAsync<BotConnectorException>(() => client.SendToConversationAsync(Reply(), TestContext.Current.CancellationToken));

        Assert.Empty(fake.ConnectorRequests);
    }

    [Fact]
    public async Task Local_mode_sends_without_a_token()
    {
        await using var services = BotConnectorTestServices.Create(fake, localMode: true);
        var client = services.GetRequiredService<BotConnectorClient>();

        await client.SendToConversationAsync(Reply(), TestContext.Current.CancellationToken);

        Assert.Equal("", Assert.Single(fake.ConnectorRequests).Authorization);
        Assert.Equal(0, fake.TokenRequests);
    }

    [Fact]
    public async Task A_POST_is_not_retried_on_a_server_error()
    {
        await using var services = BotConnectorTestServices.Create(fake, localMode: true);
        var client = services.GetRequiredService<BotConnectorClient>();
        fake.ConnectorFailures.Enqueue((503, null));

        var error = await Assert.ThrowsAsync<BotConnectorException>(() => client.SendToConversationAsync(Reply(), TestContext.Current.CancellationToken));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(fake.ConnectorRequests);
        Assert.DoesNotContain(EscapedConversationId, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_is_a_PUT_and_is_retried_on_a_server_error()
    {
        await using var services = BotConnectorTestServices.Create(fake, localMode: true);
        var client = services.GetRequiredService<BotConnectorClient>();
        fake.ConnectorFailures.Enqueue((503, "0"));
        var update = Reply();
        update.Id = "activity/7";

        await client.UpdateActivityAsync(update, TestContext.Current.CancellationToken);

        var requests = fake.ConnectorRequests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.All(requests, r => Assert.Equal(("PUT", $"/connector/v3/conversations/{EscapedConversationId}/activities/activity%2F7"), (r.Method, r.RawTarget)));
    }

    [Fact]
    public async Task A_conversation_is_created_only_at_a_configured_serviceUrl_and_its_id_returned()
    {
        await using var services = BotConnectorTestServices.Create(fake);
        var client = services.GetRequiredService<BotConnectorClient>();
        var parameters = new ConversationParameters
        {
            Bot = new ChannelAccount { Id = "28:" + BotConnectorTestServices.AppId },
            Members = [new ChannelAccount { Id = "member-1" }],
            TenantId = "tenant-1",
        };

        await Assert.ThrowsAsync<BotConnectorException>(() => client.CreateConversationAsync(fake.ServiceUrl, parameters, TestContext.Current.CancellationToken));
        Assert.Empty(fake.ConnectorRequests);

        services.GetRequiredService<TrustedServiceUrls>().TrustConfigured(fake.ServiceUrl);
        var id = await client.CreateConversationAsync(fake.ServiceUrl, parameters, TestContext.Current.CancellationToken);

        Assert.Equal(FakeBotServices.ChatWith("member-1"), id);
        var request = Assert.Single(fake.ConnectorRequests);
        Assert.Equal(("POST", "/connector/v3/conversations", "Bearer fake-bot-token-1"), (request.Method, request.RawTarget, request.Authorization));
        Assert.False((bool)request.Json!["isGroup"]!);
    }

    private Activity Reply(string? replyToId = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = "the reply",
        ChannelId = "msteams",
        ServiceUrl = fake.ServiceUrl,
        Conversation = new ConversationAccount { Id = ConversationId },
        ReplyToId = replyToId,
    };
}
