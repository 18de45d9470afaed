using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OppAssistant.BotFramework.Connector;

/// <summary>POST /api/messages: Azure Bot Service (Teams) in, connector REST out.</summary>
public static class BotConnectorEndpoints
{
    public static IServiceCollection AddBotConnector(this IServiceCollection services, IConfiguration configuration) => services;

    public static IEndpointRouteBuilder MapBotConnector(this IEndpointRouteBuilder endpoints) => endpoints;
}
