using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OppAssistant.BotFramework.Coordinators;
using OppAssistant.Core.Turns;
using OppAssistant.BotFramework.Connector;
using OppAssistant.BotFramework.DirectLine;
using OppAssistant.BotFramework.Safeguarding;

namespace OppAssistant.BotFramework;

/// <summary>
/// The adapter's whole public surface for the host: three calls. Swapping to an SDK later means replacing these
/// (docs/decisions/0002-own-protocol-adapter.md); nothing else in the solution knows what an Activity is.
/// </summary>
public static class BotFrameworkAdapter
{
    public static IServiceCollection AddBotFrameworkAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<FollowUps.FollowUpRunner>();
        services.AddBotConnector(configuration);
        services.AddDirectLine(configuration);
        services.AddTeamsSafeguarding(configuration);
        // Replaces the core's NoProactiveTurns (registered with TryAdd, before or after this).
        services.Replace(ServiceDescriptor.Singleton<IProactiveTurns, Proactive.ProactiveTurns>());
        services.AddCoordinatorDirectory(configuration);
        return services;
    }

    public static IApplicationBuilder UseBotFrameworkAdapter(this IApplicationBuilder app) => app.UseDirectLine();

    public static IEndpointRouteBuilder MapBotFrameworkAdapter(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapBotConnector();
        endpoints.MapDirectLine();
        return endpoints;
    }
}
