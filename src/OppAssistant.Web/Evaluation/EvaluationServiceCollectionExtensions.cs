using Microsoft.Extensions.Options;
using OppAssistant.Core.Evaluation;
using OppAssistant.Web.Evaluation;

// In the host's namespace, like the other registrations Program.cs calls, so it needs no using of its own.
namespace OppAssistant.Web;

public static class EvaluationReminderServiceCollectionExtensions
{
    /// <summary>The evaluation reminder: its options (section <c>Evaluation</c>, checked on start) and its hosted service.</summary>
    public static IServiceCollection AddEvaluationReminders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EvaluationOptions>().Bind(configuration.GetSection(EvaluationOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EvaluationOptions>, EvaluationOptionsValidator>();
        services.AddSingleton<EvaluationReminders>();
        services.AddSingleton<EvaluationReminderService>();
        services.AddHostedService(sp => sp.GetRequiredService<EvaluationReminderService>());
        return services;
    }
}
