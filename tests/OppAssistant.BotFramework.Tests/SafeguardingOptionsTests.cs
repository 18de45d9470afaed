using Microsoft.Extensions.Options;
using OppAssistant.BotFramework.Connector;
using OppAssistant.BotFramework.Safeguarding;

namespace OppAssistant.BotFramework.Tests;

public sealed class SafeguardingOptionsTests
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string Person = "0a0a0a0a-1111-4111-8111-00000000000a";
    private const string Tenant = "7e7e7e7e-3333-4333-8333-0000000000ee";
    private const string Region = "https://smba.trafficmanager.net/emea/";

    [Fact]
    public void Nothing_configured_is_valid_and_notifies_nobody()
    {
        var options = new SafeguardingOptions();

        Assert.True(Validate(options, Bot()).Succeeded);
        Assert.False(options.IsConfigured(Bot()));
    }

    [Fact]
    public void Persons_service_url_tenant_and_bot_credentials_make_it_configured()
    {
        var options = new SafeguardingOptions { DesignatedPersons = [Person, Person.ToUpperInvariant(), ""], TeamsServiceUrl = Region, TenantId = Tenant };

        Assert.True(Validate(options, Bot()).Succeeded, Validate(options, Bot()).FailureMessage);
        Assert.True(options.IsConfigured(Bot()));
        Assert.Equal([Person], options.ResolvePersons());
    }

    [Fact]
    public void The_bot_apps_tenant_serves_when_Safeguarding_TenantId_is_empty()
    {
        var options = new SafeguardingOptions { DesignatedPersons = [Person], TeamsServiceUrl = Region };

        Assert.True(Validate(options, Bot(tenant: Tenant)).Succeeded);
        Assert.Equal(Tenant, options.ResolveTenantId(Bot(tenant: Tenant)));
        Assert.False(options.IsConfigured(Bot()));
    }

    [Theory]
    [InlineData("not-a-guid", Region, Tenant, true, "Safeguarding:DesignatedPersons:0 is not a GUID")]
    [InlineData(Person, "http://smba.trafficmanager.net/emea/", Tenant, true, "Safeguarding:TeamsServiceUrl must be an absolute https URL")]
    [InlineData(Person, "smba.trafficmanager.net/emea", Tenant, true, "Safeguarding:TeamsServiceUrl must be an absolute https URL")]
    [InlineData(Person, Region, Tenant, false, "Safeguarding:DesignatedPersons is set, but the bot has no credentials")]
    [InlineData(Person, "", Tenant, true, "Safeguarding:TeamsServiceUrl is required when Safeguarding:DesignatedPersons is set")]
    [InlineData(Person, Region, "", true, "Safeguarding:TenantId (or MicrosoftAppTenantId) is required")]
    [InlineData(Person, Region, "contoso", true, "Safeguarding:TenantId must be the GUID")]
    public void A_broken_setting_is_named(string person, string serviceUrl, string tenant, bool credentials, string expected)
    {
        var options = new SafeguardingOptions { DesignatedPersons = [person], TeamsServiceUrl = serviceUrl, TenantId = tenant };

        var result = Validate(options, credentials ? Bot() : new BotAppOptions());

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-guid", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/connector/", true)]
    [InlineData("http://[::1]:5000/connector/", true)]
    [InlineData("http://localhost:5000/connector/", false)]
    [InlineData("http://10.0.0.1/connector/", false)]
    [InlineData(Region, true)]
    public void Plain_http_is_only_for_a_loopback_address(string serviceUrl, bool allowed) =>
        Assert.Equal(allowed, Validate(new SafeguardingOptions { TeamsServiceUrl = serviceUrl }, Bot()).Succeeded);

    private static ValidateOptionsResult Validate(SafeguardingOptions options, BotAppOptions app) =>
        new SafeguardingOptionsValidator(Options.Create(app)).Validate(null, options);

    private static BotAppOptions Bot(string? tenant = null) =>
        new() { MicrosoftAppId = AppId, MicrosoftAppPassword = "secret", MicrosoftAppTenantId = tenant };
}
