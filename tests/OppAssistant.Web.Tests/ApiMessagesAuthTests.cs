using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OppAssistant.Core.Content;
using OppAssistant.Testing;
using static OppAssistant.Web.Tests.ApiMessagesTestHost;

namespace OppAssistant.Web.Tests;

/// <summary>/api/messages with MicrosoftAppId set: Bot Connector tokens in, a client-credentials token out.</summary>
public sealed class ApiMessagesAuthTests : IAsyncLifetime
{
    private const string ConversationId = "a:1SecretConversation";
    private FakeBotServices fake = null!;

    public async ValueTask InitializeAsync() => fake = await FakeBotServices.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task Without_a_token_the_answer_is_401_with_a_Bearer_challenge()
    {
        await using var app = Create(AuthSettings(fake));
        using var client = app.CreateClient();

        using var response = await PostAsync(client, Message(ConversationId, "hallo", fake.ServiceUrl));
        using var garbled = await PostAsync(client, Message(ConversationId, "hallo", fake.ServiceUrl), bearer: "garbage");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, garbled.StatusCode);
        Assert.Empty(fake.ConnectorRequests);
    }

    [Fact]
    public async Task A_valid_token_is_accepted_and_the_reply_carries_the_bots_own_token()
    {
        await using var app = Create(AuthSettings(fake));
        using var client = app.CreateClient();
        var dialogs = app.Services.GetRequiredService<DialogCatalog>();
        var inbound = fake.CreateToken(AppId);
        var message = Message(ConversationId, "Dit is een geheim bericht over Pietje", fake.ServiceUrl);

        using var response = await PostAsync(client, message, inbound);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, fake.TokenRequests);
        Assert.Equal(AppId, Assert.Single(fake.TokenForms)["client_id"]);
        Assert.NotEmpty(fake.ConnectorRequests);
        Assert.All(fake.ConnectorRequests, r =>
        {
            Assert.Equal("Bearer fake-bot-token-1", r.Authorization);
            Assert.StartsWith("/connector/v3/conversations/a%3A1SecretConversation/activities/", r.RawTarget, StringComparison.Ordinal);
        });
        // First message in a new conversation: the bot greets.
        Assert.Equal(dialogs.Common.Text("welcome"), (string?)fake.ConnectorRequests.First().Json!["text"]);

        // Nothing personal or secret reaches the logs.
        var logs = string.Join('\n', app.Logs);
        Assert.DoesNotContain("geheim bericht", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(UserName, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(UserId, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("SecretConversation", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(inbound, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(inbound.Split('.')[2], logs, StringComparison.Ordinal);
        Assert.DoesNotContain("fake-bot-token", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("test-secret-value", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_tokens_are_refused_with_401_or_403()
    {
        await using var app = Create(AuthSettings(fake));
        using var client = app.CreateClient();
        var message = Message(ConversationId, "hallo", fake.ServiceUrl);

        using var wrongAudience = await PostAsync(client, message, fake.CreateToken("aaaaaaaa-0000-0000-0000-000000000000"));
        using var wrongIssuer = await PostAsync(client, message, fake.CreateToken(AppId, issuer: "https://evil.example"));
        using var expired = await PostAsync(client, message, fake.CreateToken(AppId, notBefore: DateTime.UtcNow.AddHours(-2), expires: DateTime.UtcNow.AddHours(-1)));
        using var foreignKey = await PostAsync(client, message, fake.CreateToken(AppId, keyId: FakeBotServices.ForeignKeyId));
        using var spoofedServiceUrl = await PostAsync(client, message, fake.CreateToken(AppId, serviceUrl: "https://smba.trafficmanager.net/emea/"));
        var slack = Message(ConversationId, "hallo", fake.ServiceUrl);
        slack["channelId"] = "slack";
        using var notEndorsed = await PostAsync(client, slack, fake.CreateToken(AppId));

        Assert.Equal(HttpStatusCode.Unauthorized, wrongAudience.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongIssuer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, foreignKey.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, spoofedServiceUrl.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notEndorsed.StatusCode);
        Assert.Empty(fake.ConnectorRequests);
        Assert.Equal(0, fake.TokenRequests);
    }

    [Fact]
    public async Task A_tenant_outside_the_allow_list_is_403()
    {
        await using var app = Create(AuthSettings(fake, ("BotFramework:AllowedTenantIds:0", "00000000-0000-0000-0000-0000000000bb")));
        using var client = app.CreateClient();
        var other = Message(ConversationId, "hallo", fake.ServiceUrl);
        var allowed = Message(ConversationId, "hallo", fake.ServiceUrl);
        allowed["channelData"]!["tenant"]!["id"] = "00000000-0000-0000-0000-0000000000bb";

        using var refused = await PostAsync(client, other, fake.CreateToken(AppId));
        using var accepted = await PostAsync(client, allowed, fake.CreateToken(AppId));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task With_auth_on_remote_callers_with_a_valid_token_are_accepted()
    {
        await using var app = Create(AuthSettings(fake));
        app.RemoteIp = IPAddress.Parse("203.0.113.9");
        using var client = app.CreateClient();

        using var response = await PostAsync(client, ConversationUpdate(ConversationId, fake.ServiceUrl, expectReplies: true), fake.CreateToken(AppId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(app.Logs, l => l.Contains("local mode is on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unsupported_app_type_stops_the_host_with_a_clear_message()
    {
        var settings = AuthSettings(fake, ("MicrosoftAppType", "UserAssignedMSI"));
        await using var app = Create(settings);

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("MicrosoftAppType 'UserAssignedMSI' is not supported yet", error.ToString(), StringComparison.Ordinal);
    }
}
