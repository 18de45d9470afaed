using Microsoft.Extensions.DependencyInjection;
using OppAssistant.BotFramework.Safeguarding;
using OppAssistant.Core.Pupil;

namespace OppAssistant.Web.Tests;

/// <summary>The host notifies nobody through Teams by default and uses the Teams notifier once designated persons are configured.</summary>
public sealed class SafeguardingHostTests
{
    [Fact]
    public async Task By_default_alerts_reach_only_the_coordinators_list_and_the_start_up_log_says_so()
    {
        await using var app = new OppAssistantApplication();
        using var client = app.CreateClient();

        var notifier = app.Services.GetRequiredService<ISafeguardingNotifier>();

        Assert.IsType<NoSafeguardingNotifier>(notifier);
        Assert.False(notifier.CanNotify);
        Assert.Contains(app.Logs, line => line.Contains("Safeguarding alerts are not sent through Teams", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Configured_the_host_uses_the_Teams_notifier_and_logs_only_the_number_of_persons()
    {
        const string person = "0a0a0a0a-1111-4111-8111-00000000000a";
        await using var fake = await Testing.FakeBotServices.StartAsync(TestContext.Current.CancellationToken);
        await using var app = new OppAssistantApplication(ApiMessagesTestHost.AuthSettings(
            fake,
            ("Safeguarding:DesignatedPersons:0", person),
            ("Safeguarding:TeamsServiceUrl", fake.ServiceUrl),
            ("Safeguarding:TenantId", "7e7e7e7e-3333-4333-8333-0000000000ee")));
        using var client = app.CreateClient();

        var notifier = app.Services.GetRequiredService<ISafeguardingNotifier>();

        Assert.IsType<TeamsSafeguardingNotifier>(notifier);
        Assert.True(notifier.CanNotify);
        Assert.Contains(app.Logs, line => line.Contains("Safeguarding alerts are sent through Teams to 1 designated person(s)", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs, line => line.Contains(person, StringComparison.OrdinalIgnoreCase));
    }
}
