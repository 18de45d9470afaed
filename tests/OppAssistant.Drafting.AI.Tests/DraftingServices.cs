using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OppAssistant.Core.Drafting;

namespace OppAssistant.Drafting.AI.Tests;

/// <summary>
/// The drafting as the host registers it (<c>AddAiDrafting</c>), configured by key/value pairs like the host's
/// configuration, with every log line captured.
/// </summary>
internal sealed class DraftingServices : IDisposable
{
    private readonly ServiceProvider provider;

    public DraftingServices(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingLoggerProvider(Logs)));
        // The hulpzinnen come from the dialog catalog, as in the host.
        services.AddSingleton(OppAssistant.Core.Content.DialogCatalog.Load(Path.Combine(Path.GetDirectoryName(Repo.PromptsDirectory)!, "dialogs")));
        services.AddAiDrafting(configuration);
        provider = services.BuildServiceProvider();
    }

    public ConcurrentQueue<string> Logs { get; } = new();

    public IDraftingAssistant Assistant => provider.GetRequiredService<IDraftingAssistant>();

    public IServiceProvider Services => provider;

    /// <summary>Settings for the fake server in the given style; <paramref name="overrides"/> win.</summary>
    public static DraftingServices For(FakeAzureOpenAI fake, AiApiStyle style, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AiDrafting:Enabled"] = "true",
            ["AiDrafting:ApiStyle"] = style.ToString(),
            ["AiDrafting:ApiKey"] = FakeAzureOpenAI.ApiKey,
            ["AiDrafting:PromptsDirectory"] = Repo.PromptsDirectory,
            ["AiDrafting:SchoolNames:0"] = RichPlan.ConfiguredSchool,
            ["AiDrafting:TimeoutSeconds"] = "10",
        };
        if (style == AiApiStyle.AzureDeployment)
        {
            settings["AiDrafting:Endpoint"] = fake.BaseAddress.ToString();
            settings["AiDrafting:Deployment"] = "gpt-4o-opp";
        }
        else
        {
            settings["AiDrafting:Endpoint"] = new Uri(fake.BaseAddress, "/openai/v1/").ToString();
            settings["AiDrafting:Model"] = "gpt-4o-opp";
        }
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return new DraftingServices(settings);
    }

    public void Dispose() => provider.Dispose();

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, logs);

        public void Dispose()
        {
        }
    }

    /// <summary>Keeps the formatted message and every structured value, so a test sees all a log sink would.</summary>
    private sealed class CapturingLogger(string category, ConcurrentQueue<string> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            logs.Enqueue($"{logLevel} {category}: {formatter(state, exception)} | {values} | {exception}");
        }
    }
}
