using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OppAssistant.BotFramework.Connector;
using OppAssistant.BotFramework.Coordinators;
using OppAssistant.BotFramework.Safeguarding;
using OppAssistant.Testing;

namespace OppAssistant.BotFramework.Tests;

/// <summary>The adapter's services as the host registers them, pointed at the fake.</summary>
internal static class BotConnectorTestServices
{
    public const string AppId = "11111111-2222-3333-4444-555555555555";
    public const string AppPassword = "not-a-real-secret";

    public static ServiceProvider Create(
        FakeBotServices fake,
        bool localMode = false,
        TimeProvider? time = null,
        IDictionary<string, string?>? extra = null,
        ConcurrentQueue<string>? logs = null)
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
        var services = new ServiceCollection().AddLogging(logging =>
        {
            if (logs is not null)
            {
                logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingLoggerProvider(logs));
            }
        });
        if (time is not null)
        {
            services.AddSingleton(time);
        }
        services.AddBotConnector(configuration);
        services.AddTeamsSafeguarding(configuration);
        services.AddCoordinatorDirectory(configuration);
        // The host supplies IHostApplicationLifetime for the endpoint handler, which these tests do not build.
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }
}

/// <summary>Keeps every formatted log line, with its exception and state values, for assertions.</summary>
internal sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
