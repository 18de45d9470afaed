using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OppAssistant.BotFramework.Connector;
using OppAssistant.BotFramework.Coordinators;
using OppAssistant.BotFramework.Safeguarding;
using OppAssistant.Core.Review;
using OppAssistant.Core.Turns;
using OppAssistant.Testing;

namespace OppAssistant.BotFramework.Tests;

/// <summary>Who the adapter vouches for as coordinator: listed Entra ids, team members (fake connector), local-mode Web Chat.</summary>
public sealed class CoordinatorDirectoryTests : IAsyncLifetime
{
    private const string Listed = "0c0c0c0c-1111-4111-8111-00000000000c";
    private const string Other = "0d0d0d0d-2222-4222-8222-00000000000d";
    private const string TeamId = "19:coordinators-team@thread.tacv2";
    private const string EscapedTeamId = "19%3Acoordinators-team%40thread.tacv2";
    private FakeBotServices fake = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => fake = await FakeBotServices.StartAsync(Ct);

    public async ValueTask DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task A_listed_Teams_user_is_a_coordinator_and_another_is_not()
    {
        await using var services = Create(extra: new() { ["Coordinators:EntraObjectIds:0"] = Listed.ToUpperInvariant() });
        var directory = services.GetRequiredService<ICoordinatorDirectory>();

        Assert.IsType<TeamsCoordinatorDirectory>(directory);
        Assert.True(await directory.IsCoordinatorAsync(Teams(Listed), Ct));
        Assert.False(await directory.IsCoordinatorAsync(Teams(Other), Ct));
        Assert.True(await directory.IsCoordinatorAsync(Listed, Ct));
        Assert.False(await directory.IsCoordinatorAsync(Other, Ct));
        Assert.False(await directory.IsCoordinatorAsync("not-a-guid", Ct));
        // Without a team nobody is asked.
        Assert.Empty(fake.ConnectorRequests);
    }

    [Fact]
    public async Task An_Entra_id_claimed_outside_Teams_counts_for_nothing()
    {
        await using var services = Create(extra: new() { ["Coordinators:EntraObjectIds:0"] = Listed });
        var directory = services.GetRequiredService<ICoordinatorDirectory>();
        var claimed = new TurnInput(new ConversationKey("directline", "c1"), "u1", InputKind.Message, "hi") { UserKey = "aad:" + Listed };

        Assert.False(await directory.IsCoordinatorAsync(claimed, Ct));
    }

    [Fact]
    public async Task A_team_member_is_a_coordinator_asked_once_with_the_bots_token_and_then_cached()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var services = Create(time: time, extra: TeamSettings());
        var directory = services.GetRequiredService<ICoordinatorDirectory>();

        Assert.True(await directory.IsCoordinatorAsync(Teams(Other), Ct));
        Assert.True(await directory.IsCoordinatorAsync(Other, Ct));

        var request = Assert.Single(fake.ConnectorRequests);
        Assert.Equal("GET", request.Method);
        Assert.Equal($"/connector/v3/conversations/{EscapedTeamId}/members/{Other}", request.RawTarget);
        Assert.Equal("Bearer fake-bot-token-1", request.Authorization);

        // After the cache time the team is asked again: someone removed from it loses the role.
        fake.FailWhen = _ => 404;
        time.Advance(TeamsCoordinatorDirectory.MembershipCacheDuration + TimeSpan.FromSeconds(1));
        Assert.False(await directory.IsCoordinatorAsync(Other, Ct));
        Assert.Equal(2, fake.ConnectorRequests.Count);
    }

    [Fact]
    public async Task Not_a_team_member_is_no_coordinator()
    {
        fake.FailWhen = _ => 404;
        await using var services = Create(extra: TeamSettings());
        var directory = services.GetRequiredService<ICoordinatorDirectory>();

        Assert.False(await directory.IsCoordinatorAsync(Teams(Other), Ct));
        Assert.Single(fake.ConnectorRequests);
    }

    [Fact]
    public async Task A_failing_team_check_is_no_coordinator_with_a_warning_without_ids_and_is_asked_again()
    {
        fake.FailWhen = _ => 500;
        var logs = new ConcurrentQueue<string>();
        await using var services = Create(extra: TeamSettings(), logs: logs);
        var directory = services.GetRequiredService<ICoordinatorDirectory>();

        Assert.False(await directory.IsCoordinatorAsync(Teams(Other), Ct));
        fake.FailWhen = null;
        Assert.True(await directory.IsCoordinatorAsync(Teams(Other), Ct));

        Assert.Contains(logs, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("could not be asked", StringComparison.Ordinal) && l.Contains("500", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains(Other, StringComparison.OrdinalIgnoreCase) || l.Contains("coordinators-team", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_listed_id_needs_no_team_check()
    {
        await using var services = Create(extra: new(TeamSettings()) { ["Coordinators:EntraObjectIds:0"] = Listed });
        var directory = services.GetRequiredService<ICoordinatorDirectory>();

        Assert.True(await directory.IsCoordinatorAsync(Teams(Listed), Ct));
        Assert.Empty(fake.ConnectorRequests);
    }

    [Fact]
    public async Task In_local_mode_a_Web_Chat_user_may_act_as_coordinator_unless_switched_off()
    {
        await using var local = Create(localMode: true);
        await using var off = Create(localMode: true, extra: new() { ["Coordinators:AllowWebChatInLocalMode"] = "false" });

        Assert.True(await local.GetRequiredService<ICoordinatorDirectory>().IsCoordinatorAsync(WebChat(), Ct));
        Assert.False(await off.GetRequiredService<ICoordinatorDirectory>().IsCoordinatorAsync(WebChat(), Ct));
    }

    [Fact]
    public async Task In_production_a_Web_Chat_user_is_never_a_coordinator()
    {
        await using var services = Create(extra: new() { ["Coordinators:AllowWebChatInLocalMode"] = "true" });

        Assert.False(await services.GetRequiredService<ICoordinatorDirectory>().IsCoordinatorAsync(WebChat(), Ct));
    }

    [Fact]
    public void Nothing_configured_is_valid()
    {
        var result = Validate(new CoordinatorOptions(), Bot());

        Assert.True(result.Succeeded);
        Assert.True(new CoordinatorOptions().AllowWebChatInLocalMode);
    }

    [Fact]
    public void A_bad_object_id_is_named_by_its_index_never_its_value()
    {
        var result = Validate(new CoordinatorOptions { EntraObjectIds = [Listed, "", "Noor-Jansen"] }, Bot());

        Assert.True(result.Failed);
        Assert.Contains("Coordinators:EntraObjectIds:2 is not a GUID", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("EntraObjectIds:1", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("Noor", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0e0e0e0e-3333-4333-8333-00000000000e", "https://smba.trafficmanager.net/emea/", "", true, "Coordinators:TeamId must be the team's thread id")]
    [InlineData(TeamId, "https://smba.trafficmanager.net/emea/", "", false, "Coordinators:TeamId is set, but the bot has no credentials")]
    [InlineData(TeamId, "", "", true, "Coordinators:TeamsServiceUrl (or Safeguarding:TeamsServiceUrl) is required")]
    [InlineData(TeamId, "http://smba.trafficmanager.net/emea/", "", true, "Coordinators:TeamsServiceUrl must be an absolute https URL")]
    public void A_broken_team_setting_is_named(string teamId, string serviceUrl, string safeguardingUrl, bool credentials, string expected)
    {
        var result = Validate(
            new CoordinatorOptions { TeamId = teamId, TeamsServiceUrl = serviceUrl },
            credentials ? Bot() : new BotAppOptions(),
            new SafeguardingOptions { TeamsServiceUrl = safeguardingUrl });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_team_check_may_use_the_safeguarding_service_url()
    {
        var options = new CoordinatorOptions { TeamId = TeamId };
        var safeguarding = new SafeguardingOptions { TeamsServiceUrl = "https://smba.trafficmanager.net/emea/" };

        Assert.True(Validate(options, Bot(), safeguarding).Succeeded);
        Assert.Equal("https://smba.trafficmanager.net/emea/", options.ResolveTeamsServiceUrl(safeguarding));
    }

    [Fact]
    public async Task A_bad_setting_fails_the_start()
    {
        await using var services = Create(extra: new() { ["Coordinators:EntraObjectIds:0"] = "nope" });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<CoordinatorOptions>>().Value);
        Assert.Contains("Coordinators:EntraObjectIds:0", failure.Message, StringComparison.Ordinal);
    }

    private ServiceProvider Create(bool localMode = false, TimeProvider? time = null, Dictionary<string, string?>? extra = null, ConcurrentQueue<string>? logs = null) =>
        BotConnectorTestServices.Create(fake, localMode, time, extra, logs);

    private Dictionary<string, string?> TeamSettings() => new()
    {
        ["Coordinators:TeamId"] = TeamId,
        ["Coordinators:TeamsServiceUrl"] = fake.ServiceUrl,
    };

    private static TurnInput Teams(string objectId) =>
        new(new ConversationKey("msteams", "a:1chat"), "29:user", InputKind.Message, "hi") { UserKey = "aad:" + objectId };

    private static TurnInput WebChat() => new(new ConversationKey("webchat", "c1"), "u_abc", InputKind.Message, "hi");

    private static ValidateOptionsResult Validate(CoordinatorOptions options, BotAppOptions app, SafeguardingOptions? safeguarding = null) =>
        new CoordinatorOptionsValidator(Options.Create(app), Options.Create(safeguarding ?? new SafeguardingOptions())).Validate(null, options);

    private static BotAppOptions Bot() => new() { MicrosoftAppId = BotConnectorTestServices.AppId, MicrosoftAppPassword = "secret" };
}
