using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OppAssistant.BotFramework.Auth;
using OppAssistant.Testing;

namespace OppAssistant.BotFramework.Tests;

public sealed class BotTokenProviderTests : IAsyncLifetime
{
    private FakeBotServices fake = null!;

    public async ValueTask InitializeAsync() => fake = await FakeBotServices.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task The_token_is_cached_until_five_minutes_before_it_expires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-03-01T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var services = BotConnectorTestServices.Create(fake, time: time);
        var tokens = services.GetRequiredService<BotTokenProvider>();
        var ct = TestContext.Current.CancellationToken;

        var first = await tokens.GetTokenAsync(ct);
        time.Advance(TimeSpan.FromMinutes(54));
        var stillCached = await tokens.GetTokenAsync(ct);
        time.Advance(TimeSpan.FromMinutes(2));
        var renewed = await tokens.GetTokenAsync(ct);

        Assert.Equal("fake-bot-token-1", first);
        Assert.Equal("fake-bot-token-1", stillCached);
        Assert.Equal("fake-bot-token-2", renewed);
        Assert.Equal(2, fake.TokenRequests);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_fetch()
    {
        await using var services = BotConnectorTestServices.Create(fake);
        var tokens = services.GetRequiredService<BotTokenProvider>();

        var all = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => tokens.GetTokenAsync(TestContext.Current.CancellationToken).AsTask()));

        Assert.All(all, t => Assert.Equal("fake-bot-token-1", t));
        Assert.Equal(1, fake.TokenRequests);
    }

    [Fact]
    public async Task Local_mode_has_no_token()
    {
        await using var services = BotConnectorTestServices.Create(fake, localMode: true);

        Assert.Null(await services.GetRequiredService<BotTokenProvider>().GetTokenAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, fake.TokenRequests);
    }

    [Fact]
    public void The_default_token_endpoint_follows_the_app_type()
    {
        var options = new Connector.BotConnectorOptions();

        Assert.Equal("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token",
            options.ResolveTokenEndpoint(new Connector.BotAppOptions { MicrosoftAppId = BotConnectorTestServices.AppId }));
        Assert.Equal("https://login.microsoftonline.com/99999999-8888-7777-6666-555555555555/oauth2/v2.0/token",
            options.ResolveTokenEndpoint(new Connector.BotAppOptions
            {
                MicrosoftAppId = BotConnectorTestServices.AppId,
                MicrosoftAppType = "SingleTenant",
                MicrosoftAppTenantId = "99999999-8888-7777-6666-555555555555",
            }));
    }
}
