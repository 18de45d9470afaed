using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OppAssistant.BotFramework.Auth;
using OppAssistant.BotFramework.Connector;
using OppAssistant.BotFramework.Protocol;
using OppAssistant.Core.Pupil;

namespace OppAssistant.BotFramework.Safeguarding;

/// <summary>
/// Delivers a safeguarding notice to every designated person in a 1:1 Teams chat with the bot: the chat is created
/// through the Bot Connector (POST /v3/conversations with the person's Entra object id and the tenant) once per
/// person and instance, then the notice goes there as a Markdown message. Persons are reached in parallel and
/// independently; a failure is counted, never thrown. Logs hold the alert id, counts and status codes only.
/// The bot must be installed for each person (personal scope), or Teams refuses the chat.
/// </summary>
public sealed partial class TeamsSafeguardingNotifier : ISafeguardingNotifier
{
    private const string TeamsChannelId = "msteams";
    private const string TeamsBotIdPrefix = "28:";

    private readonly IServiceScopeFactory scopes;
    private readonly ILogger<TeamsSafeguardingNotifier> logger;
    private readonly IReadOnlyList<string> persons;
    private readonly string serviceUrl;
    private readonly string tenantId;
    private readonly string botId;
    private readonly ConcurrentDictionary<string, string> conversations = new(StringComparer.OrdinalIgnoreCase);

    public TeamsSafeguardingNotifier(
        IServiceScopeFactory scopes,
        IOptions<SafeguardingOptions> options,
        IOptions<BotAppOptions> app,
        TrustedServiceUrls trustedServiceUrls,
        ILogger<TeamsSafeguardingNotifier> logger)
    {
        this.scopes = scopes;
        this.logger = logger;
        var settings = options.Value;
        var appOptions = app.Value;
        CanNotify = settings.IsConfigured(appOptions);
        persons = CanNotify ? settings.ResolvePersons() : [];
        serviceUrl = settings.TeamsServiceUrl?.Trim() ?? "";
        tenantId = settings.ResolveTenantId(appOptions) ?? "";
        botId = TeamsBotIdPrefix + appOptions.MicrosoftAppId?.Trim();
        if (CanNotify)
        {
            // No incoming token names this URL; it is trusted because the operator configured it (validated https).
            trustedServiceUrls.TrustConfigured(serviceUrl);
        }
    }

    public bool CanNotify { get; }

    public async Task<SafeguardingDelivery> NotifyAsync(SafeguardingNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (!CanNotify)
        {
            return new SafeguardingDelivery(0, 0);
        }
        using var scope = scopes.CreateScope();
        var connector = scope.ServiceProvider.GetRequiredService<BotConnectorClient>();
        var reached = await Task.WhenAll(persons.Select(person => NotifyPersonAsync(connector, person, notice, cancellationToken))).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var delivered = reached.Count(r => r);
        var failed = reached.Length - delivered;
        LogNotified(failed == 0 ? LogLevel.Information : LogLevel.Warning, notice.AlertId, delivered, failed);
        return new SafeguardingDelivery(delivered, failed);
    }

    private async Task<bool> NotifyPersonAsync(BotConnectorClient connector, string person, SafeguardingNotice notice, CancellationToken cancellationToken)
    {
        var reused = conversations.TryGetValue(person, out var known);
        var outcome = await TryDeliverAsync(connector, person, known, notice, cancellationToken).ConfigureAwait(false);
        if (outcome.Delivered)
        {
            return true;
        }
        // Gone or no longer open to the bot: forget the chat, so it is created again (now, if it was only remembered).
        conversations.TryRemove(person, out _);
        if (reused && outcome.Step == Step.Send && outcome.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            outcome = await TryDeliverAsync(connector, person, null, notice, cancellationToken).ConfigureAwait(false);
            if (outcome.Delivered)
            {
                return true;
            }
            conversations.TryRemove(person, out _);
        }
        LogPersonFailed(notice.AlertId, outcome.Step.ToString(), outcome.ExceptionType ?? "", (int?)outcome.StatusCode);
        return false;
    }

    private async Task<Outcome> TryDeliverAsync(
        BotConnectorClient connector, string person, string? conversationId, SafeguardingNotice notice, CancellationToken cancellationToken)
    {
        var step = Step.Create;
        try
        {
            if (conversationId is null)
            {
                conversationId = await connector.CreateConversationAsync(serviceUrl, Parameters(person), cancellationToken).ConfigureAwait(false);
                conversations[person] = conversationId;
            }
            step = Step.Send;
            await connector.SendToConversationAsync(Message(conversationId, notice), cancellationToken).ConfigureAwait(false);
            return new Outcome(true, step, null, null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Only the type and status: exception messages may carry URLs, and those carry conversation ids.
            return new Outcome(false, step, e.GetType().Name, (e as BotConnectorException)?.StatusCode);
        }
    }

    /// <summary>A 1:1 chat (Bot Connector REST "Create Conversation"; Teams "Send proactive messages").</summary>
    private ConversationParameters Parameters(string person) => new()
    {
        IsGroup = false,
        Bot = new ChannelAccount { Id = botId },
        Members = [new ChannelAccount { Id = person, AadObjectId = person }],
        TenantId = tenantId,
        ChannelData = TeamsTenantChannelData.For(tenantId),
    };

    private Activity Message(string conversationId, SafeguardingNotice notice) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = TeamsChannelId,
        ServiceUrl = serviceUrl,
        From = new ChannelAccount { Id = botId },
        Conversation = new ConversationAccount { Id = conversationId, ConversationType = "personal", TenantId = tenantId },
        Text = notice.Text,
        TextFormat = "markdown",
    };

    private enum Step
    {
        Create,
        Send,
    }

    private sealed record Outcome(bool Delivered, Step Step, string? ExceptionType, HttpStatusCode? StatusCode);

    [LoggerMessage(Message = "Safeguarding alert {AlertId}: Teams notice delivered to {Delivered} designated person(s), {Failed} not reached")]
    private partial void LogNotified(LogLevel level, string alertId, int delivered, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Safeguarding alert {AlertId}: a designated person was not reached ({Step} failed: {ExceptionType}, HTTP {StatusCode})")]
    private partial void LogPersonFailed(string alertId, string step, string exceptionType, int? statusCode);
}

/// <summary>Registers the Teams delivery of safeguarding notices; part of <see cref="BotFrameworkAdapter.AddBotFrameworkAdapter"/>.</summary>
internal static partial class SafeguardingRegistration
{
    public static IServiceCollection AddTeamsSafeguarding(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<SafeguardingOptions>, SafeguardingOptionsValidator>();
        services.AddOptions<SafeguardingOptions>().Bind(configuration.GetSection(SafeguardingOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<TeamsSafeguardingNotifier>();
        // Replaces the core's NoSafeguardingNotifier, but only when Teams can be reached.
        services.Replace(ServiceDescriptor.Singleton<ISafeguardingNotifier>(sp =>
            sp.GetRequiredService<IOptions<SafeguardingOptions>>().Value.IsConfigured(sp.GetRequiredService<IOptions<BotAppOptions>>().Value)
                ? sp.GetRequiredService<TeamsSafeguardingNotifier>()
                : new NoSafeguardingNotifier()));
        services.AddHostedService<SafeguardingStartupNotice>();
        return services;
    }

    /// <summary>Says at start whether designated persons hear of alerts in Teams (a count, never their ids).</summary>
    private sealed partial class SafeguardingStartupNotice(
        IOptions<SafeguardingOptions> options, IOptions<BotAppOptions> app, ILogger<SafeguardingStartupNotice> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.Value.IsConfigured(app.Value))
            {
                LogOn(options.Value.ResolvePersons().Count);
            }
            else
            {
                LogOff();
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "Safeguarding alerts are sent through Teams to {Count} designated person(s)")]
        private partial void LogOn(int count);

        [LoggerMessage(Level = LogLevel.Information, Message = "Safeguarding alerts are not sent through Teams (Safeguarding:DesignatedPersons is empty); they are only in the coordinator's list")]
        private partial void LogOff();
    }
}
