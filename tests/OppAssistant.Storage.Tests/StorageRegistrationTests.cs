using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OppAssistant.Core.Storage;
using OppAssistant.Storage.Postgres;
using OppAssistant.Storage.Retention;
using OppAssistant.Storage.Sqlite;

namespace OppAssistant.Storage.Tests;

public sealed class StorageRegistrationTests : IDisposable
{
    private readonly string contentRoot = Directory.CreateTempSubdirectory("oppassistant-host-").FullName;
    private readonly CapturingLoggerProvider logs = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_PostgreSql_connection_string_SQLite_serves_all_three_interfaces()
    {
        using var host = Build([]);
        await host.StartAsync(Token);

        var documents = host.Services.GetRequiredService<IDocumentStore>();
        Assert.IsType<SqliteStore>(documents);
        Assert.Same(documents, host.Services.GetRequiredService<IActivityLog>());
        Assert.Same(documents, host.Services.GetRequiredService<IStorageProbe>());
        Assert.True(File.Exists(Path.Combine(contentRoot, "data", StorageServiceCollectionExtensions.SqliteFileName)));
        Assert.Contains(host.Services.GetServices<IHostedService>(), s => s is ActivityRetentionService);
        await host.StopAsync(Token);
    }

    [Fact]
    public void With_a_PostgreSql_connection_string_PostgreSQL_serves_all_three_interfaces()
    {
        using var host = Build(new() { ["ConnectionStrings:PostgreSql"] = "Host=127.0.0.1;Port=1;Username=u;Password=p;Database=d" });

        var documents = host.Services.GetRequiredService<IDocumentStore>();
        Assert.IsType<PostgresStore>(documents);
        Assert.Same(documents, host.Services.GetRequiredService<IActivityLog>());
        Assert.Same(documents, host.Services.GetRequiredService<IStorageProbe>());
        Assert.False(File.Exists(Path.Combine(contentRoot, "data", StorageServiceCollectionExtensions.SqliteFileName)));
    }

    [Fact]
    public async Task An_unreachable_PostgreSQL_stops_the_start_with_a_message_naming_the_setting_but_not_the_password()
    {
        const string password = "s3cret-pa55word";
        // Port 1 on loopback: refused at once, no network beyond this machine.
        using var host = Build(new()
        {
            ["ConnectionStrings:PostgreSql"] = $"Host=127.0.0.1;Port=1;Username=oppassistant;Password={password};Database=opp;Timeout=5",
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(Token));

        Assert.Contains("ConnectionStrings:PostgreSql", error.Message);
        Assert.Contains("127.0.0.1:1/opp", error.Message);
        Assert.DoesNotContain(password, error.ToString());
        Assert.DoesNotContain(logs.Messages, m => m.Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_invalid_retention_setting_stops_the_start()
    {
        using var host = Build(new() { ["Storage:ActivityRetention"] = "00:01:00" });

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync(Token));

        Assert.Contains("Storage:ActivityRetention", error.Message);
    }

    private IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = "Testing",
            ContentRootPath = contentRoot,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(logs);
        builder.Services.AddStorage(builder.Configuration);
        return builder.Build();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(contentRoot, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    /// <summary>Keeps every formatted log message and exception text, to check what would reach the log.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider, ILogger
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> messages = new();

        public IEnumerable<string> Messages => messages;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue(formatter(state, exception) + exception);

        public void Dispose()
        {
        }
    }
}
