using Microsoft.Extensions.Diagnostics.HealthChecks;
using OppAssistant.Core.Storage;

namespace OppAssistant.Web;

/// <summary>Logging, health checks and the start-up summary.</summary>
internal static partial class Operations
{
    public static WebApplicationBuilder AddOperationalLogging(this WebApplicationBuilder builder)
    {
        // JSON lines in production for log shippers; the simple console for a local run.
        if (!builder.Environment.IsDevelopment() && !builder.Environment.IsEnvironment("Testing"))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = false);
        }
        return builder;
    }

    public static IServiceCollection AddOperationalHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        return services;
    }

    public static void LogStartupSummary(this WebApplication app)
    {
        var probe = app.Services.GetRequiredService<IStorageProbe>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OppAssistant");
        app.Lifetime.ApplicationStarted.Register(() => LogStarted(logger, probe.ProviderName, string.Join(", ", app.Urls)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "OppAssistant started: storage {Provider}, listening on {Urls}; the Web Chat page is at the root URL")]
    private static partial void LogStarted(ILogger logger, string provider, string urls);

    private sealed class StorageHealthCheck(IStorageProbe probe) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await probe.IsReachableAsync(cancellationToken).ConfigureAwait(false)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("storage unreachable");
    }
}
