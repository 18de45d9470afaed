using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using OppAssistant.BotFramework.Safeguarding;
using OppAssistant.Core.Pupil;
using OppAssistant.Testing;

namespace OppAssistant.BotFramework.Tests;

public sealed class TeamsSafeguardingNotifierTests : IAsyncLifetime
{
    private const string PersonA = "0a0a0a0a-1111-4111-8111-00000000000a";
    private const string PersonB = "0b0b0b0b-2222-4222-8222-00000000000b";
    private const string Tenant = "7e7e7e7e-3333-4333-8333-0000000000ee";
    private const string AlertId = "alert-42";
    private const string NoticeText = "**Notice marker 5d1c**: Pupil Pseudonym-Q may be at risk (category: self-harm). Open the coordinator's list.";
    private static readonly SafeguardingNotice Notice = new(AlertId, NoticeText);
    private FakeBotServices fake = null!;

    public async ValueTask InitializeAsync() => fake = await FakeBotServices.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task The_first_alert_creates_a_one_to_one_chat_with_the_person_and_sends_the_notice_there()
    {
        await using var services = Services(PersonA);
        var notifier = Assert.IsType<TeamsSafeguardingNotifier>(services.GetRequiredService<ISafeguardingNotifier>());
        Assert.True(notifier.CanNotify);

        var delivery = await notifier.NotifyAsync(Notice, TestContext.Current.CancellationToken);

        Assert.Equal(new SafeguardingDelivery(1, 0), delivery);
        var requests = fake.ConnectorRequests.ToArray();
        Assert.Equal(2, requests.Length);

        var create = requests[0];
        Assert.Equal(("POST", "/connector/v3/conversations"), (create.Method, create.RawTarget));
        Assert.Equal("Bearer fake-bot-token-1", create.Authorization);
        var body = create.Json!.AsObject();
        Assert.False((bool)body["isGroup"]!);
        Assert.Equal("28:" + BotConnectorTestServices.AppId, (string?)body["bot"]!["id"]);
        var member = Assert.Single(body["members"]!.AsArray());
        Assert.Equal(PersonA, (string?)member!["id"]);
        Assert.Equal(PersonA, (string?)member["aadObjectId"]);
        Assert.Equal(Tenant, (string?)body["tenantId"]);
        Assert.Equal(Tenant, (string?)body["channelData"]!["tenant"]!["id"]);
        Assert.False(body.ContainsKey("activity"));

        var send = requests[1];
        Assert.Equal(("POST", $"/connector/v3/conversations/{Uri.EscapeDataString(FakeBotServices.ChatWith(PersonA))}/activities"), (send.Method, send.RawTarget));
        Assert.Equal("Bearer fake-bot-token-1", send.Authorization);
        Assert.Equal("message", (string?)send.Json!["type"]);
        Assert.Equal(NoticeText, (string?)send.Json["text"]);
        Assert.Equal("markdown", (string?)send.Json["textFormat"]);
        Assert.Equal(1, fake.TokenRequests);
    }

    [Fact]
    public async Task The_chat_is_created_once_and_reused_for_the_next_alert()
    {
        await using var services = Services(PersonA);
        var notifier = services.GetRequiredService<ISafeguardingNotifier>();

        await notifier.NotifyAsync(Notice, TestContext.Current.CancellationToken);
        var second = await notifier.NotifyAsync(new SafeguardingNotice("alert-43", NoticeText), TestContext.Current.CancellationToken);

        Assert.Equal(new SafeguardingDelivery(1, 0), second);
        var sendPath = $"/connector/v3/conversations/{Uri.EscapeDataString(FakeBotServices.ChatWith(PersonA))}/activities";
        Assert.Equal(["/connector/v3/conversations", sendPath, sendPath], fake.ConnectorRequests.Select(r => r.RawTarget));
    }

    [Fact]
    public async Task One_person_failing_does_not_stop_the_other_and_the_logs_hold_only_counts_status_and_alert_id()
    {
        var logs = new ConcurrentQueue<string>();
        await using var services = Services(PersonA, PersonB, logs: logs);
        fake.FailWhen = r => r.RawTarget == "/connector/v3/conversations" && (string?)r.Json?["members"]?[0]?["id"] == PersonB ? 500 : null;
        var notifier = services.GetRequiredService<ISafeguardingNotifier>();

        var delivery = await notifier.NotifyAsync(Notice, TestContext.Current.CancellationToken);

        Assert.Equal(new SafeguardingDelivery(1, 1), delivery);
        Assert.Contains(fake.ConnectorRequests, r => r.RawTarget.EndsWith("/activities", StringComparison.Ordinal) && (string?)r.Json!["text"] == NoticeText);
        Assert.Contains(logs, l => l.Contains($"Safeguarding alert {AlertId}: a designated person was not reached (Create failed: BotConnectorException, HTTP 500)", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains($"Safeguarding alert {AlertId}: Teams notice delivered to 1 designated person(s), 1 not reached", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains("marker 5d1c", StringComparison.Ordinal) || l.Contains("Pseudonym-Q", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains(PersonA, StringComparison.OrdinalIgnoreCase) || l.Contains(PersonB, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(logs, l => l.Contains(FakeBotServices.ChatWith(PersonA), StringComparison.Ordinal) || l.Contains(Tenant, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_connector_for_everyone_is_counted_not_thrown()
    {
        await using var services = Services(PersonA, PersonB);
        fake.FailWhen = _ => 503;

        var delivery = await services.GetRequiredService<ISafeguardingNotifier>().NotifyAsync(Notice, TestContext.Current.CancellationToken);

        Assert.Equal(new SafeguardingDelivery(0, 2), delivery);
    }

    [Fact]
    public async Task A_remembered_chat_that_is_gone_is_created_again_at_once()
    {
        await using var services = Services(PersonA);
        var notifier = services.GetRequiredService<ISafeguardingNotifier>();
        await notifier.NotifyAsync(Notice, TestContext.Current.CancellationToken);
        var failed = 0;
        fake.FailWhen = r => r.RawTarget.EndsWith("/activities", StringComparison.Ordinal) && Interlocked.Increment(ref failed) == 1 ? 404 : null;

        var delivery = await notifier.NotifyAsync(Notice, TestContext.Current.CancellationToken);

        Assert.Equal(new SafeguardingDelivery(1, 0), delivery);
        Assert.Equal(
            ["POST /connector/v3/conversations", "POST send", "POST send", "POST /connector/v3/conversations", "POST send"],
            fake.ConnectorRequests.Select(r => r.Method + " " + (r.RawTarget.EndsWith("/activities", StringComparison.Ordinal) ? "send" : r.RawTarget)));
    }

    [Fact]
    public async Task The_tenant_defaults_to_the_bot_app_tenant()
    {
        await using var services = Services(PersonA, tenantKey: "MicrosoftAppTenantId");

        await services.GetRequiredService<ISafeguardingNotifier>().NotifyAsync(Notice, TestContext.Current.CancellationToken);

        Assert.Equal(Tenant, (string?)fake.ConnectorRequests.First().Json!["tenantId"]);
    }

    [Fact]
    public async Task The_callers_cancellation_throws()
    {
        await using var services = Services(PersonA);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            services.GetRequiredService<ISafeguardingNotifier>().NotifyAsync(Notice, cancelled.Token));
    }

    [Fact]
    public async Task Without_designated_persons_no_notifier_is_configured()
    {
        await using var services = BotConnectorTestServices.Create(fake, extra: new Dictionary<string, string?>
        {
            ["Safeguarding:TeamsServiceUrl"] = fake.ServiceUrl,
            ["Safeguarding:TenantId"] = Tenant,
        });

        var notifier = services.GetRequiredService<ISafeguardingNotifier>();

        Assert.IsType<NoSafeguardingNotifier>(notifier);
        Assert.False(notifier.CanNotify);
    }

    [Fact]
    public async Task Only_the_configured_service_url_is_trusted()
    {
        await using var services = Services(PersonA);
        var trusted = services.GetRequiredService<Auth.TrustedServiceUrls>();
        Assert.False(trusted.IsTrusted(fake.ServiceUrl));

        _ = services.GetRequiredService<ISafeguardingNotifier>();

        Assert.True(trusted.IsTrusted(fake.ServiceUrl));
        Assert.False(trusted.IsTrusted("https://smba.example.invalid/emea/"));
    }

    private ServiceProvider Services(string person, string? other = null, string tenantKey = "Safeguarding:TenantId", ConcurrentQueue<string>? logs = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Safeguarding:DesignatedPersons:0"] = person,
            ["Safeguarding:TeamsServiceUrl"] = fake.ServiceUrl,
            [tenantKey] = Tenant,
        };
        if (other is not null)
        {
            settings["Safeguarding:DesignatedPersons:1"] = other;
        }
        return BotConnectorTestServices.Create(fake, extra: settings, logs: logs);
    }
}
