namespace OppAssistant.Web;

/// <summary>Logging, health checks and the start-up summary.</summary>
internal static class Operations
{
    public static WebApplicationBuilder AddOperationalLogging(this WebApplicationBuilder builder) => builder;

    public static IServiceCollection AddOperationalHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks();
        return services;
    }

    public static void LogStartupSummary(this WebApplication app)
    {
    }
}
