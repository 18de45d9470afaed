using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OppAssistant.Core.Storage;
using OppAssistant.Storage.Sqlite;

namespace OppAssistant.Storage;

public static class StorageServiceCollectionExtensions
{
    public const string SqliteFileName = "oppassistant.db";

    /// <summary>Registers IDocumentStore, IActivityLog and IStorageProbe for the configured provider.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .Configure(o => o.PostgreSqlConnectionString = configuration.GetConnectionString(StorageOptions.PostgreSqlConnectionStringName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var directory = Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, options.DataDirectory);
            return new SqliteStore(Path.Combine(directory, SqliteFileName), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IDocumentStore>(sp => sp.GetRequiredService<SqliteStore>());
        services.AddSingleton<IActivityLog>(sp => sp.GetRequiredService<SqliteStore>());
        services.AddSingleton<IStorageProbe>(sp => sp.GetRequiredService<SqliteStore>());
        return services;
    }
}
