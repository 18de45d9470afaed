using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OppAssistant.Storage.Postgres;

namespace OppAssistant.Storage;

/// <summary>
/// Migrates the PostgreSQL schema once at start. It runs in <see cref="StartingAsync"/>, before any hosted
/// service (the web server, the retention service) starts, and stops the host with a clear message when the
/// database cannot be reached, instead of failing on the first user's turn.
/// </summary>
internal sealed partial class StorageStartup(
    IOptions<StorageOptions> options,
    IServiceProvider services,
    ILogger<StorageStartup> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.UsesPostgreSql)
        {
            return;
        }
        var store = services.GetRequiredService<PostgresStore>();
        try
        {
            var version = await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
            LogReady(store.Describe(), version);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            // Npgsql's messages name the host and the failure, never the password; the connection string is not repeated.
            throw new InvalidOperationException(
                $"PostgreSQL at {store.Describe()} (ConnectionStrings:PostgreSql) could not be reached or migrated: {e.Message}", e);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL storage ready at {Database}, schema version {Version}")]
    private partial void LogReady(string database, int version);
}
