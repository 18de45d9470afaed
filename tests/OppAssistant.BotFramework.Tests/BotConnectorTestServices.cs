using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OppAssistant.BotFramework.Connector;
using OppAssistant.Testing;

namespace OppAssistant.BotFramework.Tests;

/// <summary>The adapter's services as the host registers them, pointed at the fake.</summary>
internal static class BotConnectorTestServices
{
    public const string AppId = "11111111-2222-3333-4444-555555555555";
    public const string AppPassword = "not-a-real-secret";

    public static ServiceProvider Create(FakeBotServices fake, bool localMode = false, TimeProvider? time = null, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["BotFramework:OpenIdMetadataUrl"] = fake.BotConnectorMetadataUrl,
            ["BotFramework:EntraOpenIdMetadataUrl"] = fake.EntraMetadataUrl,
            ["BotFramework:TokenEndpoint"] = fake.TokenEndpoint,
            ["BotFramework:RequireHttpsMetadata"] = "false",
        };
        if (!localMode)
        {
            settings["MicrosoftAppId"] = AppId;
            settings["MicrosoftAppPassword"] = AppPassword;
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }
        services.AddBotConnector(configuration);
        // The host supplies IHostApplicationLifetime for the endpoint handler, which these tests do not build.
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }
}
