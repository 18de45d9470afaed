using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OppAssistant.BotFramework.DirectLine;

/// <summary>The self-hosted Direct Line 3.0 subset that Web Chat talks to.</summary>
public static class DirectLineEndpoints
{
    public static IServiceCollection AddDirectLine(this IServiceCollection services, IConfiguration configuration) => services;

    public static IApplicationBuilder UseDirectLine(this IApplicationBuilder app) => app;

    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder endpoints) => endpoints;
}
