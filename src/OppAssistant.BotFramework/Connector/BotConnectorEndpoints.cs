using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OppAssistant.BotFramework.Auth;

namespace OppAssistant.BotFramework.Connector;

/// <summary>POST /api/messages: Azure Bot Service (Teams) in, connector REST out.</summary>
public static partial class BotConnectorEndpoints
{
    public const string Route = "/api/messages";

    public static IServiceCollection AddBotConnector(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IValidateOptions<BotAppOptions>, BotAppOptionsValidator>();
        services.AddSingleton<IValidateOptions<BotConnectorOptions>, BotConnectorOptionsValidator>();
        // MicrosoftAppId and friends live at the configuration root, as in the Bot Framework samples.
        services.AddOptions<BotAppOptions>().Bind(configuration).ValidateOnStart();
        services.AddOptions<BotConnectorOptions>().Bind(configuration.GetSection(BotConnectorOptions.SectionName)).ValidateOnStart();

        services.AddSingleton<TrustedServiceUrls>();
        services.AddSingleton<BotTokenValidator>();
        services.AddSingleton<BotTokenProvider>();
        services.AddSingleton<BotMessageHandler>();
        services.TryAddSingleton<Proactive.ConversationReferences>();
        services.AddHostedService<LocalModeNotice>();

        // URLs carry conversation ids and the token request carries the secret: no HttpClient logging at all.
        services.AddHttpClient(BotTokenProvider.HttpClientName).RemoveAllLoggers();
        services.AddHttpClient<BotConnectorClient>(client => client.Timeout = TimeSpan.FromSeconds(60))
            .RemoveAllLoggers()
            .AddResilienceHandler(BotConnectorClient.ResilienceName, BotConnectorClient.ConfigureResilience);
        return services;
    }

    public static IEndpointRouteBuilder MapBotConnector(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Route, static (HttpContext context, BotMessageHandler handler) => handler.HandleAsync(context))
            .DisableAntiforgery();
        return endpoints;
    }

    /// <summary>Says loudly at start that /api/messages runs without authentication.</summary>
    private sealed partial class LocalModeNotice(IOptions<BotAppOptions> app, ILogger<LocalModeNotice> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (app.Value.IsLocalMode)
            {
                LogLocalMode(Route);
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning, Message = "Bot Connector local mode is on: MicrosoftAppId is not set, so {Route} checks no tokens, accepts only loopback callers and sends replies without a token. Set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppType to connect Azure Bot Service.")]
        private partial void LogLocalMode(string route);
    }
}
