using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OppAssistant.Web.Tests;

/// <summary>
/// One in-process host per test (TodoApi's TodoApplication idea): its own SQLite folder, settings given as
/// pairs, every log line captured so tests can prove no user text is logged, and a chosen remote address,
/// because local mode only accepts loopback callers and the in-memory server has no address of its own.
/// </summary>
public sealed class OppAssistantApplication : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? configureServices;

    public OppAssistantApplication(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "oppassistant-tests", Guid.NewGuid().ToString("n"));
        this.settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = DataDirectory,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            this.settings[key] = value;
        }
        this.configureServices = configureServices;
    }

    public string DataDirectory { get; }

    /// <summary>The address requests appear to come from; loopback unless a test says otherwise.</summary>
    public IPAddress? RemoteIp { get; set; } = IPAddress.Loopback;

    public ConcurrentQueue<string> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Logs)));
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IStartupFilter>(new RemoteAddressStartupFilter(this));
            configureServices?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed class RemoteAddressStartupFilter(OppAssistantApplication application) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = application.RemoteIp;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>Keeps every formatted log line, with its exception, for assertions.</summary>
public sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
