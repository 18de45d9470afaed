using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OppAssistant.Core.Storage;
using OppAssistant.Storage.Postgres;
using OppAssistant.Storage.Retention;
using OppAssistant.Storage.Sqlite;

namespace OppAssistant.Storage;

public static class StorageServiceCollectionExtensions
{
    public const string SqliteFileName = "oppassistant.db";

    /// <summary>
    /// Registers IDocumentStore, IActivityLog and IStorageProbe for the configured provider: PostgreSQL when
    /// <c>ConnectionStrings:PostgreSql</c> is set (schema migrated at start), SQLite otherwise. Also registers the
    /// activity-log retention service.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .Configure(o => o.PostgreSqlConnectionString = configuration.GetConnectionString(StorageOptions.PostgreSqlConnectionStringName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var directory = Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, options.DataDirectory);
            return new SqliteStore(Path.Combine(directory, SqliteFileName), sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp => new PostgresStore(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.PostgreSqlConnectionString!,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<PostgresStore>>()));
        services.TryAddSingleton<IDocumentStore>(Selected<IDocumentStore>);
        services.TryAddSingleton<IActivityLog>(Selected<IActivityLog>);
        services.TryAddSingleton<IStorageProbe>(Selected<IStorageProbe>);
        // Hosted services start in registration order; the migration runs earlier still, in StartingAsync.
        services.AddHostedService<StorageStartup>();
        services.AddHostedService<ActivityRetentionService>();
        return services;
    }

    /// <summary>Only the selected store is ever constructed; the other registration stays unresolved.</summary>
    private static T Selected<T>(IServiceProvider services)
        where T : class =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value.UsesPostgreSql
            ? (T)(object)services.GetRequiredService<PostgresStore>()
            : (T)(object)services.GetRequiredService<SqliteStore>();
}
