using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OppAssistant.Core.Content;
using OppAssistant.Core.Drafting;

namespace OppAssistant.Drafting.AI;

public static partial class AiDraftingServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <c>AiDrafting</c> and, when <see cref="AiDraftingOptions.Enabled"/>, makes
    /// <see cref="IDraftingAssistant"/> the AI assistant; otherwise the null assistant of Core stays. Only the
    /// selected one is ever built, so with drafting off no client, kernel or prompt is loaded.
    /// </summary>
    public static IServiceCollection AddAiDrafting(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AiDraftingOptions>()
            .Bind(configuration.GetSection(AiDraftingOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AiDraftingOptions>, AiDraftingOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AiDraftingOptions>>().Value;
            return new AiDraftingAssistant(
                ChatClientFactory.Create(options),
                DraftingPrompts.Load(options.ResolvedPromptsDirectory, sp.GetRequiredService<DialogCatalog>()),
                options,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<AiDraftingAssistant>>());
        });
        services.Replace(ServiceDescriptor.Singleton<IDraftingAssistant>(sp =>
            sp.GetRequiredService<IOptions<AiDraftingOptions>>().Value.Enabled
                ? sp.GetRequiredService<AiDraftingAssistant>()
                : new NoDraftingAssistant()));
        services.AddHostedService<AiDraftingNotice>();
        return services;
    }

    /// <summary>Says at start whether AI drafting is on, and where it sends (pseudonymised) text.</summary>
    private sealed partial class AiDraftingNotice(IOptions<AiDraftingOptions> options, ILogger<AiDraftingNotice> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var value = options.Value;
            if (value.Enabled)
            {
                LogEnabled(value.ApiStyle, new Uri(value.Endpoint!).Host, value.ModelOrDeployment ?? "", value.TimeoutSeconds);
            }
            else
            {
                LogDisabled();
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "AI drafting is on: {ApiStyle} at {Host}, model {Model}, {TimeoutSeconds} s per suggestion; names, dates, addresses and numbers are replaced by placeholders before sending")]
        private partial void LogEnabled(AiApiStyle apiStyle, string host, string model, int timeoutSeconds);

        [LoggerMessage(Level = LogLevel.Information, Message = "AI drafting is off (AiDrafting:Enabled is false); the assistant uses its templates only")]
        private partial void LogDisabled();
    }
}
